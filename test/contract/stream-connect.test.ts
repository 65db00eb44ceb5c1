/**
 * B1 — a bot opens a Stream connection: `POST /v1.0/gateway/connections/open` → ticket → WebSocket,
 * with the unmodified `dingtalk-stream` SDK (2.1.5) reaching https://api.dingtalk.com and
 * wss://wss-open-connection.dingtalk.com through the register hook's routing (test/helpers/stream.ts).
 * Wrong secret: DingTalk's 401 authFailed 鉴权失败; a used or stale ticket: the handshake is refused
 * and the journal says why.
 */
import { DWClient } from 'dingtalk-stream';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamSandbox, until, type StreamSandbox } from '../helpers/stream.ts';

let s: StreamSandbox;
beforeAll(async () => {
  s = await streamSandbox({ pingMs: 50 });
});
afterAll(() => s?.stop());

/** The gateway over plain HTTP to the sandbox's own origin (a base-URL client). */
async function open(body: Record<string, unknown>) {
  const r = await fetch(`${s.sb.url}/v1.0/gateway/connections/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, string> };
}

/** A raw WebSocket: 'open', or the refused handshake's status and JSON body. */
function connect(
  url: string,
): Promise<{ open: WebSocket } | { status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => resolve({ open: ws }));
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    ws.on('error', reject);
  });
}

/** The SDK as a bot writes it; `autoReconnect` is a real option its typings omit. */
const sdk = (clientSecret: string) =>
  new DWClient({ clientId: s.bot.appKey, clientSecret, autoReconnect: false } as ConstructorParameters<
    typeof DWClient
  >[0]);

const subscriptions = [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }];

describe('B1: the Stream gateway and the WebSocket', () => {
  it('B1: the SDK connects with the right credentials — endpoint wss://wss-open-connection.dingtalk.com:443/connect, a single ticket, pings answered', async () => {
    const since = s.lastSeq();
    const client = sdk(s.bot.appSecret);
    client.registerCallbackListener('/v1.0/im/bot/messages/get', () => undefined);
    try {
      await client.connect();
      const endpoint = client.getConfig().endpoint as unknown as { endpoint: string; ticket: string };
      expect(endpoint.endpoint).toBe('wss://wss-open-connection.dingtalk.com:443/connect');
      expect(endpoint.ticket).toMatch(/^[0-9a-f-]{36}$/);
      expect(client.connected).toBe(true);
      // The SDK's default subscriptions (EVENT *) plus its robot callback, recorded on the connection.
      // (dingtalk-stream 2.1.5 shares one default subscriptions array between every DWClient of a process,
      // so topics other clients registered earlier in this worker may be listed too: arrayContaining.)
      await until(
        () => (s.tenant.bots.hub.connections(s.bot.appKey)[0]?.pingsAnswered ?? 0) > 0,
        'a ping ack',
      );
      expect(s.tenant.bots.hub.connections(s.bot.appKey)[0]?.subscriptions).toEqual(
        expect.arrayContaining([
          { type: 'EVENT', topic: '*' },
          { type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
        ]),
      );
      const routes = s.journal(since).map((e) => [e.route, e.status, e.outcome]);
      expect(routes).toEqual([
        ['api.gateway.connections.open', 200, 'ok'],
        ['stream.connect', 200, 'ok'],
      ]);
    } finally {
      client.disconnect();
    }
  });

  it('B1: a wrong clientSecret is refused with DingTalk’s 401 {code: authFailed, message: 鉴权失败} and no ticket', async () => {
    const client = sdk('not-the-secret');
    const failed = await client.getEndpoint().then(
      () => null,
      (e: { response?: { status: number; data: unknown } }) => e.response,
    );
    expect(failed?.status).toBe(401);
    expect(failed?.data).toEqual({ code: 'authFailed', message: '鉴权失败', requestid: expect.any(String) });
    const entry = s.tenant.journal.query({ route: 'api.gateway.connections.open' }).at(-1)!;
    expect(entry).toMatchObject({ status: 401, outcome: 'refused', code: 'authFailed' });
    expect(entry.reason).toContain('does not match');
    // An unknown clientId too.
    expect((await open({ clientId: 'dingnobody', clientSecret: 'x', subscriptions })).body).toMatchObject({
      code: 'authFailed',
      message: '鉴权失败',
    });
  });

  it('B1: called on the sandbox’s own origin, the endpoint is ws://<that origin>/connect and it works', async () => {
    const r = await open({
      clientId: s.bot.appKey,
      clientSecret: s.bot.appSecret,
      subscriptions,
      ua: 'test/1.0',
    });
    expect(r.status).toBe(200);
    expect(r.body.endpoint).toBe(`${s.sb.url.replace('http:', 'ws:')}/connect`);
    const got = await connect(`${r.body.endpoint}?ticket=${r.body.ticket}`);
    expect('open' in got).toBe(true);
    if ('open' in got) got.open.close();
  });

  it('B1: a used ticket and a stale one (90 s on the tenant clock) are refused at the handshake, the journal saying which', async () => {
    const r = await open({ clientId: s.bot.appKey, clientSecret: s.bot.appSecret, subscriptions });
    const url = `${r.body.endpoint}?ticket=${r.body.ticket}`;
    const first = await connect(url);
    expect('open' in first).toBe(true);
    if ('open' in first) first.open.close();
    expect(await connect(url)).toEqual({
      status: 401,
      body: { code: 'authFailed', message: '鉴权失败', requestid: expect.any(String) },
    });
    expect(s.tenant.journal.query({ route: 'stream.connect', outcome: 'refused' }).at(-1)?.reason).toMatch(
      /used already/,
    );

    const stale = await open({ clientId: s.bot.appKey, clientSecret: s.bot.appSecret, subscriptions });
    s.tenant.clock.advance(91_000);
    try {
      expect(await connect(`${stale.body.endpoint}?ticket=${stale.body.ticket}`)).toMatchObject({
        status: 401,
      });
    } finally {
      s.tenant.clock.advance(-91_000);
    }
    const last = s.tenant.journal.query({ route: 'stream.connect', outcome: 'refused' }).at(-1)!;
    expect(last.reason).toMatch(/expired 1 s ago/);
    expect(last.path).not.toContain(stale.body.ticket);
    expect(await connect(`${stale.body.endpoint}?ticket=invented`)).toMatchObject({ status: 401 });
  });

  it('B1: a body without subscriptions is refused in the new host’s envelope, never a 500', async () => {
    const r = await open({ clientId: s.bot.appKey, clientSecret: s.bot.appSecret });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: expect.any(String), requestid: expect.any(String) });
  });
});
