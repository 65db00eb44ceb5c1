/**
 * B5: a person sends the bot a picture or a file. The callback carries DingTalk's `content` with a
 * `downloadCode` (a picture also `pictureDownloadCode`), and the bot trades a code and its robotCode
 * at POST /v1.0/robot/messageFiles/download (x-acs-dingtalk-access-token) for a `downloadUrl` that
 * serves the exact bytes, with the type of the file's extension and nosniff. A wrong code or a
 * robotCode that is not the code's bot is refused in the api envelope; an expired URL is refused.
 * The request replays open-dingtalk/dingtalk-stream-sdk-python dingtalk_stream/chatbot.py
 * (get_image_download_url: POST …/v1.0/robot/messageFiles/download, JSON {robotCode, downloadCode},
 * header x-acs-dingtalk-access-token) — see docs/dingtalk/bot-files.md.
 */
import { describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

/** A 1×1 PNG with a marker after IEND (the bytes must come back exactly). */
const PNG = Buffer.concat([
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
  Buffer.from('sandbox-b5'),
]);

async function setup() {
  const s = makeSandbox();
  const bot = s.tenant.listApps().find((a) => a.robot)!;
  const token = async (app = bot) => {
    const r = await s.request('POST', '/v1.0/oauth2/accessToken', {
      json: { appKey: app.appKey, appSecret: app.appSecret },
    });
    return (r.json() as { accessToken: string }).accessToken;
  };
  const send = async (body: Record<string, unknown>) => {
    const r = await s.request(
      'POST',
      `/__sandbox/api/tenants/${s.tenant.corpId}/bots/${bot.appKey}/messages`,
      {
        json: { from: GUIDE_ADMIN_USERID, conversation: { type: '1' }, ...body },
      },
    );
    expect(r.statusCode).toBe(201);
    return (r.json() as { data: Record<string, unknown> }).data;
  };
  const download = async (accessToken: string, json: unknown) => {
    const r = await s.request('POST', '/v1.0/robot/messageFiles/download', {
      json,
      headers: { 'x-acs-dingtalk-access-token': accessToken },
    });
    return { status: r.statusCode, body: r.json() as Record<string, string> };
  };
  const fetchUrl = (url: string) => s.request('GET', new URL(url).pathname);
  return { s, bot, token, send, download, fetchUrl };
}

describe('files people send to a bot (B5)', () => {
  it('B5: a picture arrives as msgtype picture with content {pictureDownloadCode, downloadCode}; each code gives a downloadUrl serving the same bytes as image/png, nosniff', async () => {
    const { bot, token, send, download, fetchUrl } = await setup();
    const data = await send({
      msgtype: 'picture',
      file: { fileName: 'chart.png', base64: PNG.toString('base64') },
    });
    expect(data).toMatchObject({
      msgtype: 'picture',
      content: { pictureDownloadCode: expect.any(String), downloadCode: expect.any(String) },
      robotCode: bot.appKey,
    });
    expect(data).not.toHaveProperty('text');
    const { pictureDownloadCode, downloadCode } = data.content as Record<string, string>;
    const t = await token();
    for (const code of [downloadCode!, pictureDownloadCode!]) {
      const r = await download(t, { robotCode: bot.appKey, downloadCode: code });
      expect(r).toEqual({ status: 200, body: { downloadUrl: expect.stringMatching(/^http/) } });
      const file = await fetchUrl(r.body.downloadUrl!);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.rawPayload.equals(PNG)).toBe(true);
    }
  });

  it('B5: a file (by a media_id of media/upload) arrives as msgtype file with fileName and downloadCode, and downloads as the same bytes', async () => {
    const { s, bot, token, send, download, fetchUrl } = await setup();
    const pdf = Buffer.from('%PDF-1.4\n% sandbox B5\n');
    const media = s.tenant.media.upload(
      'file',
      { fileName: '周报.pdf', declaredType: 'application/pdf', bytes: pdf, truncated: false },
      s.tenant.clock.now(),
    );
    const data = await send({ msgtype: 'file', mediaId: media.mediaId });
    expect(data).toMatchObject({
      msgtype: 'file',
      content: { fileName: '周报.pdf', downloadCode: expect.any(String) },
    });
    const r = await download(await token(), {
      robotCode: bot.appKey,
      downloadCode: (data.content as Record<string, string>).downloadCode,
    });
    const file = await fetchUrl(r.body.downloadUrl!);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(pdf)).toBe(true);
  });

  it('B5: a wrong downloadCode, a robotCode of another app or of no robot are refused in the api envelope (400 {code, message, requestid}); no scope, 403', async () => {
    const { s, bot, token, send, download } = await setup();
    const data = await send({
      msgtype: 'picture',
      file: { fileName: 'a.png', base64: PNG.toString('base64') },
    });
    const code = (data.content as Record<string, string>).downloadCode!;
    const t = await token();
    expect(await download(t, { robotCode: bot.appKey, downloadCode: 'bm90LWEtY29kZQ==' })).toEqual({
      status: 400,
      body: { code: 'InvalidParameter', message: '参数 downloadCode 不合法', requestid: expect.any(String) },
    });
    expect(await download(t, { robotCode: s.main.appKey, downloadCode: code })).toMatchObject({
      status: 400,
      body: { code: 'invalidParameter.robotCode.auth' },
    });
    expect(await download(t, { robotCode: 'dingnosuchrobot', downloadCode: code })).toMatchObject({
      status: 400,
      body: { code: 'invalidParameter.robotCode.notExsit' },
    });
    // 观远BI holds no qyapi_robot_sendmsg: its token is refused before anything else.
    expect(
      (await download(await token(s.main), { robotCode: s.main.appKey, downloadCode: code })).status,
    ).toBe(403);
    expect((await download(t, { robotCode: bot.appKey })).status).toBe(400);
  });

  it('B5: the downloadUrl expires an hour later on the tenant clock (403, said in words); an invented one is 404', async () => {
    const { s, bot, token, send, download, fetchUrl } = await setup();
    const data = await send({
      msgtype: 'picture',
      file: { fileName: 'a.png', base64: PNG.toString('base64') },
    });
    const r = await download(await token(), {
      robotCode: bot.appKey,
      downloadCode: (data.content as Record<string, string>).downloadCode,
    });
    s.tenant.clock.advance(60 * 60_000 + 1_000);
    const expired = await fetchUrl(r.body.downloadUrl!);
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toContain('expired');
    expect(
      (await fetchUrl(`${new URL(r.body.downloadUrl!).origin}/v1.0/robot/messageFiles/content/nope`))
        .statusCode,
    ).toBe(404);
  });
});
