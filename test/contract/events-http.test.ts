/**
 * V1–V4 over HTTP: an app registers an event callback URL (check_url handshake), directory changes made
 * through the admin API are pushed to it encrypted and signed, failures are retried on the tenant clock
 * and end in get_call_back_failed_result. The receivers here are real HTTP servers on loopback that
 * do what DingTalk's DingCallbackCrypto receivers do.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openCallback, sealCallback } from '../../mock-server/src/domain/events/callback-crypto.ts';
import { HttpEventPusher } from '../../mock-server/src/events/http-pusher.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const TOKEN = 'tok3n';
const AES_KEY = 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7';

interface Received {
  query: URLSearchParams;
  plain?: Record<string, unknown>;
  refused?: string;
}

type Behaviour = 'correct' | 'plainSuccess' | 'down' | 'slow' | 'garbage';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

/** A receiver as DingTalk's sample code writes it: verify, decrypt, answer the encrypted "success". */
async function receiver(appKey: string, behaviour: { now: Behaviour }) {
  const got: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const query = new URL(req.url!, 'http://x').searchParams;
      const b = behaviour.now;
      if (b === 'down') return void res.socket?.destroy();
      if (b === 'slow') return void setTimeout(() => res.end('late'), 3000).unref();
      if (b === 'garbage') return void res.end('<html>oops</html>');
      const secrets = { token: TOKEN, aesKey: AES_KEY, ownerKey: appKey };
      let plain: Record<string, unknown>;
      try {
        const encrypt = (JSON.parse(body) as { encrypt: string }).encrypt;
        plain = JSON.parse(
          openCallback(secrets, {
            msg_signature: query.get('msg_signature') ?? '',
            timeStamp: query.get('timestamp') ?? '',
            nonce: query.get('nonce') ?? '',
            encrypt,
          }),
        ) as Record<string, unknown>;
      } catch (e) {
        got.push({ query, refused: String(e) });
        res.statusCode = 400;
        return void res.end('refused');
      }
      got.push({ query, plain });
      if (b === 'plainSuccess') return void res.end('success');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(sealCallback(secrets, 'success', String(Date.now()), 'n1')));
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dingtalk/events`;
  return { url, got };
}

async function subscribe(s: TestSandbox, appKey: string, url: string, extra: Record<string, unknown> = {}) {
  return s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${appKey}/event-subscription`, {
    json: { channel: 'http', url, token: TOKEN, aesKey: AES_KEY, ...extra },
  });
}

async function leave(s: TestSandbox, userid: string) {
  const r = await s.request('PATCH', `/__sandbox/api/tenants/${s.tenant.corpId}/users/${userid}`, {
    json: { resigned: true },
  });
  expect(r.statusCode).toBe(200);
}

function someUser(s: TestSandbox, skip = 0): string {
  return [...s.tenant.directory.allUsers()].filter((u) => !u.resigned)[skip]!.userid;
}

async function advance(s: TestSandbox, seconds: number) {
  await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/clock`, {
    json: { advanceSeconds: seconds },
  });
  s.eventPusher.tick();
  await s.eventPusher.settled();
}

async function settle(s: TestSandbox) {
  await new Promise((r) => setImmediate(r));
  await s.eventPusher.settled();
}

describe('registering an event callback URL (V2)', () => {
  it('V2 sends the encrypted check_url and registers the URL on an encrypted "success"', async () => {
    const s = makeSandbox();
    const rx = await receiver(s.main.appKey, { now: 'correct' });
    const r = await subscribe(s, s.main.appKey, rx.url);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ channel: 'http', url: rx.url, eventTypes: '*' });
    expect(JSON.stringify(r.json())).not.toContain(AES_KEY);
    expect(rx.got).toHaveLength(1);
    expect(rx.got[0]!.plain).toEqual({ EventType: 'check_url' });
    expect([...rx.got[0]!.query.keys()].sort()).toEqual(['msg_signature', 'nonce', 'timestamp']);
  });

  it('V2 refuses a URL that answers a plain "success", says why, and registers nothing', async () => {
    const s = makeSandbox();
    const rx = await receiver(s.main.appKey, { now: 'plainSuccess' });
    const r = await subscribe(s, s.main.appKey, rx.url);
    expect(r.statusCode).toBe(400);
    expect((r.json() as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'checkUrlFailed',
      message: expect.stringContaining('not the encrypted JSON'),
    });
    expect(s.tenant.events.subscription(s.main.appKey)).toBeUndefined();
  });

  it('V2 refuses a URL that does not answer within 1500 ms', async () => {
    const s = makeSandbox();
    const rx = await receiver(s.main.appKey, { now: 'slow' });
    const r = await subscribe(s, s.main.appKey, rx.url);
    expect(r.statusCode).toBe(400);
    expect((r.json() as { error: { message: string } }).error.message).toContain('no answer within 1500 ms');
  });

  it('refuses a malformed subscription in the admin shape: a short aes_key, a non-http URL', async () => {
    const s = makeSandbox();
    const bad = await subscribe(s, s.main.appKey, 'ftp://x/y', { aesKey: 'short' });
    expect(bad.statusCode).toBe(400);
    const { error } = bad.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('invalidBody');
    expect(error.message).toMatch(/aes_key must be 43/);
    expect(error.message).toMatch(/http:\/\/ or https:\/\//);
  });
});

describe('directory events pushed over HTTP (V1, V3, V4)', () => {
  it('V1 a user who leaves is pushed as user_leave_org, signed and encrypted for the app, to it alone', async () => {
    const s = makeSandbox();
    const rx = await receiver(s.main.appKey, { now: 'correct' });
    const other = await receiver(s.fresh.appKey, { now: 'correct' });
    expect((await subscribe(s, s.main.appKey, rx.url)).statusCode).toBe(200);
    expect(
      (await subscribe(s, s.fresh.appKey, other.url, { eventTypes: ['org_dept_create'] })).statusCode,
    ).toBe(200);
    const userid = someUser(s);
    await leave(s, userid);
    await settle(s);
    expect(rx.got.map((g) => g.plain)).toEqual([
      { EventType: 'check_url' },
      {
        EventType: 'user_leave_org',
        TimeStamp: expect.any(Number),
        UserId: [userid],
        CorpId: s.tenant.corpId,
      },
    ]);
    expect(other.got.map((g) => g.plain)).toEqual([{ EventType: 'check_url' }]);
    const events = (await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/events`)).json() as {
      events: {
        eventType: string;
        deliveries: { appKey: string; state: string; attempts: { ok: boolean }[] }[];
      }[];
    };
    expect(events.events[0]).toMatchObject({
      eventType: 'user_leave_org',
      deliveries: [{ appKey: s.main.appKey, state: 'delivered', attempts: [{ ok: true }] }],
    });
  });

  it('V1 never reaches another tenant’s app', async () => {
    const s = makeSandbox();
    const rx = await receiver(s.main.appKey, { now: 'correct' });
    await subscribe(s, s.main.appKey, rx.url);
    const created = await s.request('POST', '/__sandbox/api/tenants', { json: { name: '另一家' } });
    const other = (created.json() as { corpId: string }).corpId;
    const someone = (
      (await s.request('GET', `/__sandbox/api/tenants/${other}/users?limit=1`)).json() as {
        users: { userid: string }[];
      }
    ).users[0]!.userid;
    await s.request('PATCH', `/__sandbox/api/tenants/${other}/users/${someone}`, {
      json: { resigned: true },
    });
    await settle(s);
    expect(rx.got.map((g) => g.plain?.EventType)).toEqual(['check_url']);
  });

  it('V3 a push signed wrongly by a fault rule is refused by a correct receiver, journaled, and retried', async () => {
    const s = makeSandbox();
    const rx = await receiver(s.main.appKey, { now: 'correct' });
    await subscribe(s, s.main.appKey, rx.url);
    const rule = await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/faults`, {
      json: { match: { host: 'event' }, action: { type: 'wrongSignature' } },
    });
    expect(rule.statusCode).toBe(201);
    const userid = someUser(s);
    await leave(s, userid);
    await settle(s);
    expect(rx.got[1]!.refused).toMatch(/签名不匹配/);
    const failed = s.tenant.journal.query({ route: 'event.http.push' });
    expect(failed.at(-1)).toMatchObject({ outcome: 'refused', status: 400, appKey: s.main.appKey });
    expect(failed.at(-1)!.reason).toMatch(/HTTP 400 \(fault rule f1: wrongSignature\); next try at/);
    await advance(s, 10);
    expect(rx.got[2]!.plain).toMatchObject({ EventType: 'user_leave_org', UserId: [userid] });
  });

  it('V4 a receiver that is down gets retries on the schedule, then the push waits in get_call_back_failed_result, returned once', async () => {
    const s = makeSandbox();
    const behaviour = { now: 'correct' as Behaviour };
    const rx = await receiver(s.main.appKey, behaviour);
    await subscribe(s, s.main.appKey, rx.url);
    behaviour.now = 'down';
    const userid = someUser(s);
    await leave(s, userid);
    await settle(s);
    for (const seconds of [10, 30, 60, 300, 1800, 3600, 10800, 21600]) await advance(s, seconds);
    const [event] = s.tenant.events.listEvents(1);
    expect(event!.deliveries[0]!.state).toBe('failed');
    expect(event!.deliveries[0]!.attempts).toHaveLength(9);
    const token = await s.tokenFor();
    const first = (
      await s.request('GET', `/call_back/get_call_back_failed_result?access_token=${token}`)
    ).json();
    expect(first).toEqual({
      errcode: 0,
      errmsg: 'ok',
      has_more: false,
      failed_list: [
        {
          event_time: expect.any(Number),
          call_back_tag: 'user_leave_org',
          userid: [userid],
          deptid: [],
          corpid: s.tenant.corpId,
        },
      ],
    });
    const again = (
      await s.request('GET', `/call_back/get_call_back_failed_result?access_token=${token}`)
    ).json();
    expect(again).toMatchObject({ errcode: 0, failed_list: [] });
  });

  it('V4 moving the tenant clock past a retry pushes it at once, not at the pusher’s next tick', async () => {
    const s = makeSandbox();
    await s.eventPusher.stop();
    const pusher = new HttpEventPusher(s.sandbox, { tickMs: 3_600_000 });
    pusher.start();
    const behaviour = { now: 'correct' as Behaviour };
    const rx = await receiver(s.main.appKey, behaviour);
    await subscribe(s, s.main.appKey, rx.url);
    behaviour.now = 'down';
    await leave(s, someUser(s));
    await new Promise((r) => setImmediate(r));
    await pusher.settled();
    behaviour.now = 'correct';
    await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/clock`, {
      json: { advanceSeconds: 10 },
    });
    await new Promise((r) => setImmediate(r));
    await pusher.settled();
    await pusher.stop();
    expect(rx.got.map((g) => g.plain?.EventType)).toEqual(['check_url', 'user_leave_org']);
  });

  it('a garbage-answering or silent receiver does not hold up another app’s push', async () => {
    const s = makeSandbox();
    const slow = { now: 'correct' as Behaviour };
    const stuck = await receiver(s.main.appKey, slow);
    const fine = await receiver(s.fresh.appKey, { now: 'correct' });
    await subscribe(s, s.main.appKey, stuck.url);
    await subscribe(s, s.fresh.appKey, fine.url);
    slow.now = 'slow';
    await leave(s, someUser(s));
    await new Promise((r) => setImmediate(r));
    const deadline = Date.now() + 2000;
    while (fine.got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(fine.got[1]!.plain).toMatchObject({ EventType: 'user_leave_org' });
    expect(s.tenant.events.pendingCount(s.main.appKey)).toBe(1);
  });
});
