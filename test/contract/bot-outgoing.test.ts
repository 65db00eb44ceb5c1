/**
 * A bot in HTTP mode (消息接收模式 HTTP, docs/dingtalk/bot-http-mode.md): each message a person sends it
 * is POSTed to its message URL with DingTalk's `timestamp` and `sign` headers. The loopback receiver
 * verifies them as a real product's HTTP receiver does — soimy/openclaw-channel-dingtalk,
 * src/http-receiver.ts (headers `timestamp` and `sign`, 401 without them, 403 when the signature is
 * wrong, 200 `{"success":true}` at once) and src/signature.ts (Base64 HMAC-SHA256 with the AppSecret
 * over `${timestamp}\n${secret}`) — plus the one-hour window public verifiers apply.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../mock-server/src/domain/apps/apps.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { until } from '../helpers/stream.ts';

interface Received {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  verified: boolean;
}

let sb: RunningSandbox;
let bot: App;
const servers: Server[] = [];

beforeAll(async () => {
  sb = await startSandbox({ port: 0, robotHttp: { timeoutMs: 300 } });
  bot = sb.defaultTenant.listApps().find((a) => a.robot)!;
});
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    }),
  );
});
afterAll(() => sb?.stop());

/** The product's check: Base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)) within an hour. */
function verify(headers: IncomingMessage['headers'], secret: string): boolean {
  const timestamp = String(headers.timestamp ?? '');
  const sign = String(headers.sign ?? '');
  if (!timestamp || !sign) return false;
  if (Math.abs(Date.now() - Number(timestamp)) > 3_600_000) return false;
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64') === sign;
}

/** A loopback receiver; `answer` decides what each request gets (or nothing, to be slow). */
async function receiver(
  answer: (r: Received, res: ServerResponse) => void = (_r, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
  },
): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        verified: verify(req.headers, bot.appSecret),
      };
      got.push(r);
      if (!r.verified) res.writeHead(403).end('{"success":false,"error":"Invalid signature"}');
      else answer(r, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dingtalk/callback`, got };
}

const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${sb.url}/__sandbox/api/tenants/${sb.defaultTenant.corpId}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

async function httpMode(messageUrl: string) {
  const r = await admin('PATCH', `/apps/${bot.appKey}`, {
    robot: { name: bot.robot!.name, stream: false, messageUrl },
  });
  expect(r.status).toBe(200);
}

async function personWrites(text: string, from = 'manager1471') {
  const r = await admin('POST', `/bots/${bot.appKey}/messages`, { from, conversation: { type: '1' }, text });
  return {
    status: r.status,
    body: (await r.json()) as { via?: string; conversationId: string; chatMessageId: string },
  };
}

const pushes = () => sb.defaultTenant.journal.query({}).filter((e) => e.route === 'robot.http.push');

describe('bots in HTTP mode (outgoing): messages POSTed to the message URL, signed', () => {
  it('a one-to-one message reaches the message URL as the callback JSON with timestamp and sign headers the product verifies; the journal says delivered', async () => {
    const rx = await receiver();
    await httpMode(rx.url);
    const before = pushes().length;
    const sent = await personWrites('本月销售额');
    expect(sent.status).toBe(201);
    expect(sent.body.via).toBe('http');
    await until(() => pushes().length > before, 'the push journaled');
    expect(rx.got).toHaveLength(1);
    const [r] = rx.got;
    expect(r!.verified).toBe(true);
    expect(r!.headers['content-type']).toBe('application/json');
    expect(r!.headers.timestamp).toMatch(/^\d{13}$/);
    expect(r!.body).toMatchObject({
      conversationId: sent.body.conversationId,
      conversationType: '1',
      senderStaffId: 'manager1471',
      robotCode: bot.appKey,
      msgtype: 'text',
      text: { content: '本月销售额' },
      msgId: expect.stringMatching(/^msg/),
      sessionWebhook: expect.stringMatching(/^https:\/\/oapi\.dingtalk\.com\/robot\/sendBySession\?session=/),
    });
    expect(pushes().at(-1)).toMatchObject({ status: 200, outcome: 'ok', host: 'stream', appKey: bot.appKey });
    // No Stream frame was queued for it: HTTP mode replaces Stream.
    expect(sb.defaultTenant.bots.hub.pendingCount(bot.appKey)).toEqual({ inflight: 0, waiting: 0 });
  });

  it("the bot replies through the POST's sessionWebhook and the reply lands in the one-to-one chat", async () => {
    const rx = await receiver();
    await httpMode(rx.url);
    const sent = await personWrites('你好');
    await until(() => rx.got.length === 1, 'the push');
    const webhook = new URL(String(rx.got[0]!.body.sessionWebhook));
    const r = await fetch(`${sb.url}${webhook.pathname}${webhook.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'text', text: { content: '你好，我是机器人' } }),
    });
    expect(await r.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(sb.defaultTenant.bots.replies(sent.body.conversationId).at(-1)?.content).toEqual({
      type: 'text',
      content: '你好，我是机器人',
    });
  });

  it('a 200 answer that is a robot message lands in the chat as the reply (legacy outgoing robots answer in the body)', async () => {
    const rx = await receiver((_r, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ msgtype: 'markdown', markdown: { title: '销售额', text: '**1.2 万**' } })),
    );
    await httpMode(rx.url);
    const before = pushes().length;
    const sent = await personWrites('销售额多少');
    await until(() => pushes().length > before, 'the push journaled');
    expect(sb.defaultTenant.bots.replies(sent.body.conversationId).at(-1)).toMatchObject({
      msgtype: 'markdown',
      content: { type: 'markdown', title: '销售额', text: '**1.2 万**' },
    });
    expect(pushes().at(-1)?.reason).toContain('posted in the conversation');
  });

  it('a receiver that is down: the person’s message still lands in the chat, the journal says the push failed and why', async () => {
    const rx = await receiver();
    await httpMode(rx.url);
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 0));
    const before = pushes().length;
    const sent = await personWrites('有人吗');
    expect(sent.status).toBe(201);
    await until(() => pushes().length > before, 'the failure journaled');
    expect(pushes().at(-1)).toMatchObject({ outcome: 'refused', code: 'unreachable', status: 0 });
    expect(pushes().at(-1)?.reason).toMatch(/ECONNREFUSED/);
    const messages = sb.defaultTenant.messaging.chats.messagesOf(sent.body.conversationId);
    expect(messages.find((m) => m.id === sent.body.chatMessageId)?.content).toEqual({
      type: 'text',
      content: '有人吗',
    });
  });

  it('a receiver that never answers is given up after the timeout and does not hold up the next message', async () => {
    const stalled: ServerResponse[] = [];
    const rx = await receiver((r, res) => {
      if (r.body.text && (r.body.text as { content: string }).content === '慢') stalled.push(res);
      else res.writeHead(200).end('{"success":true}');
    });
    await httpMode(rx.url);
    const before = pushes().length;
    await personWrites('慢');
    await until(() => stalled.length === 1, 'the slow request arrives');
    await personWrites('快', 'manager1471');
    await until(() => rx.got.length === 2, 'the second message, while the first still waits');
    await until(() => pushes().length >= before + 2, 'both journaled');
    const mine = pushes().slice(before);
    expect(mine.map((e) => e.code ?? 'ok').sort()).toEqual(['ok', 'timeout']);
    expect(mine.find((e) => e.code === 'timeout')?.reason).toContain('no answer within 300 ms');
  });

  it('after 重置 AppSecret the push is signed with the new secret (the old one would not verify)', async () => {
    const rx = await receiver();
    await httpMode(rx.url);
    const old = bot.appSecret;
    const r = await admin('POST', `/apps/${bot.appKey}/secret/reset`);
    expect(r.status).toBe(200);
    expect(bot.appSecret).not.toBe(old);
    await personWrites('新密钥');
    await until(() => rx.got.length === 1, 'the push');
    expect(rx.got[0]!.verified).toBe(true);
    const ts = String(rx.got[0]!.headers.timestamp);
    expect(createHmac('sha256', old).update(`${ts}\n${old}`).digest('base64')).not.toBe(
      rx.got[0]!.headers.sign,
    );
  });

  it('the admin API refuses HTTP mode without a message URL, and a message URL that is not http(s), in its own JSON shape', async () => {
    for (const robot of [
      { name: '机器人', stream: false },
      { name: '机器人', stream: false, messageUrl: 'javascript:alert(1)' },
    ]) {
      const r = await admin('PATCH', `/apps/${bot.appKey}`, { robot });
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ error: { code: 'invalidBody', message: expect.any(String) } });
    }
    const bots = (await (await admin('GET', '/bots')).json()) as {
      bots: { robotCode: string; stream: boolean }[];
    };
    expect(bots.bots.find((b) => b.robotCode === bot.appKey)).toBeDefined();
  });
});
