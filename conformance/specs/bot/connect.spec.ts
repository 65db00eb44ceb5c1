/**
 * B1 — the bot under test opens its Stream connection: POST /v1.0/gateway/connections/open with its
 * clientId/clientSecret → {endpoint, ticket} → the WebSocket, and answers the server's SYSTEM pings;
 * a wrong secret is refused 401 authFailed 鉴权失败; a ticket used once, or older than 90 s on the
 * tenant's clock, is refused at the handshake with the reason in the journal.
 */
import WebSocket from 'ws';
import { expect, test } from '../../fixtures/bot.ts';

test('B1 the bot connects with its clientId and clientSecret and answers the server’s pings', async ({
  startBot,
  chat,
}) => {
  await startBot();
  await chat.connected();
  await expect
    .poll(async () => (await chat.connections())[0]?.pingsAnswered ?? 0, {
      message: 'SYSTEM pings answered',
      intervals: [50],
    })
    .toBeGreaterThan(0);
  const opened = (await chat.stream()).filter((e) => e.route === 'api.gateway.connections.open');
  expect(opened.map((e) => e.status)).toEqual([200]);
});

test('B1 a wrong clientSecret is refused 401 authFailed 鉴权失败 and the bot gets no connection', async ({
  startBot,
  chat,
  sandbox,
  robot,
}) => {
  await startBot({ clientSecret: 'not-the-secret' });
  await expect
    .poll(
      async () => (await chat.stream()).filter((e) => e.route === 'api.gateway.connections.open').length,
      {
        message: 'the bot’s gateway call',
        intervals: [50],
      },
    )
    .toBeGreaterThan(0);
  const opened = (await chat.stream()).filter((e) => e.route === 'api.gateway.connections.open');
  expect(opened.map((e) => e.status)).toEqual(opened.map(() => 401));
  expect(await chat.connections()).toEqual([]);
  // What the bot was told, as DingTalk words it.
  const res = await fetch(`${sandbox.url}/v1.0/gateway/connections/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      clientId: robot.appKey,
      clientSecret: 'not-the-secret',
      subscriptions: [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }],
    }),
  });
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ code: 'authFailed', message: '鉴权失败' });
});

test('B1 a used or stale ticket is refused at the handshake and the journal says why', async ({
  sandbox,
  robot,
  clock,
  journal,
}) => {
  const open = async () => {
    const res = await fetch(`${sandbox.url}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: robot.appKey,
        clientSecret: robot.appSecret,
        subscriptions: [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }],
      }),
    });
    expect(res.status).toBe(200);
    const { endpoint, ticket } = (await res.json()) as { endpoint: string; ticket: string };
    return `${endpoint}?ticket=${ticket}`;
  };
  /** The handshake's HTTP status: 101 when the WebSocket opened (then closed at once). */
  const handshake = (url: string) =>
    new Promise<number>((done, fail) => {
      const ws = new WebSocket(url);
      ws.once('open', () => {
        ws.close();
        done(101);
      });
      ws.once('unexpected-response', (_req, res) => {
        done(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('error', fail);
    });

  const used = await open();
  expect(await handshake(used)).toBe(101);
  expect(await handshake(used)).toBe(401);
  const stale = await open();
  await clock.advance(91);
  expect(await handshake(stale)).toBe(401);

  const refused = (await journal.refusals()).filter((e) => e.route === 'stream.connect');
  expect(refused.map((e) => e.reasonZh)).toEqual(
    expect.arrayContaining([
      expect.stringContaining('ticket 已被使用过'),
      expect.stringContaining('ticket 已过期'),
    ]),
  );
});
