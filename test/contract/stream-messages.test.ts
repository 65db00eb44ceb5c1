/**
 * B2/B3/B4/B10 at the API level: a person's message reaches the unmodified `dingtalk-stream` SDK as
 * DingTalk's CALLBACK on /v1.0/im/bot/messages/get, and the bot's reply to the message's
 * sessionWebhook (https://oapi.dingtalk.com/robot/sendBySession?session=…, reached through the
 * register hook's routing) lands in the conversation; expired or invented sessions answer 300001;
 * the 21st reply in a minute to one conversation is refused with DingTalk's throttle code.
 * The bot's replies replay the SDK example's request (open-dingtalk/dingtalk-stream-sdk-nodejs,
 * example/index.ts): axios POST, JSON body {at: {atUserIds, isAtAll}, text: {content}, msgtype}.
 */
import axios from 'axios';
import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamSandbox, until, type StreamSandbox } from '../helpers/stream.ts';

let s: StreamSandbox;
let client: DWClient;
const received: DWClientDownStream[] = [];

beforeAll(async () => {
  s = await streamSandbox();
  client = new DWClient({ clientId: s.bot.appKey, clientSecret: s.bot.appSecret });
  client.registerCallbackListener(TOPIC_ROBOT, (res: DWClientDownStream) => {
    received.push(res);
    client.socketCallBackResponse(res.headers.messageId, { ok: true });
  });
  await client.connect();
});
afterAll(async () => {
  client?.disconnect();
  await s?.stop();
});

/** Delivers through the admin API, then waits for the SDK to get it. */
async function personWrites(body: Record<string, unknown>) {
  const before = received.length;
  const r = await fetch(
    `${s.sb.url}/__sandbox/api/tenants/${s.tenant.corpId}/bots/${s.bot.appKey}/messages`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
  );
  const answer = (await r.json()) as { pushed: boolean; messageId?: string; conversationId: string };
  if (answer.pushed) await until(() => received.length > before, 'the callback');
  const frame = received.at(-1)!;
  return { status: r.status, answer, frame, data: JSON.parse(frame.data) as Record<string, unknown> };
}

/** The SDK example's reply: axios POST to the sessionWebhook. */
async function reply(sessionWebhook: string, body: Record<string, unknown>) {
  const r = await axios({ url: sessionWebhook, method: 'POST', responseType: 'json', data: body });
  return r.data as Record<string, unknown>;
}

const replies = (conversationId: string) =>
  s.tenant.bots.replies(conversationId).map((r) => [r.msgtype, r.content]);

/** A group of the tenant with the bot in it (a person can only @ a bot in a group it was added to). */
const groupWithBot = (name: string) =>
  s.tenant.messaging.chats.add({ name, memberUserids: ['manager1471'], robotCodes: [s.bot.appKey] })
    .openConversationId;

describe('a person writes to the bot, and the bot replies (B2, B3)', () => {
  it('B3: a one-to-one message arrives as DingTalk frames it (CALLBACK headers, data a JSON string, conversationType "1") and a markdown reply lands in that conversation', async () => {
    const { status, answer, frame, data } = await personWrites({
      from: 'manager1471',
      conversation: { type: '1' },
      text: '本月销售额',
    });
    expect(status).toBe(201);
    expect(frame).toMatchObject({
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: {
        appId: s.bot.appId,
        connectionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        contentType: 'application/json',
        messageId: answer.messageId,
        time: expect.stringMatching(/^\d{13}$/),
        topic: '/v1.0/im/bot/messages/get',
      },
    });
    expect(typeof frame.data).toBe('string');
    const user = s.tenant.directory.getUser('manager1471')!;
    expect(data).toEqual({
      conversationId: answer.conversationId,
      chatbotCorpId: s.tenant.corpId,
      chatbotUserId: expect.stringMatching(/^\$:LWCP_v1:\$/),
      msgId: expect.stringMatching(/^msg/),
      senderNick: user.name,
      isAdmin: true,
      senderStaffId: 'manager1471',
      sessionWebhookExpiredTime: (data.createAt as number) + 5_400_000,
      createAt: expect.any(Number),
      senderCorpId: s.tenant.corpId,
      conversationType: '1',
      senderId: expect.stringMatching(/^\$:LWCP_v1:\$/),
      sessionWebhook: expect.stringMatching(
        /^https:\/\/oapi\.dingtalk\.com\/robot\/sendBySession\?session=[0-9a-f]{32}$/,
      ),
      text: { content: '本月销售额' },
      robotCode: s.bot.appKey,
      msgtype: 'text',
    });
    expect(
      await reply(data.sessionWebhook as string, {
        msgtype: 'markdown',
        markdown: { title: '销售额', text: '### 本月销售额\n**128 万**' },
      }),
    ).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(replies(answer.conversationId)).toEqual([
      ['markdown', { type: 'markdown', title: '销售额', text: '### 本月销售额\n**128 万**' }],
    ]);
  });

  it('B2: a group message that @-mentions the bot arrives with conversationType "2", isInAtList, atUsers and DingTalk’s leading space; the text reply lands in the group; without @ nothing is pushed', async () => {
    const group = { type: '2', id: groupWithBot('销售群') };
    const { answer, data } = await personWrites({
      from: 'manager1471',
      conversation: group,
      text: '今天的订单',
    });
    expect(data).toMatchObject({
      conversationId: group.id,
      conversationType: '2',
      conversationTitle: '销售群',
      isInAtList: true,
      atUsers: [{ dingtalkId: data.chatbotUserId }],
      text: { content: ' 今天的订单' },
    });
    const { senderStaffId, sessionWebhook, text } = data as {
      senderStaffId: string;
      sessionWebhook: string;
      text: { content: string };
    };
    expect(
      await reply(sessionWebhook, {
        at: { atUserIds: [senderStaffId], isAtAll: false },
        text: { content: `收到，${text.content}` },
        msgtype: 'text',
      }),
    ).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(replies(answer.conversationId)).toEqual([
      ['text', { type: 'text', content: '收到， 今天的订单' }],
    ]);

    const seen = received.length;
    const silent = await personWrites({
      from: 'manager1471',
      conversation: group,
      text: '闲聊',
      atBot: false,
    });
    expect(silent.answer).toMatchObject({ pushed: false });
    expect(received.length).toBe(seen);
  });

  it('B2: a person or robot the sandbox does not know is refused by the admin API in its own JSON shape (4xx)', async () => {
    const base = `${s.sb.url}/__sandbox/api/tenants/${s.tenant.corpId}/bots`;
    const post = (path: string, body: unknown) =>
      fetch(`${base}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const ok = { from: 'manager1471', conversation: { type: '1' }, text: 'x' };
    expect(await post(`${s.bot.appKey}/messages`, { ...ok, from: 'nobody' })).toMatchObject({
      status: 400,
      body: { error: { code: 'userNotFound' } },
    });
    expect(await post('dingnotarobot/messages', ok)).toMatchObject({
      status: 404,
      body: { error: { code: 'robotNotFound' } },
    });
    expect(await post(`${s.bot.appKey}/messages`, { ...ok, conversation: { type: '2' } })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalidBody' } },
    });
  });
});

describe('sessionWebhook refusals (B4, B10)', () => {
  it('B4: after sessionWebhookExpiredTime on the tenant clock, or with an invented session: {"errcode":300001,"errmsg":"session 不存在"} and nothing is posted', async () => {
    const { answer, data } = await personWrites({
      from: 'manager1471',
      conversation: { type: '1' },
      text: '过期测试',
    });
    const before = replies(answer.conversationId).length;
    s.tenant.clock.advance(90 * 60_000);
    try {
      expect(
        await reply(data.sessionWebhook as string, { msgtype: 'text', text: { content: '迟到' } }),
      ).toEqual({
        errcode: 300001,
        errmsg: 'session 不存在',
        request_id: expect.any(String),
      });
    } finally {
      s.tenant.clock.advance(-90 * 60_000);
    }
    const entry = s.tenant.journal.query({ route: 'oapi.robot.sendBySession' }).at(-1)!;
    expect(entry.reason).toMatch(/expired 0 s ago/);
    expect(entry.path).not.toContain((data.sessionWebhook as string).split('=')[1]);
    const invented = 'https://oapi.dingtalk.com/robot/sendBySession?session=0123456789abcdef0123456789abcdef';
    expect(await reply(invented, { msgtype: 'text', text: { content: 'x' } })).toMatchObject({
      errcode: 300001,
      errmsg: 'session 不存在',
    });
    expect(replies(answer.conversationId).length).toBe(before);
  });

  it('B10: the 21st reply within a minute to one conversation is refused with 130101 and not posted; after the minute (tenant clock) replies go through again', async () => {
    const { answer, data } = await personWrites({
      from: 'manager1471',
      conversation: { type: '2', id: groupWithBot('刷屏群') },
      text: '刷屏',
    });
    const url = data.sessionWebhook as string;
    const c = answer.conversationId;
    const start = replies(c).length;
    for (let i = 0; i < 20; i++) {
      expect(await reply(url, { msgtype: 'text', text: { content: `第 ${i + 1} 条` } })).toEqual({
        errcode: 0,
        errmsg: 'ok',
      });
    }
    expect(await reply(url, { msgtype: 'text', text: { content: '第 21 条' } })).toMatchObject({
      errcode: 130101,
      errmsg: 'send too fast, exceed 20 times per minute',
    });
    expect(replies(c).length).toBe(start + 20);
    s.tenant.clock.advance(61_000);
    try {
      expect(await reply(url, { msgtype: 'text', text: { content: '一分钟后' } })).toEqual({
        errcode: 0,
        errmsg: 'ok',
      });
    } finally {
      s.tenant.clock.advance(-61_000);
    }
    expect(replies(c).at(-1)).toEqual(['text', { type: 'text', content: '一分钟后' }]);
    expect(replies(c).length).toBe(start + 21);
  });

  it('B4: a reply that is not a JSON object, or of an unknown msgtype, is refused in the legacy envelope, never a 500', async () => {
    const { data } = await personWrites({ from: 'manager1471', conversation: { type: '1' }, text: '坏请求' });
    const url = data.sessionWebhook as string;
    const notJson = await axios.post(url, 'hello', { headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(200);
    expect(notJson.data).toMatchObject({ errcode: 40035 });
    expect((await axios.post(url, { msgtype: 'video' })).data).toMatchObject({ errcode: 40008 });
  });
});
