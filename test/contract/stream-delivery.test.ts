/**
 * B8/B9 and bad frames: what the Stream connection does when things go wrong. The unmodified
 * `dingtalk-stream` SDK (2.1.5: reconnects 1 s after a close) for B8 and B9; raw `ws` sockets for
 * frames no SDK sends. Redelivery here every 100 ms, at most twice (the defaults are 60 s and 3,
 * documented as inferred); SYSTEM disconnect closes the socket after 50 ms (DingTalk: 10 s).
 */
import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeRaw } from '../helpers/raw-http.ts';
import { streamSandbox, until, type StreamSandbox } from '../helpers/stream.ts';

let s: StreamSandbox;
beforeAll(async () => {
  s = await streamSandbox({
    redeliverMs: 100,
    maxRedeliveries: 2,
    disconnectGraceMs: 50,
    maxFrameBytes: 4096,
  });
});
afterAll(() => s?.stop());

const say = (text: string) =>
  s.tenant.bots.deliver(s.bot.appKey, { from: 'manager1471', conversation: { type: '1' }, text });

/** The SDK connected as a bot; `ack` decides whether it answers each callback. */
async function bot(ack: boolean) {
  const got: DWClientDownStream[] = [];
  const client = new DWClient({ clientId: s.bot.appKey, clientSecret: s.bot.appSecret });
  client.registerCallbackListener(TOPIC_ROBOT, (res: DWClientDownStream) => {
    got.push(res);
    if (ack) client.socketCallBackResponse(res.headers.messageId, { response: null });
  });
  await client.connect();
  await until(() => s.tenant.bots.hub.connections(s.bot.appKey).length === 1, 'the connection');
  return { client, got };
}

const entries = (since: number, route: string) =>
  s.tenant.journal.query({ sinceSeq: since, route }).map((e) => e.path.split(' ')[0]);

describe('B9: a callback the bot does not ack', () => {
  it('B9: the same messageId is pushed again after the configured delay, twice, then given up; an acked one has nothing pending', async () => {
    const since = s.lastSeq();
    const { client, got } = await bot(false);
    try {
      const sent = say('没人应答');
      await until(
        () =>
          s.tenant.journal.query({ sinceSeq: since, route: 'stream.callback', outcome: 'refused' }).length >
          0,
        'the give-up',
      );
      expect(got.map((f) => f.headers.messageId)).toEqual([sent.messageId, sent.messageId, sent.messageId]);
      expect(new Set(got.map((f) => JSON.parse(f.data).msgId)).size).toBe(1);
      expect(entries(since, 'stream.callback')).toEqual(['push', 'repush', 'repush', 'giveUp']);
      const giveUp = s.tenant.journal.query({ sinceSeq: since, route: 'stream.callback' }).at(-1)!;
      expect(giveUp).toMatchObject({
        status: 410,
        outcome: 'refused',
        reason: 'not acked after 3 pushes; given up',
      });
    } finally {
      client.disconnect();
      await until(() => s.tenant.bots.hub.connections(s.bot.appKey).length === 0, 'the close');
    }
    const acking = await bot(true);
    try {
      const before = s.lastSeq();
      const sent = say('有人应答');
      await until(() => entries(before, 'stream.ack').includes('ack'), 'the ack');
      expect(acking.got.map((f) => f.headers.messageId)).toEqual([sent.messageId]);
      expect(s.tenant.bots.hub.pendingCount(s.bot.appKey)).toEqual({ inflight: 0, waiting: 0 });
    } finally {
      acking.client.disconnect();
      await until(() => s.tenant.bots.hub.connections(s.bot.appKey).length === 0, 'the close');
    }
  });
});

describe('B8: the server disconnects while messages keep coming', () => {
  it.each([
    ['SYSTEM disconnect, then the socket closes', false],
    ['the TCP connection is dropped', true],
  ])(
    'B8: %s — the SDK reconnects with a new ticket; every message is delivered and acked exactly once, none lost',
    async (_how, drop) => {
      const since = s.lastSeq();
      const { client, got } = await bot(true);
      try {
        const first = say('断线前');
        await until(() => got.length === 1, 'the first message');
        s.tenant.faults.add({
          match: { host: 'stream', route: 'stream.callback' },
          action: { type: 'disconnect', drop },
        });
        const later = ['断线中 1', '断线中 2', '断线中 3'].map(say);
        await until(() => got.length === 4, 'every message after the reconnect');
        const ids = [first, ...later].map((d) => d.messageId);
        expect(got.map((f) => f.headers.messageId)).toEqual(ids);
        await until(() => entries(since, 'stream.ack').length === 4, 'the acks');
        const acks = s.tenant.journal.query({ sinceSeq: since, route: 'stream.ack' });
        expect(acks.map((e) => e.path.split(' ')[2])).toEqual(ids.map((id) => `messageId=${id}`));
        expect(acks.filter((e) => e.outcome !== 'ok')).toEqual([]);
        const opened = s.tenant.journal.query({ sinceSeq: since, route: 'api.gateway.connections.open' });
        expect(opened.length).toBe(2);
        expect(entries(since, 'stream.connect')).toEqual(
          drop
            ? ['connected', 'drop', 'closed', 'connected']
            : ['connected', 'disconnect', 'closed', 'connected'],
        );
        expect(new Set(got.map((f) => f.headers.connectionId)).size).toBe(2);
      } finally {
        s.tenant.faults.clear();
        client.disconnect();
        await until(() => s.tenant.bots.hub.connections(s.bot.appKey).length === 0, 'the close');
      }
    },
  );
});

describe('frames no SDK sends: the journal says what was wrong, the process never crashes', () => {
  async function rawBot(): Promise<WebSocket> {
    const r = await fetch(`${s.sb.url}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: s.bot.appKey,
        clientSecret: s.bot.appSecret,
        subscriptions: [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }],
      }),
    });
    const { endpoint, ticket } = (await r.json()) as { endpoint: string; ticket: string };
    const ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    return ws;
  }

  it('not JSON, no messageId, binary, an ack for an id never pushed and a repeated ack are journaled as refusals; the socket stays open and still acks', async () => {
    const since = s.lastSeq();
    const ws = await rawBot();
    const frames: { headers: { messageId: string } }[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    try {
      ws.send('hello');
      ws.send(JSON.stringify({ code: 200, headers: {}, message: 'OK', data: '{}' }));
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
      ws.send(
        JSON.stringify({ code: 200, headers: { messageId: 'never-pushed' }, message: 'OK', data: '{}' }),
      );
      const sent = say('原始连接');
      await until(() => frames.length === 1, 'the push');
      const ack = JSON.stringify({
        code: 200,
        headers: { messageId: sent.messageId },
        message: 'OK',
        data: '{}',
      });
      ws.send(ack);
      ws.send(ack);
      await until(() => entries(since, 'stream.ack').length === 3, 'the acks');
      const refused = s.tenant.journal.query({ sinceSeq: since, outcome: 'refused' });
      expect(refused.map((e) => [e.route, e.code, e.status])).toEqual([
        ['stream.connect', 'badFrame', 400],
        ['stream.connect', 'badFrame', 400],
        ['stream.connect', 'badFrame', 400],
        ['stream.ack', 'unknownAck', 404],
        ['stream.ack', 'duplicateAck', 409],
      ]);
      expect(refused.map((e) => e.reason)).toEqual([
        'the upstream frame is not JSON (5 characters)',
        'the upstream frame has no headers.messageId (an ack echoes the pushed messageId)',
        'a binary frame: Stream speaks JSON text frames only',
        'the ack names messageId never-pushed, which was never pushed to this app',
        `messageId ${sent.messageId} was acked already; the repeated ack is ignored`,
      ]);
      expect(ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      ws.close();
    }
  });

  it('an oversized frame closes the socket with 1009 and the journal says so; the sandbox still answers', async () => {
    const since = s.lastSeq();
    const ws = await rawBot();
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('x'.repeat(5000));
    expect(await closed).toBe(1009);
    const entry = s.tenant.journal.query({ sinceSeq: since, outcome: 'refused' }).at(-1)!;
    expect(entry.reason).toBe('an upstream frame over 4096 bytes: the connection is closed with 1009');
    expect((await fetch(`${s.sb.url}/__sandbox/health`)).status).toBe(200);
  });

  it('a request on another path that merely carries Upgrade: websocket is answered as plain HTTP (its body read)', async () => {
    const port = new URL(s.sb.url).port;
    const body = JSON.stringify({ userid: 'manager1471' });
    const answer = await exchangeRaw(
      Number(port),
      `POST /topapi/v2/user/get?access_token=nope HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Upgrade: websocket\r\nConnection: upgrade\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      errcode: 88,
      sub_code: '40014',
    });
  });

  it('an Upgrade request pipelined behind ordinary ones on the same connection: all are answered, in order, and the sandbox lives (fuzz seeds 1372095037, 600020292)', async () => {
    const port = new URL(s.sb.url).port;
    const body = JSON.stringify({ userid: 'manager1471' });
    const answer = await exchangeRaw(
      Number(port),
      `GET /__sandbox/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`.repeat(2) +
        `POST /topapi/v2/user/get?access_token=nope HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Upgrade: websocket\r\nConnection: upgrade\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // The first answer's body runs straight into the second's status line.
    expect(answer.match(/HTTP\/1\.1 \d{3} [A-Za-z ]+/g)).toEqual([
      'HTTP/1.1 200 OK',
      'HTTP/1.1 200 OK',
      'HTTP/1.1 200 OK',
    ]);
    expect(answer).toContain('{"ok":true');
    expect(JSON.parse(answer.slice(answer.lastIndexOf('\r\n\r\n') + 4))).toMatchObject({
      errcode: 88,
      sub_code: '40014',
    });
    expect((await fetch(`${s.sb.url}/__sandbox/health`)).status).toBe(200);
  });

  it('an upgrade on another path is answered 404 in the new host’s envelope', async () => {
    const ws = new WebSocket(`${s.sb.url.replace('http:', 'ws:')}/v1.0/not-stream`);
    const got = await new Promise<{ status: number; body: string }>((resolve) =>
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }),
    );
    expect(got.status).toBe(404);
    expect(JSON.parse(got.body)).toMatchObject({
      code: 'InvalidAction.NotFound',
      requestid: expect.any(String),
    });
  });
});
