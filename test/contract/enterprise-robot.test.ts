import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { startSandbox } from '../../mock-server/src/start.ts';
import { inbox } from '../helpers/messaging.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const require = createRequire(import.meta.url);
// The SDK is CommonJS and loaded with require(), so its types are taken as `typeof import()`.
/* eslint-disable @typescript-eslint/consistent-type-imports */
type RobotModule = typeof import('@alicloud/dingtalk/dist/robot_1_0/client.js');
type OpenApi = typeof import('@alicloud/openapi-client');
type TeaUtil = typeof import('@alicloud/tea-util');
/* eslint-enable @typescript-eslint/consistent-type-imports */

async function apiToken(s: TestSandbox, app = s.main): Promise<string> {
  const r = await s.request('POST', '/v1.0/oauth2/accessToken', {
    json: { appKey: app.appKey, appSecret: app.appSecret },
  });
  return (r.json() as { accessToken: string }).accessToken;
}

async function api(s: TestSandbox, path: string, token: string, json: unknown) {
  const r = await s.request('POST', path, { json, headers: { 'x-acs-dingtalk-access-token': token } });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> };
}

const md = JSON.stringify({ title: '周报', text: '### 周报\n**活跃** 1.2 万' });

function ready() {
  const s = makeSandbox();
  s.main.scopes.push('qyapi_robot_sendmsg');
  return s;
}

describe('enterprise robot: oToMessages/batchSend', () => {
  it('M4 without qyapi_robot_sendmsg the app gets 403 with the required scope', async () => {
    const s = makeSandbox();
    const r = await api(s, '/v1.0/robot/oToMessages/batchSend', await apiToken(s), {
      robotCode: s.main.appKey,
      userIds: [GUIDE_ADMIN_USERID],
      msgKey: 'sampleMarkdown',
      msgParam: md,
    });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      accessdenieddetail: { requiredScopes: ['qyapi_robot_sendmsg'] },
    });
  });

  it('sends sampleMarkdown one-to-one: processQueryKey, invalid staff listed, inbox shows it, readStatus follows reads', async () => {
    const s = ready();
    const token = await apiToken(s);
    const r = await api(s, '/v1.0/robot/oToMessages/batchSend', token, {
      robotCode: s.main.appKey,
      userIds: [GUIDE_ADMIN_USERID, 'ghost'],
      msgKey: 'sampleMarkdown',
      msgParam: md,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      processQueryKey: expect.any(String),
      invalidStaffIdList: ['ghost'],
      flowControlledStaffIdList: [],
    });
    const [m] = await inbox(s, GUIDE_ADMIN_USERID);
    expect(m).toMatchObject({
      source: 'appRobot',
      msgtype: 'sampleMarkdown',
      title: '周报',
      read: false,
      sender: { kind: 'appRobot', name: '观远BI' },
    });

    const key = encodeURIComponent(String(r.body.processQueryKey));
    const status = async () =>
      (
        await s.request(
          'GET',
          `/v1.0/robot/oToMessages/readStatus?robotCode=${s.main.appKey}&processQueryKey=${key}`,
          {
            headers: { 'x-acs-dingtalk-access-token': token },
          },
        )
      ).json() as { messageReadInfoList: { userId: string; readStatus: string }[] };
    expect((await status()).messageReadInfoList).toEqual([
      expect.objectContaining({ userId: GUIDE_ADMIN_USERID, readStatus: 'UNREAD' }),
    ]);
    await s.request(
      'POST',
      `/__sandbox/api/tenants/${s.tenant.corpId}/inbox/${GUIDE_ADMIN_USERID}/${m!.messageId}/read`,
    );
    expect((await status()).messageReadInfoList[0]!.readStatus).toBe('READ');
  });

  it('normalises every supported msgKey', async () => {
    const s = ready();
    const token = await apiToken(s);
    const cases: [string, Record<string, string>, string][] = [
      ['sampleText', { content: '你好' }, 'text'],
      [
        'sampleLink',
        { title: '看板', text: '点开', messageUrl: 'https://bi.example.com', picUrl: '' },
        'link',
      ],
      [
        'sampleActionCard',
        { title: 't', text: 'x', singleTitle: '查看', singleURL: 'https://a' },
        'actionCard',
      ],
      [
        'sampleActionCard2',
        {
          title: 't',
          text: 'x',
          actionTitle1: 'a',
          actionURL1: 'https://a',
          actionTitle2: 'b',
          actionURL2: 'https://b',
        },
        'actionCard',
      ],
      [
        'sampleActionCard6',
        {
          title: 't',
          text: 'x',
          buttonTitle1: 'a',
          buttonUrl1: 'https://a',
          buttonTitle2: 'b',
          buttonUrl2: 'https://b',
        },
        'actionCard',
      ],
      ['sampleImageMsg', { photoURL: 'https://bi.example.com/p.png' }, 'image'],
      ['sampleFile', { mediaId: '@lAz', fileName: '报表.xlsx', fileType: 'xlsx' }, 'file'],
    ];
    for (const [msgKey, param] of cases) {
      const r = await api(s, '/v1.0/robot/oToMessages/batchSend', token, {
        robotCode: s.main.appKey,
        userIds: [GUIDE_ADMIN_USERID],
        msgKey,
        msgParam: JSON.stringify(param),
      });
      expect(r.status, msgKey).toBe(200);
    }
    const types = (await inbox(s, GUIDE_ADMIN_USERID)).map((m) => m.content.type).reverse();
    expect(types).toEqual(cases.map((c) => c[2]));
  });

  it('refuses a wrong robotCode (400 invalidParameter.robotCode.notExsit) and another app’s (robotCode.auth)', async () => {
    const s = ready();
    const token = await apiToken(s);
    const send = (robotCode: string) =>
      api(s, '/v1.0/robot/oToMessages/batchSend', token, {
        robotCode,
        userIds: [GUIDE_ADMIN_USERID],
        msgKey: 'sampleText',
        msgParam: '{"content":"x"}',
      });
    const wrong = await send(String(s.main.agentId));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({
      code: 'invalidParameter.robotCode.notExsit',
      message: '错误描述: robot 不存在；解决方案:请确认 robotCode 是否正确；',
    });
    expect((await send(s.lacking.appKey)).body).toMatchObject({ code: 'invalidParameter.robotCode.auth' });
  });

  it('refuses msgParam that is not JSON, an unknown msgKey, a missing field, too many or no userIds', async () => {
    const s = ready();
    const token = await apiToken(s);
    const send = (body: Record<string, unknown>) =>
      api(s, '/v1.0/robot/oToMessages/batchSend', token, {
        robotCode: s.main.appKey,
        userIds: [GUIDE_ADMIN_USERID],
        msgKey: 'sampleMarkdown',
        msgParam: md,
        ...body,
      });
    expect((await send({ msgParam: '{title:' })).body).toMatchObject({
      code: 'invalidParameter.msgParam.invalid',
      message: '错误描述:msgParam格式不正确;解决方案:请使用json格式;',
    });
    const unknown = await send({ msgKey: 'sampleMarkdoswn' });
    expect(unknown.body.code).toBe('invalidParameter.msgKey.invalid');
    expect(unknown.body.message).toContain('不支持类型 sampleMarkdoswn');
    const noTitle = await send({ msgParam: JSON.stringify({ text: 'x' }) });
    expect(noTitle).toMatchObject({ status: 400, body: { code: 'miss.param.markdownTotitle' } });
    const many = await send({ userIds: Array.from({ length: 21 }, (_, i) => `u${i}`) });
    expect(many.body.code).toBe('invalidParameter.userIds.overMax');
    const missing = await api(s, '/v1.0/robot/oToMessages/batchSend', token, {
      robotCode: s.main.appKey,
      msgKey: 'sampleText',
      msgParam: '{}',
    });
    expect(missing).toMatchObject({
      status: 400,
      body: { code: 'MissinguserIds', message: 'userIds is mandatory for this action.' },
    });
  });

  it('routes the path exactly as DingTalk does: otoMessages/batchSend (lower o) is not an endpoint', async () => {
    const s = ready();
    const r = await api(s, '/v1.0/robot/otoMessages/batchSend', await apiToken(s), {
      robotCode: s.main.appKey,
    });
    expect(r.status).toBe(404);
  });
});

describe('enterprise robot: groupMessages/send', () => {
  it('posts into a group by openConversationId and answers a processQueryKey', async () => {
    const s = ready();
    const chat = s.tenant.messaging.chats.list()[0]!;
    const r = await api(s, '/v1.0/robot/groupMessages/send', await apiToken(s), {
      robotCode: s.main.appKey,
      openConversationId: chat.openConversationId,
      msgKey: 'sampleMarkdown',
      msgParam: md,
    });
    expect(r).toEqual({ status: 200, body: { processQueryKey: expect.any(String) } });
    const [m] = s.tenant.messaging.chats.messagesOf(chat.openConversationId);
    expect(m).toMatchObject({
      sender: { kind: 'appRobot', appKey: s.main.appKey },
      msgtype: 'sampleMarkdown',
      processQueryKey: r.body.processQueryKey,
    });
  });

  it('refuses an unknown group with 400 invalidParameter.openConversationId.invalid', async () => {
    const s = ready();
    const r = await api(s, '/v1.0/robot/groupMessages/send', await apiToken(s), {
      robotCode: s.main.appKey,
      openConversationId: 'cidNOPE==',
      msgKey: 'sampleText',
      msgParam: '{"content":"x"}',
    });
    expect(r).toMatchObject({
      status: 400,
      body: { code: 'invalidParameter.openConversationId.invalid', message: '无效的会话id' },
    });
  });
});

describe('the official SDK (@alicloud/dingtalk robot_1_0) against a listening sandbox', () => {
  it('batchSendOTO succeeds and a wrong robotCode surfaces as the SDK error code', async () => {
    const robot = require('@alicloud/dingtalk/dist/robot_1_0/client.js') as RobotModule;
    const { Config } = require('@alicloud/openapi-client') as OpenApi;
    const { RuntimeOptions } = require('@alicloud/tea-util') as TeaUtil;
    const sb = await startSandbox({ port: 0 });
    try {
      const app = sb.defaultTenant.listApps()[0]!;
      app.scopes.push('qyapi_robot_sendmsg');
      const token = sb.defaultTenant.appTokens.issue(app.appKey, sb.defaultTenant.clock.now()).token;
      const client = new robot.default(new Config({ protocol: 'http', endpoint: `127.0.0.1:${sb.port}` }));
      const headers = new robot.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: token });
      const ok = await client.batchSendOTOWithOptions(
        new robot.BatchSendOTORequest({
          robotCode: app.appKey,
          userIds: [GUIDE_ADMIN_USERID],
          msgKey: 'sampleText',
          msgParam: '{"content":"hi"}',
        }),
        headers,
        new RuntimeOptions({}),
      );
      expect(ok.body?.processQueryKey).toEqual(expect.any(String));
      const refused = client.batchSendOTOWithOptions(
        new robot.BatchSendOTORequest({
          robotCode: 'nope',
          userIds: [GUIDE_ADMIN_USERID],
          msgKey: 'sampleText',
          msgParam: '{"content":"hi"}',
        }),
        headers,
        new RuntimeOptions({}),
      );
      await expect(refused).rejects.toMatchObject({ code: 'invalidParameter.robotCode.notExsit' });
    } finally {
      await sb.stop();
    }
  });
});
