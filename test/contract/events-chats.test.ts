/**
 * Group-chat events (群会话事件, docs/dingtalk/events.md § 群会话事件): what POST /chat/update changes
 * reaches subscribed apps over HTTP push (encrypted, DingTalk's PascalCase fields ChatId, UserId,
 * Operator, Owner, Title) and over Stream (the unmodified dingtalk-stream SDK; data as DingTalk's
 * chat_update_title example). The request bodies replay two products' calls: a Go DingTalk app client
 * (dingtalk.go `UpdateGroupChat`, which sends every field, "" for what it does not set, null lists and
 * 0 settings — its repository is not resolvable from the code index) and an OpenClaw DingTalk channel's
 * group-manage module (TypeScript: `{chatid, name}`, `{chatid, add_useridlist}`,
 * `{chatid, del_useridlist}` as JSON over fetch; repository not resolvable either).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DWClient, EventAck, type DWClientDownStream } from 'dingtalk-stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCallback, sealCallback } from '../../mock-server/src/domain/events/callback-crypto.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';
import { streamSandbox, until, type StreamSandbox } from '../helpers/stream.ts';

const TOKEN = 'tok3n';
const AES_KEY = 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7';

const servers: Server[] = [];
afterEach(() => {
  for (const srv of servers.splice(0)) {
    srv.closeAllConnections();
    srv.close();
  }
});

/** A receiver as DingTalk's sample code writes it: verify, decrypt, answer the encrypted "success". */
async function receiver(appKey: string) {
  const got: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const q = new URL(req.url!, 'http://x').searchParams;
      const secrets = { token: TOKEN, aesKey: AES_KEY, ownerKey: appKey };
      const plain = openCallback(secrets, {
        msg_signature: q.get('msg_signature') ?? '',
        timeStamp: q.get('timestamp') ?? '',
        nonce: q.get('nonce') ?? '',
        encrypt: (JSON.parse(body) as { encrypt: string }).encrypt,
      });
      got.push(JSON.parse(plain) as Record<string, unknown>);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(sealCallback(secrets, 'success', String(Date.now()), 'n1')));
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`, got };
}

async function ready() {
  const s = makeSandbox();
  const corp = `/__sandbox/api/tenants/${s.tenant.corpId}`;
  for (const scope of ['qyapi_chat_manage', 'qyapi_chat_read']) {
    const r = await s.request('POST', `${corp}/apps/${s.main.appKey}/scopes`, { json: { scope } });
    expect(r.statusCode).toBe(200);
  }
  const token = await s.tokenFor();
  const people = [...s.tenant.directory.allUsers()].filter((u) => !u.resigned).slice(0, 5);
  const post = async (path: string, json: unknown) => {
    const r = await s.request('POST', `${path}?access_token=${token}`, { json });
    expect(r.statusCode).toBe(200);
    return r.json() as Record<string, unknown>;
  };
  const ids = people.map((u) => u.userid);
  const created = await post('/chat/create', { name: '项目群', owner: ids[0], useridlist: ids.slice(0, 3) });
  return { s, corp, token, people, ids, post, chatid: created.chatid as string, created };
}

const subscribe = (s: TestSandbox, corp: string, url: string, eventTypes: unknown = '*') =>
  s.request('POST', `${corp}/apps/${s.main.appKey}/event-subscription`, {
    json: { channel: 'http', url, token: TOKEN, aesKey: AES_KEY, eventTypes },
  });

async function settle(s: TestSandbox) {
  await new Promise((r) => setImmediate(r));
  await s.eventPusher.settled();
}

describe('group-chat events over HTTP push (issue 18)', () => {
  it('V1 /chat/update as a Go client sends it pushes chat_add_member, chat_remove_member and chat_update_owner with DingTalk’s fields; a rename pushes chat_update_title', async () => {
    const { s, corp, people, ids, post, chatid, created } = await ready();
    const rx = await receiver(s.main.appKey);
    expect((await subscribe(s, corp, rx.url)).statusCode).toBe(200);
    // The Go client's body: every field, "" for name and icon, 0 for each setting.
    const go = await post('/chat/update', {
      chatid,
      name: '',
      icon: '',
      owner: ids[1],
      add_useridlist: [ids[3], ids[4]],
      del_useridlist: [ids[2]],
      showHistoryType: 0,
      searchable: 0,
      validationType: 0,
      mentionAllAuthority: 0,
      chatBannedType: 0,
      managementType: 0,
    });
    expect(go).toMatchObject({ errcode: 0, errmsg: 'ok' });
    // The TypeScript channel's rename.
    expect(await post('/chat/update', { chatid, name: '项目二群' })).toMatchObject({ errcode: 0 });
    await settle(s);
    const common = {
      TimeStamp: expect.any(Number),
      CorpId: s.tenant.corpId,
      ChatId: chatid,
      chatId: chatid,
      openConversationId: created.openConversationId,
      corpId: s.tenant.corpId,
    };
    expect(rx.got).toEqual([
      { EventType: 'check_url' },
      expect.objectContaining({
        ...common,
        EventType: 'chat_add_member',
        UserId: [ids[3], ids[4]],
        Operator: ids[0],
        operatorUnionId: people[0]!.unionid,
        unionId: [people[3]!.unionid, people[4]!.unionid],
      }),
      expect.objectContaining({
        ...common,
        EventType: 'chat_remove_member',
        UserId: [ids[2]],
        Operator: ids[0],
      }),
      expect.objectContaining({ ...common, EventType: 'chat_update_owner', Owner: ids[1], Operator: ids[0] }),
      expect.objectContaining({
        ...common,
        EventType: 'chat_update_title',
        Title: '项目二群',
        Operator: ids[1],
      }),
    ]);
    const info = (
      await s.request('GET', `/chat/get?access_token=${await s.tokenFor()}&chatid=${chatid}`)
    ).json() as { chat_info: Record<string, unknown> };
    expect(info.chat_info).toMatchObject({
      name: '项目二群',
      owner: ids[1],
      useridlist: [ids[0], ids[1], ids[3], ids[4]],
    });
  });

  it('V1 only the ticked chat events are pushed, and the admin API accepts chat event types', async () => {
    const { s, corp, ids, post, chatid } = await ready();
    const rx = await receiver(s.main.appKey);
    const r = await subscribe(s, corp, rx.url, ['chat_update_title', 'user_add_org']);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ eventTypes: ['chat_update_title', 'user_add_org'] });
    await post('/chat/update', { chatid, add_useridlist: [ids[3]] });
    await post('/chat/update', { chatid, name: '只推改名' });
    await settle(s);
    expect(rx.got.map((g) => g.EventType)).toEqual(['check_url', 'chat_update_title']);
  });

  it('V1 a person who leaves a group (admin API, as from their client) pushes chat_quit naming them; the owner and strangers cannot leave', async () => {
    const { s, corp, people, ids, chatid, created } = await ready();
    const rx = await receiver(s.main.appKey);
    expect((await subscribe(s, corp, rx.url, ['chat_quit'])).statusCode).toBe(200);
    const quit = (userid: string, id = chatid) =>
      s.request('POST', `${corp}/chats/${id}/quit`, { json: { userid } });
    const left = await quit(ids[2]!);
    expect(left.statusCode).toBe(200);
    expect(left.json()).toEqual({ chatid, memberUserids: [ids[0], ids[1]] });
    // By openConversationId too; the owner must hand the group over first; a stranger is not in it.
    expect((await quit(ids[1]!, created.openConversationId as string)).statusCode).toBe(200);
    expect((await quit(ids[0]!)).json()).toMatchObject({ error: { code: 'invalidParameter' } });
    expect((await quit(ids[4]!)).json()).toMatchObject({ error: { code: 'notChatMember' } });
    expect((await quit(ids[0]!, `chat${'0'.repeat(32)}`)).statusCode).toBe(404);
    await settle(s);
    const common = { TimeStamp: expect.any(Number), CorpId: s.tenant.corpId, ChatId: chatid, chatId: chatid };
    expect(rx.got).toEqual([
      { EventType: 'check_url' },
      expect.objectContaining({
        ...common,
        EventType: 'chat_quit',
        Operator: ids[2],
        operatorUnionId: people[2]!.unionid,
      }),
      expect.objectContaining({ ...common, EventType: 'chat_quit', Operator: ids[1] }),
    ]);
    expect(s.tenant.messaging.chats.byId(chatid)!.memberUserids).toEqual([ids[0]]);
  });

  it('/chat/update refuses in the plain envelope: the owner removed (60124), an unknown chatid (34013), a stranger added; and changes nothing', async () => {
    const { ids, post, chatid, s } = await ready();
    expect(await post('/chat/update', { chatid, del_useridlist: [ids[0]] })).toMatchObject({
      errcode: 60124,
    });
    expect(await post('/chat/update', { chatid: `chat${'0'.repeat(32)}`, name: 'x' })).toMatchObject({
      errcode: 34013,
    });
    const stranger = await post('/chat/update', { chatid, add_useridlist: ['nobody-here'] });
    expect(stranger.errcode).not.toBe(0);
    expect(typeof stranger.errmsg).toBe('string');
    expect(s.tenant.messaging.chats.byId(chatid)!.memberUserids).toEqual(ids.slice(0, 3));
    expect(s.tenant.events.listEvents()).toEqual([]);
  });
});

describe('group-chat events over Stream (issue 18)', () => {
  let st: StreamSandbox;
  const clients: DWClient[] = [];
  beforeAll(async () => {
    st = await streamSandbox();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await st?.stop();
  });

  it('V1 a rename reaches the SDK as an EVENT frame chat_update_title with DingTalk’s data fields', async () => {
    const { tenant, bot, sb } = st;
    const admin = (path: string, json: unknown) =>
      fetch(`${sb.url}/__sandbox/api/tenants/${tenant.corpId}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
    expect((await admin(`/apps/${bot.appKey}/scopes`, { scope: 'qyapi_chat_manage' })).status).toBe(200);
    expect(
      (
        await admin(`/apps/${bot.appKey}/event-subscription`, {
          channel: 'stream',
          eventTypes: ['chat_update_title'],
        })
      ).status,
    ).toBe(200);
    const got: DWClientDownStream[] = [];
    const client = new DWClient({ clientId: bot.appKey, clientSecret: bot.appSecret });
    client.registerAllEventListener((msg: DWClientDownStream) => {
      got.push(msg);
      return { status: EventAck.SUCCESS };
    });
    clients.push(client);
    await client.connect();
    await until(() => tenant.bots.hub.connections(bot.appKey).length === 1, 'the connection');

    const tokenAnswer = (await (
      await fetch(`${sb.url}/gettoken?appkey=${bot.appKey}&appsecret=${encodeURIComponent(bot.appSecret)}`)
    ).json()) as { access_token: string };
    const owner = [...tenant.directory.allUsers()].find((u) => !u.resigned)!;
    const chat = tenant.messaging.chats.add({
      name: '流群',
      ownerUserid: owner.userid,
      memberUserids: [owner.userid],
    });
    const r = await fetch(`${sb.url}/chat/update?access_token=${tokenAnswer.access_token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatid: chat.chatid, name: '开放平台' }),
    });
    expect(await r.json()).toMatchObject({ errcode: 0 });
    await until(() => got.length === 1, 'one EVENT frame');
    expect(got[0]!.headers.eventType).toBe('chat_update_title');
    expect(JSON.parse(got[0]!.data)).toEqual({
      timeStamp: Number(got[0]!.headers.eventBornTime),
      chatId: chat.chatid,
      openConversationId: chat.openConversationId,
      operator: owner.userid,
      operatorUnionId: owner.unionid,
      title: '开放平台',
      corpId: tenant.corpId,
    });
  });
});
