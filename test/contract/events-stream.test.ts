/**
 * V1 over Stream (事件订阅 › Stream模式推送): directory changes made through the admin API reach the
 * unmodified `dingtalk-stream` SDK (2.1.5) as EVENT frames — its `registerAllEventListener`, which
 * acks with `{status: SUCCESS|LATER}` as its handler returns (the SDK always subscribes EVENT `*`).
 * The frame is checked against DingTalk's protocol page (open-dingtalk/developerpedia
 * docs/learn/stream/protocol.md §事件推送) and the Java SDK's header names
 * (open-dingtalk/dingtalk-stream-sdk-java app-stream-api/…/message/EventHeaders.java).
 * Retries follow the events outbox's schedule on the tenant clock (the first after 10 s): the test
 * moves the clock and ticks the pusher, it never sleeps. A push nobody acks is settled as failed after
 * the hub's `redeliverMs` (a sandbox of its own with a short one).
 */
import { DWClient, EventAck, type DWClientDownStream } from 'dingtalk-stream';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../mock-server/src/domain/apps/apps.ts';
import type { Tenant } from '../../mock-server/src/domain/tenancy/tenant.ts';
import { type RunningSandbox, startSandbox } from '../../mock-server/src/start.ts';
import { streamSandbox, until, type StreamSandbox } from '../helpers/stream.ts';

let s: StreamSandbox;
beforeAll(async () => {
  s = await streamSandbox();
});
afterAll(() => s?.stop());

const clients: DWClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const t of s.sb.sandbox.listTenants()) {
    await until(() => t.bots.hub.connections().length === 0, 'every connection closed');
    for (const sub of t.events.listSubscriptions()) t.events.unsubscribe(sub.appKey);
  }
});

async function admin(method: string, path: string, json?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${s.sb.url}/__sandbox/api${path}`, {
    method,
    headers: json === undefined ? {} : { 'content-type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? {} : ((await r.json()) as Record<string, unknown>);
}

const subscribeStream = (tenant: Tenant, app: App, eventTypes: unknown = '*') =>
  admin('POST', `/tenants/${tenant.corpId}/apps/${app.appKey}/event-subscription`, {
    channel: 'stream',
    eventTypes,
  });

/** The SDK connected as `app`; its event handler answers what `answer` says (SUCCESS by default). */
async function connect(tenant: Tenant, app: App, answer: (n: number) => EventAck = () => EventAck.SUCCESS) {
  const got: DWClientDownStream[] = [];
  const client = new DWClient({ clientId: app.appKey, clientSecret: app.appSecret });
  client.registerAllEventListener((msg: DWClientDownStream) => {
    got.push(msg);
    return { status: answer(got.length) };
  });
  clients.push(client);
  const before = tenant.bots.hub.connections(app.appKey).length;
  await client.connect();
  await until(() => tenant.bots.hub.connections(app.appKey).length === before + 1, 'the connection');
  return { client, got };
}

const deliveriesOf = (tenant: Tenant, appKey: string) =>
  tenant.events
    .listEvents()
    .flatMap((e) => e.deliveries)
    .filter((d) => d.appKey === appKey);

describe('V1 over Stream: directory changes arrive as EVENT frames', () => {
  it('V1: user added / changed / left and department created / changed / removed reach the SDK as EVENT frames with DingTalk’s headers and data; SUCCESS ends each delivery', async () => {
    const { tenant, bot } = s;
    await subscribeStream(tenant, bot);
    const { got } = await connect(tenant, bot);
    const since = s.lastSeq();
    const corp = `/tenants/${tenant.corpId}`;
    const user = await admin('POST', `${corp}/users`, { name: '流事件新人', deptIds: [1] });
    const userid = user.userid as string;
    await admin('PATCH', `${corp}/users/${userid}`, { title: '数据分析师' });
    await admin('PATCH', `${corp}/users/${userid}`, { resigned: true });
    const dept = await admin('POST', `${corp}/departments`, { name: '流事件部', parentId: 1 });
    const deptId = dept.deptId as number;
    await admin('PATCH', `${corp}/departments/${deptId}`, { name: '流事件二部' });
    await admin('DELETE', `${corp}/departments/${deptId}`);

    await until(() => got.length === 6, 'six EVENT frames');
    expect(got.map((f) => f.type)).toEqual(Array(6).fill('EVENT'));
    expect(got.map((f) => f.headers.eventType)).toEqual([
      'user_add_org',
      'user_modify_org',
      'user_leave_org',
      'org_dept_create',
      'org_dept_modify',
      'org_dept_remove',
    ]);
    const events = tenant.events.listEvents().slice(0, 6).reverse();
    got.forEach((f, i) => {
      const h = f.headers as unknown as Record<string, string>;
      expect(Object.keys(h).sort()).toEqual([
        'contentType',
        'eventBornTime',
        'eventCorpId',
        'eventId',
        'eventType',
        'eventUnifiedAppId',
        'messageId',
        'time',
        'topic',
      ]);
      expect(h).toMatchObject({
        topic: '*',
        contentType: 'application/json',
        eventCorpId: tenant.corpId,
        eventUnifiedAppId: bot.appId,
        eventId: events[i]!.event.eventId,
        eventBornTime: String(events[i]!.event.bornAt),
      });
      expect(h.messageId).toMatch(/^[0-9a-f]+(_[0-9a-f]+){3}$/);
      expect(h.time).toMatch(/^\d{13}$/);
      expect(typeof f.data).toBe('string');
    });
    const data = got.map((f) => JSON.parse(f.data) as Record<string, unknown>);
    expect(data.slice(0, 3)).toEqual(
      got.slice(0, 3).map((f) => ({ timeStamp: f.headers.eventBornTime, userId: [userid] })),
    );
    expect(data.slice(3)).toEqual(
      got.slice(3).map((f) => ({ timeStamp: f.headers.eventBornTime, deptId: [deptId] })),
    );

    await until(() => deliveriesOf(tenant, bot.appKey).every((d) => d.state === 'delivered'), 'delivered');
    expect(deliveriesOf(tenant, bot.appKey)).toHaveLength(6);
    expect(tenant.events.pendingCount(bot.appKey)).toBe(0);
    const pushes = s.tenant.journal.query({ sinceSeq: since, route: 'stream.event' });
    expect(pushes.map((e) => e.host)).toEqual(Array(6).fill('stream'));
    expect(pushes.map((e) => e.path.split(' connectionId=')[0])).toEqual(
      got.map(
        (f) => `push * ${f.headers.eventType} eventId=${f.headers.eventId} messageId=${f.headers.messageId}`,
      ),
    );
    expect(s.tenant.journal.query({ sinceSeq: since, route: 'stream.ack' }).map((e) => e.outcome)).toEqual(
      Array(6).fill('ok'),
    );
    // Nothing left to push: another tick sends nothing again.
    s.sb.streamEventPusher.tick();
    expect(got).toHaveLength(6);
  });

  it('V1: LATER brings the same event again (same eventId, new messageId) only after the retry delay on the tenant clock; SUCCESS then ends it', async () => {
    const { tenant, bot } = s;
    await subscribeStream(tenant, bot);
    const { got } = await connect(tenant, bot, (n) => (n === 1 ? EventAck.LATER : EventAck.SUCCESS));
    const since = s.lastSeq();
    const someone = [...tenant.directory.allUsers()].find((u) => !u.resigned)!.userid;
    await admin('PATCH', `/tenants/${tenant.corpId}/users/${someone}`, { title: '稍后处理' });
    await until(() => got.length === 1, 'the first push');
    const [delivery] = deliveriesOf(tenant, bot.appKey).filter((d) => d.event.userIds?.[0] === someone);
    await until(() => delivery!.attempts.length === 1, 'the LATER ack settled');
    expect(delivery!.state).toBe('pending');
    expect(delivery!.attempts[0]).toMatchObject({ ok: false, status: 200 });
    expect(delivery!.attempts[0]!.reason).toContain('status LATER');
    expect(delivery!.nextAt - delivery!.attempts[0]!.at).toBe(tenant.events.retryDelaysMs[0]);
    const later = s.tenant.journal.query({ sinceSeq: since, route: 'stream.ack' });
    expect(later.map((e) => [e.host, e.outcome, e.code])).toEqual([['stream', 'refused', 'eventLater']]);

    s.sb.streamEventPusher.tick();
    expect(got).toHaveLength(1); // not before the delay

    await admin('POST', `/tenants/${tenant.corpId}/clock`, { advanceSeconds: 10 });
    s.sb.streamEventPusher.tick();
    await until(() => got.length === 2, 'the retry');
    expect(got[1]!.headers.eventId).toBe(got[0]!.headers.eventId);
    expect(got[1]!.headers.messageId).not.toBe(got[0]!.headers.messageId);
    await until(() => delivery!.state === 'delivered', 'delivered after SUCCESS');
    expect(delivery!.attempts.map((a) => a.ok)).toEqual([false, true]);
  });
});

describe('V1 over Stream: who hears an event', () => {
  it('V1: an app connected with EVENT * but not subscribed (事件订阅 not set to Stream) gets nothing; the subscribed bot gets it', async () => {
    const { tenant, bot } = s;
    const other = tenant.listApps().find((a) => !a.robot)!;
    await subscribeStream(tenant, bot);
    const listener = await connect(tenant, other);
    const subscribed = await connect(tenant, bot);
    const someone = [...tenant.directory.allUsers()].find((u) => !u.resigned)!.userid;
    await admin('PATCH', `/tenants/${tenant.corpId}/users/${someone}`, { title: '只给订阅者' });
    await until(() => subscribed.got.length === 1, 'the subscribed bot’s event');
    s.sb.streamEventPusher.tick();
    expect(listener.got).toEqual([]);
    expect(deliveriesOf(tenant, other.appKey)).toEqual([]);
  });

  it('V1: another tenant’s subscribed, connected app gets nothing of this tenant’s changes, and only its own', async () => {
    const { tenant, bot } = s;
    const created = await admin('POST', '/tenants', { name: '流事件另一家' });
    const otherTenant = s.sb.sandbox.getTenant(created.corpId as string)!;
    const otherBot = otherTenant.listApps().find((a) => a.robot)!;
    try {
      await subscribeStream(tenant, bot);
      await subscribeStream(otherTenant, otherBot);
      const mine = await connect(tenant, bot);
      const theirs = await connect(otherTenant, otherBot);
      const someone = [...tenant.directory.allUsers()].find((u) => !u.resigned)!.userid;
      await admin('PATCH', `/tenants/${tenant.corpId}/users/${someone}`, { title: '本企业' });
      await until(() => mine.got.length === 1, 'this tenant’s event');
      s.sb.streamEventPusher.tick();
      expect(theirs.got).toEqual([]);

      const theirUser = [...otherTenant.directory.allUsers()].find((u) => !u.resigned)!.userid;
      await admin('PATCH', `/tenants/${otherTenant.corpId}/users/${theirUser}`, { title: '另一家' });
      await until(() => theirs.got.length === 1, 'the other tenant’s event');
      expect(theirs.got[0]!.headers.eventCorpId).toBe(otherTenant.corpId);
      s.sb.streamEventPusher.tick();
      expect(mine.got).toHaveLength(1);
    } finally {
      for (const c of clients.splice(0)) c.disconnect();
      await until(() => otherTenant.bots.hub.connections().length === 0, 'the other tenant’s close');
      await admin('DELETE', `/tenants/${otherTenant.corpId}`);
    }
  });

  it('V1: a bot that connects late receives what was pending for it, in order', async () => {
    const { tenant, bot } = s;
    await subscribeStream(tenant, bot);
    const since = s.lastSeq();
    const users = [...tenant.directory.allUsers()].filter((u) => !u.resigned).slice(0, 2);
    for (const u of users)
      await admin('PATCH', `/tenants/${tenant.corpId}/users/${u.userid}`, { title: '等连接' });
    s.sb.streamEventPusher.tick();
    expect(tenant.events.pendingCount(bot.appKey)).toBe(2);
    const waiting = deliveriesOf(tenant, bot.appKey).filter((d) => d.state === 'pending');
    expect(waiting.map((d) => d.attempts.length)).toEqual([0, 0]);
    expect(s.tenant.journal.query({ sinceSeq: since, route: 'stream.event' })).toEqual([]);

    const { got } = await connect(tenant, bot);
    await until(() => got.length === 2, 'what was pending');
    expect(got.map((f) => (JSON.parse(f.data) as { userId: string[] }).userId[0])).toEqual(
      users.map((u) => u.userid),
    );
    await until(() => tenant.events.pendingCount(bot.appKey) === 0, 'both delivered');
  });
});

describe('V1 over Stream: acks no SDK here sends', () => {
  it('V1: the Go SDK’s failure ack (code 500, LATER) and a connection closed before its ack both leave the event pending for a retry', async () => {
    // open-dingtalk/dingtalk-stream-sdk-go client/frame_handler.go answers a failed event with code
    // 500 and data {"status":"LATER","message":"later"}; a raw socket stands in for it here.
    const { tenant, bot } = s;
    await subscribeStream(tenant, bot);
    const r = await fetch(`${s.sb.url}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: bot.appKey,
        clientSecret: bot.appSecret,
        subscriptions: [{ type: 'EVENT', topic: '*' }],
        ua: 'dingtalk-sdk-go/v0.9.2',
      }),
    });
    const { endpoint, ticket } = (await r.json()) as { endpoint: string; ticket: string };
    const frames: { headers: Record<string, string> }[] = [];
    const ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
    ws.on('message', (m) => frames.push(JSON.parse(String(m)) as { headers: Record<string, string> }));
    await new Promise((ok) => ws.once('open', ok));
    const someone = [...tenant.directory.allUsers()].find((u) => !u.resigned)!.userid;
    await admin('PATCH', `/tenants/${tenant.corpId}/users/${someone}`, { title: 'Go 客户端' });
    await until(() => frames.length === 1, 'the push');
    const [delivery] = deliveriesOf(tenant, bot.appKey).filter((d) => d.state === 'pending');
    ws.send(
      JSON.stringify({
        code: 500,
        headers: { contentType: 'application/json', messageId: frames[0]!.headers.messageId },
        message: 'internal error',
        data: JSON.stringify({ status: 'LATER', message: 'later' }),
      }),
    );
    await until(() => delivery!.attempts.length === 1, 'the 500 ack settled');
    expect(delivery!.attempts[0]).toMatchObject({ ok: false, status: 500 });

    await admin('POST', `/tenants/${tenant.corpId}/clock`, { advanceSeconds: 10 });
    s.sb.streamEventPusher.tick();
    await until(() => frames.length === 2, 'the retry');
    ws.close();
    await until(() => delivery!.attempts.length === 2, 'the close settled');
    expect(delivery!.state).toBe('pending');
    expect(delivery!.attempts[1]!.reason).toBe(
      'the connection closed before the ack: the event is retried later',
    );
    expect(s.tenant.journal.query({ route: 'stream.event', outcome: 'refused' }).at(-1)).toMatchObject({
      host: 'stream',
      code: 'eventLost',
      status: 502,
    });
  });
});

describe('V1 over Stream: an EVENT push nobody acks', () => {
  // Its own sandbox, with a short ack wait: the hub's redeliverMs (60 s by default, as DingTalk's
  // ~60 s re-push of unacked messages) bounds how long an EVENT push waits for its ack.
  const REDELIVER_MS = 150;
  let own: RunningSandbox;
  beforeAll(async () => {
    own = await startSandbox({ port: 0, bots: { redeliverMs: REDELIVER_MS, pingMs: 0 } });
  });
  afterAll(() => own?.stop());

  it('V1: a client that gets the EVENT frame and never acks has the attempt failed after redeliverMs (eventTimeout, 504), retried on the outbox’s schedule; a late ack changes nothing; SUCCESS on the retry delivers it', async () => {
    const tenant = own.defaultTenant;
    const bot = tenant.listApps().find((a) => a.robot)!;
    const api = (method: string, path: string, json?: unknown) =>
      fetch(`${own.url}/__sandbox/api${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: json === undefined ? undefined : JSON.stringify(json),
      }).then((r) => expect(r.status).toBeLessThan(300));
    await api('POST', `/tenants/${tenant.corpId}/apps/${bot.appKey}/event-subscription`, {
      channel: 'stream',
    });
    // A bare client on the sandbox's own origin (no SDK here acks late or never): EVENT * only.
    const r = await fetch(`${own.url}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: bot.appKey,
        clientSecret: bot.appSecret,
        subscriptions: [{ type: 'EVENT', topic: '*' }],
        ua: 'silent-client/1.0',
      }),
    });
    const { endpoint, ticket } = (await r.json()) as { endpoint: string; ticket: string };
    const frames: { headers: Record<string, string> }[] = [];
    const ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
    ws.on('message', (m) => frames.push(JSON.parse(String(m)) as { headers: Record<string, string> }));
    await new Promise((ok) => ws.once('open', ok));
    try {
      const since = tenant.journal.lastSeq;
      const someone = [...tenant.directory.allUsers()].find((u) => !u.resigned)!.userid;
      await api('PATCH', `/tenants/${tenant.corpId}/users/${someone}`, { title: '无人应答' });
      await until(() => frames.length === 1, 'the push');
      const [delivery] = deliveriesOf(tenant, bot.appKey);
      expect(delivery!.attempts).toEqual([]); // in flight, waiting for the ack

      await until(() => delivery!.attempts.length === 1, 'the ack wait running out');
      expect(delivery!.state).toBe('pending');
      expect(delivery!.attempts[0]).toMatchObject({
        ok: false,
        reason: `no ack within ${REDELIVER_MS} ms: the event is retried later`,
        reasonZh: `${REDELIVER_MS} ms 内未应答，事件稍后重新推送`,
      });
      expect(delivery!.attempts[0]).not.toHaveProperty('status');
      expect(delivery!.nextAt - delivery!.attempts[0]!.at).toBe(tenant.events.retryDelaysMs[0]);
      const messageId = frames[0]!.headers.messageId!;
      expect(
        tenant.journal
          .query({ sinceSeq: since, route: 'stream.event' })
          .map((e) => [e.outcome, e.code ?? null, e.status, e.path.split(' ')[0]]),
      ).toEqual([
        ['ok', null, 200, 'push'],
        ['refused', 'eventTimeout', 504, 'eventTimeout'],
      ]);

      // The ack that comes too late is for a push already settled: journaled, nothing changes.
      ws.send(
        JSON.stringify({ code: 200, headers: { messageId }, message: 'OK', data: '{"status":"SUCCESS"}' }),
      );
      await until(
        () => tenant.journal.query({ sinceSeq: since, route: 'stream.ack' }).length === 1,
        'the late ack journaled',
      );
      expect(tenant.journal.query({ sinceSeq: since, route: 'stream.ack' })[0]).toMatchObject({
        outcome: 'refused',
        code: 'unknownAck',
      });
      own.streamEventPusher.tick();
      expect(frames).toHaveLength(1); // not again before the retry delay
      expect(delivery!.attempts).toHaveLength(1);

      await api('POST', `/tenants/${tenant.corpId}/clock`, { advanceSeconds: 10 });
      await until(() => frames.length === 2, 'the retry');
      expect(frames[1]!.headers.eventId).toBe(frames[0]!.headers.eventId);
      expect(frames[1]!.headers.messageId).not.toBe(messageId);
      ws.send(
        JSON.stringify({
          code: 200,
          headers: { messageId: frames[1]!.headers.messageId },
          message: 'OK',
          data: '{"status":"SUCCESS"}',
        }),
      );
      await until(() => delivery!.state === 'delivered', 'delivered after SUCCESS');
      expect(delivery!.attempts.map((a) => a.ok)).toEqual([false, true]);
    } finally {
      ws.close();
      await until(() => tenant.bots.hub.connections().length === 0, 'the close');
    }
  });
});
