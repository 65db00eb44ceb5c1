/**
 * One model for what people and bots say (B2, B3): a bot's group conversation is a chat of the tenant
 * (the bot one of its robots), a one-to-one conversation is a chat of kind `oto` between one person
 * and the bot; the person's message and the bot's sessionWebhook replies are messages of that chat,
 * in order, and the admin API's chats and replies read the same list. The default tenant's bot sits
 * in the seeded group 数据预警群 and has the administrator's one-to-one chat ready.
 */
import { describe, expect, it } from 'vitest';
import { oneToOneChatId } from '../../mock-server/src/domain/chats/chats.ts';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

function setup() {
  const s = makeSandbox();
  const bot = s.tenant.listApps().find((a) => a.robot)!;
  const group = s.tenant.messaging.chats.list().find((c) => c.name === '数据预警群')!;
  const admin = `/__sandbox/api/tenants/${s.tenant.corpId}`;
  const write = async (body: Record<string, unknown>) => {
    const r = await s.request('POST', `${admin}/bots/${bot.appKey}/messages`, { json: body });
    return { status: r.statusCode, body: r.json() as Record<string, unknown> };
  };
  const messages = async (id: string) => {
    const r = await s.request('GET', `${admin}/chats/${encodeURIComponent(id)}/messages`);
    expect(r.statusCode).toBe(200);
    return (r.json() as { messages: { sender: { kind: string }; content: unknown }[] }).messages;
  };
  return { s, bot, group, admin, write, messages };
}

/** The bot answers through the pushed message's sessionWebhook (its path on the sandbox). */
async function reply(s: TestSandbox, data: Record<string, unknown>, body: unknown) {
  const url = new URL(data.sessionWebhook as string);
  const r = await s.request('POST', `${url.pathname}${url.search}`, { json: body });
  return r.json() as Record<string, unknown>;
}

describe('a bot’s conversations are chats (B2, B3)', () => {
  it('B3: the default bot has the administrator’s one-to-one chat ready and sits in 数据预警群; GET …/bots/{robotCode}/chats lists both', async () => {
    const { s, bot, group, admin } = setup();
    const r = await s.request('GET', `${admin}/bots/${bot.appKey}/chats`);
    expect(r.statusCode).toBe(200);
    expect((r.json() as { chats: unknown[] }).chats).toEqual([
      expect.objectContaining({
        openConversationId: group.openConversationId,
        kind: 'group',
        name: '数据预警群',
      }),
      expect.objectContaining({
        openConversationId: oneToOneChatId(bot.appKey, GUIDE_ADMIN_USERID),
        kind: 'oto',
        name: '钉钉沙箱机器人',
        memberUserids: [GUIDE_ADMIN_USERID],
      }),
    ]);
  });

  it('B3: a one-to-one message and the bot’s markdown reply are the two messages of that chat, in order; the replies list reads the same chat', async () => {
    const { s, bot, admin, write, messages } = setup();
    const sent = await write({ from: GUIDE_ADMIN_USERID, conversation: { type: '1' }, text: '本月销售额' });
    expect(sent.status).toBe(201);
    const cid = oneToOneChatId(bot.appKey, GUIDE_ADMIN_USERID);
    expect(sent.body).toMatchObject({ pushed: true, conversationId: cid, chatMessageId: expect.any(String) });
    const data = sent.body.data as Record<string, unknown>;
    expect(
      await reply(s, data, { msgtype: 'markdown', markdown: { title: '销售额', text: '**128 万**' } }),
    ).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await messages(cid)).toEqual([
      expect.objectContaining({
        sender: expect.objectContaining({ kind: 'person', userid: GUIDE_ADMIN_USERID }),
        content: { type: 'text', content: '本月销售额' },
      }),
      expect.objectContaining({
        sender: expect.objectContaining({ kind: 'appRobot', appKey: bot.appKey, name: '钉钉沙箱机器人' }),
        content: { type: 'markdown', title: '销售额', text: '**128 万**' },
      }),
    ]);
    const replies = await s.request(
      'GET',
      `${admin}/bots/${bot.appKey}/conversations/${encodeURIComponent(cid)}/replies`,
    );
    expect((replies.json() as { replies: { msgtype: string }[] }).replies.map((x) => x.msgtype)).toEqual([
      'markdown',
    ]);
  });

  it('B2: in the group, a message without @ lands but is not pushed; with @ it lands as “@钉钉沙箱机器人 …”, is pushed, and the text reply follows it in the group', async () => {
    const { s, group, write, messages } = setup();
    const before = (await messages(group.openConversationId)).length;
    const silent = await write({
      from: GUIDE_ADMIN_USERID,
      conversation: { type: '2', id: group.openConversationId },
      text: '闲聊',
      atBot: false,
    });
    expect(silent.body).toMatchObject({ pushed: false });
    const asked = await write({
      from: GUIDE_ADMIN_USERID,
      conversation: { type: '2', id: group.openConversationId },
      text: '今天的订单',
    });
    const data = asked.body.data as Record<string, unknown>;
    expect(data).toMatchObject({ conversationTitle: '数据预警群', text: { content: ' 今天的订单' } });
    expect(await reply(s, data, { msgtype: 'text', text: { content: '收到' } })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect(
      (await messages(group.openConversationId)).slice(before).map((m) => [m.sender.kind, m.content]),
    ).toEqual([
      ['person', { type: 'text', content: '闲聊' }],
      ['person', { type: 'text', content: '@钉钉沙箱机器人 今天的订单' }],
      ['appRobot', { type: 'text', content: '收到' }],
    ]);
  });

  it('B2: a group the bot is not in, an unknown group, a person not in the group, another person’s one-to-one id: refused 400 with the reason, nothing posted', async () => {
    const { s, bot, group, write } = setup();
    const outsider = [...s.tenant.directory.allUsers()].find(
      (u) => !group.memberUserids.includes(u.userid) && !u.resigned,
    )!;
    const botless = s.tenant.messaging.chats.add({ name: '无机器人群', memberUserids: [GUIDE_ADMIN_USERID] });
    const cases: [Record<string, unknown>, string][] = [
      [
        { from: GUIDE_ADMIN_USERID, conversation: { type: '2', id: botless.openConversationId }, text: 'x' },
        'robotCodeNotFound',
      ],
      [
        { from: GUIDE_ADMIN_USERID, conversation: { type: '2', id: 'cidNoSuchGroup0000000==' }, text: 'x' },
        'chatNotFound',
      ],
      [
        { from: outsider.userid, conversation: { type: '2', id: group.openConversationId }, text: 'x' },
        'notChatMember',
      ],
      [
        {
          from: outsider.userid,
          conversation: { type: '1', id: oneToOneChatId(bot.appKey, GUIDE_ADMIN_USERID) },
          text: 'x',
        },
        'chatNotFound',
      ],
    ];
    const total = () =>
      s.tenant.messaging.chats
        .list()
        .reduce((n, c) => n + s.tenant.messaging.chats.messagesOf(c.openConversationId).length, 0);
    const before = total();
    for (const [body, code] of cases) {
      const r = await write(body);
      expect(r.status, code).toBe(400);
      expect(r.body).toMatchObject({ error: { code, message: expect.any(String) } });
    }
    expect(total()).toBe(before);
  });

  it('B3: a one-to-one chat is no group for the legacy /chat/get (34013), as on DingTalk', async () => {
    const { s, bot } = setup();
    await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.main.appKey}/scopes`, {
      json: { scope: 'qyapi_chat_read' },
    });
    const oto = s.tenant.messaging.chats.get(oneToOneChatId(bot.appKey, GUIDE_ADMIN_USERID))!;
    const token = await s.tokenFor();
    const r = await s.request('GET', `/chat/get?access_token=${token}&chatid=${oto.chatid}`);
    expect(r.json()).toMatchObject({ errcode: 34013 });
  });
});
