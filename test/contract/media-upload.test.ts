/**
 * 上传媒体文件 POST /media/upload (docs/dingtalk/messaging.md § Media files): multipart with the file
 * part `media`, `type` in the query or as a form field; DingTalk's limits per type and its codes
 * (40004, 40005, 40006, 41005; 40007 for a message naming an unknown media_id); the uploaded image
 * shown in the recipient's inbox through a work notification, served with its own type and nosniff.
 */
import { inject } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { MediaStore } from '../../mock-server/src/domain/messaging/media.ts';
import { inbox, sendWork } from '../helpers/messaging.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const MB = 1024 * 1024;
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

interface Part {
  name: string;
  value: string | Buffer;
  fileName?: string;
  contentType?: string;
}

/** A multipart/form-data body as curl and the SDKs write it (CRLF, one boundary). */
function multipart(parts: Part[], boundary = '------------------------8d1c6a7e0b2f4a93') {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.fileName !== undefined) head += `; filename="${p.fileName}"`;
    head += '\r\n';
    if (p.contentType) head += `Content-Type: ${p.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(s: TestSandbox, query: string, parts: Part[]) {
  const body = multipart(parts);
  const r = await inject(s.handler, {
    method: 'POST',
    url: `/media/upload?${query}`,
    headers: { 'content-type': body.contentType },
    payload: body.payload,
  });
  return { status: r.statusCode, headers: r.headers, body: r.json() as Record<string, unknown> };
}

const file = (fileName: string, value: Buffer | string, contentType = 'application/octet-stream'): Part => ({
  name: 'media',
  value,
  fileName,
  contentType,
});

describe('media/upload: success (the fields integrations read)', () => {
  it('M1 an image with type in the query: errcode 0, type, media_id "@lA…", created_at in ms', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const before = s.tenant.clock.now();
    const r = await upload(s, `access_token=${token}&type=image`, [file('chart.png', PNG, 'image/png')]);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['created_at', 'errcode', 'errmsg', 'media_id', 'type']);
    expect(r.body).toMatchObject({ errcode: 0, errmsg: 'ok', type: 'image' });
    expect(r.body.media_id).toMatch(/^@lA[\w-]+$/);
    expect(r.body.created_at).toBeGreaterThanOrEqual(before);
    expect(r.body.created_at).toBeLessThanOrEqual(s.tenant.clock.now());
  });

  it('type as a form field, as DingTalk’s own curl sample sends it (file: pdf; video: mp4; voice: amr)', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    for (const [type, name] of [
      ['file', '报表.pdf'],
      ['video', 'demo.mp4'],
      ['voice', 'note.amr'],
    ] as const) {
      const r = await upload(s, `access_token=${token}`, [
        file(name, Buffer.alloc(64, 1)),
        { name: 'type', value: type },
      ]);
      expect(r.body).toMatchObject({ errcode: 0, type });
    }
  });
});

describe('media/upload: DingTalk’s limits and codes', () => {
  const cases: { why: string; query: string; parts: Part[]; errcode: number; errmsg: string }[] = [
    {
      why: 'no type',
      query: '',
      parts: [file('a.png', PNG)],
      errcode: 40004,
      errmsg: '不合法的媒体文件类型',
    },
    {
      why: 'type "gif" (not a media type)',
      query: '&type=gif',
      parts: [file('a.gif', PNG)],
      errcode: 40004,
      errmsg: '不合法的媒体文件类型',
    },
    {
      why: 'an image that is a pdf',
      query: '&type=image',
      parts: [file('a.pdf', PNG)],
      errcode: 40005,
      errmsg: '不合法的文件类型',
    },
    {
      why: 'a file that is an .exe',
      query: '&type=file',
      parts: [file('setup.exe', PNG)],
      errcode: 40005,
      errmsg: '不合法的文件类型',
    },
    {
      why: 'a voice that is an .ogg',
      query: '&type=voice',
      parts: [file('a.ogg', PNG)],
      errcode: 40005,
      errmsg: '不合法的文件类型',
    },
    {
      why: 'a voice over 2 MB',
      query: '&type=voice',
      parts: [file('a.mp3', Buffer.alloc(2 * MB + 1))],
      errcode: 40006,
      errmsg: '不合法的文件大小',
    },
    {
      why: 'an image over 20 MB',
      query: '&type=image',
      parts: [file('a.jpg', Buffer.alloc(20 * MB + 1))],
      errcode: 40006,
      errmsg: '不合法的文件大小',
    },
    {
      why: 'an empty file',
      query: '&type=file',
      parts: [file('a.pdf', Buffer.alloc(0))],
      errcode: 40006,
      errmsg: '不合法的文件大小',
    },
    {
      why: 'no media part',
      query: '&type=image',
      parts: [{ name: 'other', value: 'x' }],
      errcode: 41005,
      errmsg: '缺少多媒体文件数据',
    },
    {
      why: 'media sent as a text field, not a file',
      query: '&type=image',
      parts: [{ name: 'media', value: 'iVBORw0KGgo=' }],
      errcode: 41005,
      errmsg: '缺少多媒体文件数据',
    },
  ];
  for (const c of cases) {
    it(`${c.why}: ${c.errcode} ${c.errmsg}`, async () => {
      const s = makeSandbox();
      const token = await s.tokenFor();
      const r = await upload(s, `access_token=${token}${c.query}`, c.parts);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ errcode: c.errcode, errmsg: c.errmsg });
      expect(r.body.media_id).toBeUndefined();
    });
  }

  it('the upper limits themselves are accepted: a 2 MB voice, a 20 MB image', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const voice = await upload(s, `access_token=${token}&type=voice`, [file('a.wav', Buffer.alloc(2 * MB))]);
    expect(voice.body).toMatchObject({ errcode: 0, type: 'voice' });
    const image = await upload(s, `access_token=${token}&type=image`, [file('a.bmp', Buffer.alloc(20 * MB))]);
    expect(image.body).toMatchObject({ errcode: 0, type: 'image' });
  });

  it('a body over the multipart cap is refused at once as the file’s size (40006), and the connection closes', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const r = await upload(s, `access_token=${token}&type=file`, [file('a.zip', Buffer.alloc(22 * MB))]);
    expect(r.body).toMatchObject({ errcode: 40006, errmsg: '不合法的文件大小' });
    expect(r.headers.connection).toBe('close');
  });

  it('a JSON body (no file at all) is 41005, not a crash', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const r = await s.request('POST', `/media/upload?access_token=${token}&type=image`, {
      json: { media: 'x' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ errcode: 41005 });
  });

  it('malformed multipart — no boundary, or cut off before its end — is 40035 in the legacy envelope, never a 5xx', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const noBoundary = await inject(s.handler, {
      method: 'POST',
      url: `/media/upload?access_token=${token}&type=image`,
      headers: { 'content-type': 'multipart/form-data' },
      payload: 'whatever',
    });
    expect(noBoundary.statusCode).toBe(200);
    expect(noBoundary.json()).toMatchObject({ errcode: 40035, errmsg: '不合法的参数' });
    const body = multipart([file('a.png', PNG)]);
    const cut = await inject(s.handler, {
      method: 'POST',
      url: `/media/upload?access_token=${token}&type=image`,
      headers: { 'content-type': body.contentType },
      payload: body.payload.subarray(0, body.payload.length - 30),
    });
    expect(cut.statusCode).toBe(200);
    expect(cut.json()).toMatchObject({ errcode: 40035, errmsg: '不合法的参数' });
  });

  it('no access token: 41001; a wrong one: 40014 (plain legacy envelope)', async () => {
    const s = makeSandbox();
    const none = await upload(s, 'type=image', [file('a.png', PNG)]);
    expect(none.body).toMatchObject({ errcode: 41001, errmsg: '缺少access_token参数' });
    const wrong = await upload(s, 'access_token=nope&type=image', [file('a.png', PNG)]);
    expect(wrong.body).toMatchObject({ errcode: 40014, errmsg: '不合法的access_token' });
  });

  it('M4 without qyapi_base the upload is refused with the required point (88 / 60011)', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    s.main.scopes = s.main.scopes.filter((x) => x !== 'qyapi_base');
    const r = await upload(s, `access_token=${token}&type=image`, [file('a.png', PNG)]);
    expect(r.body).toMatchObject({ errcode: 88, sub_code: '60011' });
    expect(String(r.body.errmsg)).toContain('requiredScopes=[qyapi_base]');
  });
});

describe('media in work notifications and the inbox', () => {
  async function uploaded(s: TestSandbox, token: string, type: string, part: Part): Promise<string> {
    const r = await upload(s, `access_token=${token}&type=${type}`, [part]);
    expect(r.body.errcode).toBe(0);
    return r.body.media_id as string;
  }

  it('M1 an uploaded image sent as a work notification is shown in the inbox, served as image/png with nosniff', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const mediaId = await uploaded(s, token, 'image', file('chart.png', PNG, 'image/png'));
    const sent = await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: { msgtype: 'image', image: { media_id: mediaId } },
    });
    expect(sent.errcode).toBe(0);
    const [m] = await inbox(s, GUIDE_ADMIN_USERID);
    expect(m!.content).toMatchObject({ type: 'image', mediaId });

    const page = await s.request('GET', `/__sandbox/tenants/${s.tenant.corpId}/inbox/${GUIDE_ADMIN_USERID}`);
    const src = `/__sandbox/tenants/${s.tenant.corpId}/media/${encodeURIComponent(mediaId)}`;
    expect(page.body).toContain(`src="${src}"`);
    const img = await inject(s.handler, { method: 'GET', url: src });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(img.rawPayload.equals(PNG)).toBe(true);
  });

  it('a file message learns its file name and type; the inbox links the file for download', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const mediaId = await uploaded(s, token, 'file', file('月报.xlsx', Buffer.alloc(10, 7)));
    await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: { msgtype: 'file', file: { media_id: mediaId } },
    });
    const [m] = await inbox(s, GUIDE_ADMIN_USERID);
    expect(m!.content).toMatchObject({ type: 'file', mediaId, fileName: '月报.xlsx', fileType: 'xlsx' });
    const page = await s.request('GET', `/__sandbox/tenants/${s.tenant.corpId}/inbox/${GUIDE_ADMIN_USERID}`);
    expect(page.body).toContain('class="dt-media-file"');
    const dl = await inject(s.handler, {
      method: 'GET',
      url: `/__sandbox/tenants/${s.tenant.corpId}/media/${encodeURIComponent(mediaId)}`,
    });
    expect(dl.headers['content-type']).toBe('application/octet-stream');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment;/);
  });

  it('M3 an enterprise robot’s sampleImageMsg whose photoURL is an uploaded media_id shows the image in the inbox', async () => {
    const s = makeSandbox();
    s.main.scopes.push('qyapi_robot_sendmsg');
    const mediaId = await uploaded(s, await s.tokenFor(), 'image', file('chart.png', PNG, 'image/png'));
    const t = await s.request('POST', '/v1.0/oauth2/accessToken', {
      json: { appKey: s.main.appKey, appSecret: s.main.appSecret },
    });
    const r = await s.request('POST', '/v1.0/robot/oToMessages/batchSend', {
      json: {
        robotCode: s.main.appKey,
        userIds: [GUIDE_ADMIN_USERID],
        msgKey: 'sampleImageMsg',
        msgParam: JSON.stringify({ photoURL: mediaId }),
      },
      headers: { 'x-acs-dingtalk-access-token': (t.json() as { accessToken: string }).accessToken },
    });
    expect(r.statusCode).toBe(200);
    const page = await s.request('GET', `/__sandbox/tenants/${s.tenant.corpId}/inbox/${GUIDE_ADMIN_USERID}`);
    expect(page.body).toContain(
      `src="/__sandbox/tenants/${s.tenant.corpId}/media/${encodeURIComponent(mediaId)}"`,
    );
  });

  it('an HTML page uploaded as "x.png" with Content-Type text/html is served as image/png, sandboxed — never as HTML', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const mediaId = await uploaded(
      s,
      token,
      'image',
      file('x.png', '<script>alert(1)</script>', 'text/html'),
    );
    const r = await inject(s.handler, {
      method: 'GET',
      url: `/__sandbox/tenants/${s.tenant.corpId}/media/${encodeURIComponent(mediaId)}`,
    });
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(String(r.headers['content-security-policy'])).toContain('sandbox');
  });

  it('an unknown media_id in an image, file or voice message is refused: 40007 不合法的媒体文件id, nobody receives it', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    for (const msg of [
      { msgtype: 'image', image: { media_id: '@lADOnever' } },
      { msgtype: 'file', file: { media_id: '@lADOnever' } },
      { msgtype: 'voice', voice: { media_id: '@lADOnever', duration: '5' } },
    ]) {
      const r = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg });
      expect(r).toMatchObject({ errcode: 40007, errmsg: '不合法的媒体文件id' });
    }
    expect(await inbox(s, GUIDE_ADMIN_USERID)).toEqual([]);
  });

  it('a media_id of another corp is unknown here (40007); an unknown media URL in the console is a 404 page', async () => {
    const a = makeSandbox();
    const b = makeSandbox();
    const mediaId = await uploaded(a, await a.tokenFor(), 'image', file('a.png', PNG));
    const r = await sendWork(b, await b.tokenFor(), {
      userid_list: GUIDE_ADMIN_USERID,
      msg: { msgtype: 'image', image: { media_id: mediaId } },
    });
    expect(r.errcode).toBe(40007);
    const page = await inject(b.handler, {
      method: 'GET',
      url: `/__sandbox/tenants/${b.tenant.corpId}/media/${encodeURIComponent(mediaId)}`,
    });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
  });
});

describe('media store: bounded per tenant, oldest evicted', () => {
  const part = (n: number) => ({
    fileName: 'a.zip',
    declaredType: '',
    bytes: Buffer.alloc(n),
    truncated: false,
  });

  it('keeps at most its byte budget: the oldest files go first, the newest always stays', () => {
    const store = new MediaStore(100);
    const first = store.upload('file', part(40), 1);
    const second = store.upload('file', part(40), 2);
    const third = store.upload('file', part(40), 3);
    expect(store.get(first.mediaId)).toBeUndefined();
    expect(store.get(second.mediaId)).toBeDefined();
    expect(store.get(third.mediaId)).toBeDefined();
    expect(store.totalBytes).toBe(80);
    const big = store.upload('file', part(150), 4);
    expect(store.get(second.mediaId)).toBeUndefined();
    expect(store.get(third.mediaId)).toBeUndefined();
    expect(store.get(big.mediaId)).toBeDefined();
    expect(store.totalBytes).toBe(150);
  });
});
