/**
 * 群会话 on the legacy host: /chat/create, /chat/get, /chat/send (docs/dingtalk/messaging.md § Group
 * chats) — success shapes and types, every refusal in the plain envelope, the scope refusals, bad
 * input answered (never a 5xx), and what lands in the group (admin API).
 */
import { describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

async function grant(s: TestSandbox, ...scopes: string[]): Promise<void> {
  for (const scope of scopes) {
    const r = await s.request(
      'POST',
      `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.main.appKey}/scopes`,
      {
        json: { scope },
      },
    );
    expect(r.statusCode).toBe(200);
  }
}

async function ready(): Promise<{ s: TestSandbox; token: string; members: string[] }> {
  const s = makeSandbox();
  await grant(s, 'qyapi_chat_manage', 'qyapi_chat_read');
  const token = await s.tokenFor();
  const members = [...s.tenant.directory.allUsers()].slice(0, 4).map((u) => u.userid);
  return { s, token, members };
}

async function post(s: TestSandbox, path: string, token: string, json: unknown) {
  const r = await s.request('POST', `${path}?access_token=${token}`, { json });
  expect(r.statusCode).toBe(200);
  return r.json() as Record<string, unknown>;
}

async function get(s: TestSandbox, url: string) {
  const r = await s.request('GET', url);
  expect(r.statusCode).toBe(200);
  return r.json() as Record<string, unknown>;
}

async function create(s: TestSandbox, token: string, members: string[], extra: object = {}) {
  return post(s, '/chat/create', token, { name: '项目群', owner: members[0], useridlist: members, ...extra });
}

describe('群会话 /chat/create → /chat/get → /chat/send', () => {
  it('creates a group: chatid, openConversationId and conversationTag as DingTalk types them; /chat/get reads it back', async () => {
    const { s, token, members } = await ready();
    const before = s.tenant.clock.now();
    const made = await create(s, token, members, { showHistoryType: 1, searchable: 1, chatBannedType: 0 });
    const after = s.tenant.clock.now();
    expect(made).toEqual({
      errcode: 0,
      errmsg: 'ok',
      chatid: expect.stringMatching(/^chat[0-9a-f]{32}$/),
      openConversationId: expect.stringMatching(/^cid.+==$/),
      conversationTag: 2,
    });
    const info = await get(s, `/chat/get?access_token=${token}&chatid=${String(made.chatid)}`);
    expect(info).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(info.chat_info).toEqual({
      name: '项目群',
      owner: members[0],
      useridlist: members,
      conversationTag: 2,
      showHistoryType: 1,
      searchable: 1,
      validationType: 0,
      mentionAllAuthority: 0,
      managementType: 0,
      chatBannedType: 0,
      icon: '',
      status: 1,
    });
    // The admin API lists it, by either id, with the tenant clock's creation time.
    const listed = await get(s, `/__sandbox/api/tenants/${s.tenant.corpId}/chats`);
    const chat = (listed.chats as Record<string, unknown>[]).find((c) => c.chatid === made.chatid);
    expect(chat).toMatchObject({ name: '项目群', ownerUserid: members[0], createdByAppKey: s.main.appKey });
    expect(chat!.createdAt).toBeGreaterThanOrEqual(before);
    expect(chat!.createdAt).toBeLessThanOrEqual(after);
  });

  it('sends {chatid, msg}: the message lands in the group as the app, messageId answered', async () => {
    const { s, token, members } = await ready();
    const made = await create(s, token, members);
    const sent = await post(s, '/chat/send', token, {
      chatid: made.chatid,
      msg: { msgtype: 'markdown', markdown: { title: '日报', text: '### 今日\n**GMV** 上涨' } },
    });
    expect(sent).toEqual({ errcode: 0, errmsg: 'ok', messageId: expect.any(String) });
    const r = await get(s, `/__sandbox/api/tenants/${s.tenant.corpId}/chats/${String(made.chatid)}/messages`);
    expect(r.messages).toEqual([
      expect.objectContaining({
        messageId: sent.messageId,
        msgtype: 'markdown',
        title: '日报',
        sender: { kind: 'app', appKey: s.main.appKey, agentId: s.main.agentId, name: '观远BI' },
      }),
    ]);
  });

  it('the seeded group 数据预警群 has a chatid too, and takes a message', async () => {
    const { s, token } = await ready();
    const seeded = s.tenant.messaging.chats.list()[0]!;
    expect(seeded.name).toBe('数据预警群');
    const info = await get(s, `/chat/get?access_token=${token}&chatid=${seeded.chatid}`);
    expect(info.chat_info).toMatchObject({ name: '数据预警群', owner: GUIDE_ADMIN_USERID });
    const sent = await post(s, '/chat/send', token, {
      chatid: seeded.chatid,
      msg: { msgtype: 'text', text: { content: '预警：库存低于阈值' } },
    });
    expect(sent.errcode).toBe(0);
  });

  it('an unknown chatid answers 34013 找不到群会话对象; something that is no chatid 34001 无效的会话id', async () => {
    const { s, token } = await ready();
    const unknown = `chat${'0'.repeat(32)}`;
    expect(await get(s, `/chat/get?access_token=${token}&chatid=${unknown}`)).toEqual({
      errcode: 34013,
      errmsg: '找不到群会话对象',
      request_id: expect.any(String),
    });
    const cid = s.tenant.messaging.chats.list()[0]!.openConversationId;
    const malformed = await post(s, '/chat/send', token, {
      chatid: cid,
      msg: { msgtype: 'text', text: { content: 'x' } },
    });
    expect(malformed).toMatchObject({ errcode: 34001, errmsg: '无效的会话id' });
  });

  it('an owner missing from useridlist answers 60124 用户不在此群中; nothing is created', async () => {
    const { s, token, members } = await ready();
    const before = s.tenant.messaging.chats.list().length;
    const r = await post(s, '/chat/create', token, {
      name: '项目群',
      owner: members[0],
      useridlist: members.slice(1),
    });
    expect(r).toMatchObject({ errcode: 60124, errmsg: '用户不在此群中' });
    expect(s.tenant.messaging.chats.list()).toHaveLength(before);
  });

  it('a named sender outside the group answers 34007 发送者不在会话中', async () => {
    const { s, token, members } = await ready();
    const made = await create(s, token, members.slice(0, 2));
    const r = await post(s, '/chat/send', token, {
      chatid: made.chatid,
      sender: members[3],
      msgtype: 'text',
      text: { content: 'hi' },
    });
    expect(r).toMatchObject({ errcode: 34007, errmsg: '发送者不在会话中' });
  });

  it('bad messages: unknown msgtype 34004, a broken body 34014, over 5000 characters 34016 — in the plain envelope', async () => {
    const { s, token, members } = await ready();
    const made = await create(s, token, members);
    const send = (msg: unknown) => post(s, '/chat/send', token, { chatid: made.chatid, msg });
    expect(await send({ msgtype: 'sticker', sticker: {} })).toMatchObject({
      errcode: 34004,
      errmsg: '无效的会话消息的类型',
    });
    expect(await send({ msgtype: 'text', text: {} })).toMatchObject({
      errcode: 34014,
      errmsg: '会话消息的json结构无效或不完整',
    });
    expect(await send('{not json')).toMatchObject({ errcode: 34014 });
    expect(await send({ msgtype: 'text', text: { content: '字'.repeat(5001) } })).toMatchObject({
      errcode: 34016,
      errmsg: '消息内容长度超过限制',
    });
    expect(await post(s, '/chat/send', token, { chatid: made.chatid })).toMatchObject({
      errcode: 40035,
      errmsg: '缺少参数 msg',
    });
  });

  it('bad create input: missing name, a name over 20 characters, more than 40 members, an unknown userid — never a 5xx', async () => {
    const { s, token, members } = await ready();
    expect(await post(s, '/chat/create', token, { owner: members[0], useridlist: members })).toMatchObject({
      errcode: 40035,
      errmsg: '缺少参数 name',
    });
    expect(await create(s, token, members, { name: '群'.repeat(21) })).toMatchObject({ errcode: 40035 });
    const many = [...s.tenant.directory.allUsers()].slice(0, 41).map((u) => u.userid);
    expect(await create(s, token, many)).toMatchObject({ errcode: 40035, errmsg: '不合法的参数' });
    expect(await create(s, token, [...members, 'nobody'])).toMatchObject({
      errcode: 60121,
      errmsg: '找不到该用户',
    });
    expect(await create(s, token, members, { showHistoryType: 7 })).toMatchObject({ errcode: 40035 });
    const text = await s.request('POST', `/chat/create?access_token=${token}`, {
      body: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(200);
    expect((text.json() as { errcode: number }).errcode).not.toBe(0);
  });

  it('the console shows the group and the app’s message with names and texts escaped (no script injection)', async () => {
    const { s, token, members } = await ready();
    const made = await create(s, token, members, { name: '<script>x</script>' });
    expect(made.errcode).toBe(0);
    await post(s, '/chat/send', token, {
      chatid: made.chatid,
      msg: { msgtype: 'text', text: { content: '<img src=x onerror=alert(1)>' } },
    });
    await post(s, '/chat/send', token, {
      chatid: made.chatid,
      msg: { msgtype: 'markdown', markdown: { title: 't', text: '**a**<script>alert(2)</script>' } },
    });
    const page = await s.request(
      'GET',
      `/__sandbox/tenants/${s.tenant.corpId}/chats/${String(made.openConversationId)}`,
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>x');
    expect(page.body).not.toContain('<script>alert(2)');
    expect(page.body).not.toContain('<img src=x');
    // Preact escapes "<" and "&" in text (">" alone cannot open a tag).
    expect(page.body).toContain('&lt;script>x&lt;/script>');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)>');
    expect(page.body).toContain('应用');
    const index = await s.request('GET', `/__sandbox/tenants/${s.tenant.corpId}/inbox`);
    expect(index.body).toContain('&lt;script>x&lt;/script>');
    expect(index.body).not.toContain('<script>x');
  });

  it('without qyapi_chat_manage / qyapi_chat_read: 88 / 60011 naming the point (the app holds neither by default)', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const members = [...s.tenant.directory.allUsers()].slice(0, 2).map((u) => u.userid);
    const made = await create(s, token, members);
    expect(made).toMatchObject({ errcode: 88, sub_code: '60011' });
    expect(String(made.sub_msg)).toContain('requiredScopes=[qyapi_chat_manage]');
    const chatid = s.tenant.messaging.chats.list()[0]!.chatid;
    const read = await get(s, `/chat/get?access_token=${token}&chatid=${chatid}`);
    expect(String(read.sub_msg)).toContain('requiredScopes=[qyapi_chat_read]');
  });
});
