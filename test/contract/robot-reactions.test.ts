/**
 * What a bot does to messages already sent: a reaction on a person's message (emotion/reply and
 * emotion/recall — not in @alicloud/dingtalk; the request replays soimy/openclaw-channel-dingtalk,
 * src/ack-reaction-service.ts: axios JSON POST with x-acs-dingtalk-access-token, robotCode = the
 * clientId, openMsgId = the callback's msgId, openConversationId, emotionType 2, emotionName
 * "🤔思考中", textEmotion {emotionId "2659900", emotionName, text, backgroundId "im_bg_1"}), and
 * recalls of its own group and one-to-one messages through the official SDK's robot_1_0 client
 * (orgGroupRecall, batchRecallOTO). docs/dingtalk/bot-reactions.md.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../mock-server/src/domain/apps/apps.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/consistent-type-imports */
type RobotModule = typeof import('@alicloud/dingtalk/dist/robot_1_0/client.js');
type OpenApi = typeof import('@alicloud/openapi-client');
type TeaUtil = typeof import('@alicloud/tea-util');
/* eslint-enable @typescript-eslint/consistent-type-imports */
const robot = require('@alicloud/dingtalk/dist/robot_1_0/client.js') as RobotModule;
const { Config } = require('@alicloud/openapi-client') as OpenApi;
const { RuntimeOptions } = require('@alicloud/tea-util') as TeaUtil;

let sb: RunningSandbox;
let bot: App;
let token: string;
let client: InstanceType<RobotModule['default']>;
let headers: InstanceType<RobotModule['OrgGroupRecallHeaders']>;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  bot = sb.defaultTenant.listApps().find((a) => a.robot)!;
  token = sb.defaultTenant.appTokens.issue(bot.appKey, sb.defaultTenant.clock.now()).token;
  client = new robot.default(new Config({ protocol: 'http', endpoint: `127.0.0.1:${sb.port}` }));
  headers = new robot.OrgGroupRecallHeaders({ xAcsDingtalkAccessToken: token });
});
afterAll(() => sb?.stop());

const post = async (path: string, body: unknown, tok = token) => {
  const r = await fetch(`${sb.url}${path}`, {
    method: 'POST',
    headers: { 'x-acs-dingtalk-access-token': tok, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

/** A person writes to the bot one-to-one (admin API); the callback's msgId and conversation. */
async function personWrites(text: string) {
  const r = await fetch(
    `${sb.url}/__sandbox/api/tenants/${sb.defaultTenant.corpId}/bots/${bot.appKey}/messages`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'manager1471', conversation: { type: '1' }, text }),
    },
  );
  const d = (await r.json()) as { conversationId: string; chatMessageId: string; data: { msgId: string } };
  return { conversationId: d.conversationId, chatMessageId: d.chatMessageId, msgId: d.data.msgId };
}

/** The product's reaction request. */
const thinking = (robotCode: string, msgId: string, conversationId: string) => ({
  robotCode,
  openMsgId: msgId,
  openConversationId: conversationId,
  emotionType: 2,
  emotionName: '🤔思考中',
  textEmotion: { emotionId: '2659900', emotionName: '🤔思考中', text: '🤔思考中', backgroundId: 'im_bg_1' },
});

const messageOf = (conversationId: string, id: string) =>
  sb.defaultTenant.messaging.chats.messagesOf(conversationId).find((m) => m.id === id);

describe('reactions on a person’s message (emotion/reply, emotion/recall)', () => {
  it('the product’s 🤔思考中 lands on the person’s message (once, however often it is put) and its recall takes it off', async () => {
    const m = await personWrites('帮我查一下销售额');
    const body = thinking(bot.appKey, m.msgId, m.conversationId);
    for (let i = 0; i < 2; i++) {
      const r = await post('/v1.0/robot/emotion/reply', body);
      expect(r).toEqual({ status: 200, body: { success: true } });
    }
    expect(messageOf(m.conversationId, m.chatMessageId)?.reactions).toEqual([
      { robotCode: bot.appKey, emotionName: '🤔思考中', emotionType: 2, at: expect.any(Number) },
    ]);
    const r = await post('/v1.0/robot/emotion/recall', body);
    expect(r).toEqual({ status: 200, body: { success: true } });
    expect(messageOf(m.conversationId, m.chatMessageId)?.reactions).toBeUndefined();
  });

  it('an unknown openMsgId or conversation is refused 400 in the api envelope (codes inferred); a missing field is DingTalk’s Missing{field}, a broken JSON body a 400', async () => {
    const m = await personWrites('你好');
    const unknownMsg = await post(
      '/v1.0/robot/emotion/reply',
      thinking(bot.appKey, 'msgNOPE', m.conversationId),
    );
    expect(unknownMsg).toMatchObject({
      status: 400,
      body: {
        code: 'invalidParameter.openMsgId.invalid',
        message: '无效的消息id',
        requestid: expect.any(String),
      },
    });
    const unknownChat = await post('/v1.0/robot/emotion/reply', thinking(bot.appKey, m.msgId, 'cidNOPE=='));
    expect(unknownChat).toMatchObject({
      status: 400,
      body: { code: 'invalidParameter.openConversationId.invalid' },
    });
    const { openMsgId: _omit, ...noMsgId } = thinking(bot.appKey, m.msgId, m.conversationId);
    const missing = await post('/v1.0/robot/emotion/reply', noMsgId);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('MissingopenMsgId');
    const notJson = await fetch(`${sb.url}/v1.0/robot/emotion/reply`, {
      method: 'POST',
      headers: { 'x-acs-dingtalk-access-token': token, 'Content-Type': 'application/json' },
      body: '{"robotCode":',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { code?: string }).code).toEqual(expect.any(String));
  });

  it('another app’s robotCode is refused (invalidParameter.robotCode.auth), and without qyapi_robot_sendmsg the call is 403 with the point named', async () => {
    const m = await personWrites('权限');
    const other = sb.defaultTenant.listApps().find((a) => !a.robot)!;
    const mismatch = await post(
      '/v1.0/robot/emotion/reply',
      thinking(other.appKey, m.msgId, m.conversationId),
    );
    expect(mismatch).toMatchObject({ status: 400, body: { code: 'invalidParameter.robotCode.auth' } });
    bot.scopes = bot.scopes.filter((s) => s !== 'qyapi_robot_sendmsg');
    try {
      const r = await post('/v1.0/robot/emotion/reply', thinking(bot.appKey, m.msgId, m.conversationId));
      expect(r).toMatchObject({
        status: 403,
        body: {
          code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
          accessdenieddetail: { requiredScopes: ['qyapi_robot_sendmsg'] },
        },
      });
    } finally {
      bot.scopes.push('qyapi_robot_sendmsg');
    }
  });
});

describe('recalls through the official SDK (robot_1_0 orgGroupRecall, batchRecallOTO)', () => {
  it('orgGroupRecall recalls the bot’s group message by processQueryKey (shown recalled), and lists an unknown key in failedResult', async () => {
    const group = sb.defaultTenant.messaging.chats.add({
      name: '销售群',
      memberUserids: ['manager1471'],
      robotCodes: [bot.appKey],
    });
    const sent = await post('/v1.0/robot/groupMessages/send', {
      robotCode: bot.appKey,
      openConversationId: group.openConversationId,
      msgKey: 'sampleText',
      msgParam: JSON.stringify({ content: '发错了' }),
    });
    const key = String(sent.body.processQueryKey);
    const r = await client.orgGroupRecallWithOptions(
      new robot.OrgGroupRecallRequest({
        robotCode: bot.appKey,
        openConversationId: group.openConversationId,
        processQueryKeys: [key, 'nope'],
      }),
      headers,
      new RuntimeOptions({}),
    );
    expect(r.statusCode).toBe(200);
    expect(r.body?.successResult).toEqual([key]);
    expect(Object.keys(r.body?.failedResult ?? {})).toEqual(['nope']);
    const m = sb.defaultTenant.messaging.chats.find(group.openConversationId, { processQueryKey: key });
    expect(m?.recalledAt).toEqual(expect.any(Number));
    const view = (await (
      await fetch(
        `${sb.url}/__sandbox/api/tenants/${sb.defaultTenant.corpId}/chats/${encodeURIComponent(group.openConversationId)}/messages`,
      )
    ).json()) as { messages: { recalledAt?: number }[] };
    expect(view.messages.at(-1)?.recalledAt).toEqual(expect.any(Number));
  });

  it('batchRecallOTO recalls a one-to-one send (the inbox shows it recalled); an unknown key is in failedResult; an unknown group is refused', async () => {
    const sent = await post('/v1.0/robot/oToMessages/batchSend', {
      robotCode: bot.appKey,
      userIds: ['manager1471'],
      msgKey: 'sampleText',
      msgParam: JSON.stringify({ content: '撤回我' }),
    });
    const key = String(sent.body.processQueryKey);
    const r = await client.batchRecallOTOWithOptions(
      new robot.BatchRecallOTORequest({ robotCode: bot.appKey, processQueryKeys: [key, 'ghost'] }),
      new robot.BatchRecallOTOHeaders({ xAcsDingtalkAccessToken: token }),
      new RuntimeOptions({}),
    );
    expect(r.body?.successResult).toEqual([key]);
    expect(Object.keys(r.body?.failedResult ?? {})).toEqual(['ghost']);
    expect(sb.defaultTenant.messaging.mailbox.findByKey(key)?.recalledAt).toEqual(expect.any(Number));
    const refused = client.orgGroupRecallWithOptions(
      new robot.OrgGroupRecallRequest({
        robotCode: bot.appKey,
        openConversationId: 'cidNOPE==',
        processQueryKeys: [key],
      }),
      headers,
      new RuntimeOptions({}),
    );
    await expect(refused).rejects.toMatchObject({ code: 'invalidParameter.openConversationId.invalid' });
  });
});

describe('the console’s chat page shows reactions and recalls', () => {
  it('a bot’s reaction shows under the person’s message, and a recalled bot message shows as 此消息已被撤回 instead of its text', async () => {
    const m = await personWrites('看看表情');
    await post('/v1.0/robot/emotion/reply', thinking(bot.appKey, m.msgId, m.conversationId));
    const sent = await post('/v1.0/robot/groupMessages/send', {
      robotCode: bot.appKey,
      openConversationId: m.conversationId,
      msgKey: 'sampleText',
      msgParam: JSON.stringify({ content: '这条要撤回' }),
    });
    await client.orgGroupRecallWithOptions(
      new robot.OrgGroupRecallRequest({
        robotCode: bot.appKey,
        openConversationId: m.conversationId,
        processQueryKeys: [String(sent.body.processQueryKey)],
      }),
      headers,
      new RuntimeOptions({}),
    );
    const page = await fetch(
      `${sb.url}/__sandbox/tenants/${sb.defaultTenant.corpId}/chats/${encodeURIComponent(m.conversationId)}`,
    );
    const html = await page.text();
    expect(page.status).toBe(200);
    const person = html.slice(html.indexOf(`data-message-id="${m.chatMessageId}"`));
    expect(person.slice(0, person.indexOf('data-message-id=', 20))).toContain(
      '<span class="dt-reaction" title="' + bot.appKey + '">🤔思考中</span>',
    );
    expect(html).toContain('此消息已被撤回');
    expect(html).not.toContain('这条要撤回');
  });
});
