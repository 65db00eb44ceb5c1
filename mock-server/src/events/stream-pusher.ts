/**
 * Stream event push (事件订阅, Stream 模式推送): the transport that takes the tenant outboxes' due Stream
 * deliveries and pushes each as an EVENT frame over one of the app's connections subscribed to EVENT
 * `*` (domain/bots/stream-hub.ts `pushEvent`). A SUCCESS ack delivers it; LATER, another code, no ack
 * in time or the connection closing first settle the attempt as failed, and the outbox retries it on
 * its own schedule (tenant clock). An app with no such connection keeps its deliveries pending: they go
 * out as soon as it connects. The hub journals every frame (host `stream`, route `stream.event`).
 */
import { streamPayload } from '../domain/events/directory-events.ts';
import type { Delivery } from '../domain/events/event-outbox.ts';
import type { Sandbox } from '../domain/tenancy/sandbox.ts';
import { OutboxWaker } from './outbox-waker.ts';
import type { Tenant } from '../domain/tenancy/tenant.ts';

export class StreamEventPusher {
  /** Tenants whose hub tells us of new connections. */
  private readonly watched = new WeakSet<Tenant>();
  private readonly waker: OutboxWaker;
  private readonly onAttached = () => this.waker.soon();

  constructor(
    private readonly sandbox: Sandbox,
    options: { tickMs?: number } = {},
  ) {
    this.waker = new OutboxWaker(sandbox, 'stream', () => this.tick(), options.tickMs);
  }

  start(): void {
    if (this.waker.running) return;
    this.waker.start();
    this.tick();
  }

  stop(): void {
    this.waker.stop();
    for (const tenant of this.sandbox.listTenants()) tenant.bots.hub.attached.delete(this.onAttached);
  }

  /** Push every due Stream delivery whose app has a connection subscribed to events. */
  tick(): void {
    for (const tenant of this.sandbox.listTenants()) {
      this.watch(tenant);
      const hub = tenant.bots.hub;
      const reachable = new Map<string, boolean>();
      for (const d of tenant.events.due('stream', tenant.clock.now())) {
        let can = reachable.get(d.appKey);
        if (can === undefined) reachable.set(d.appKey, (can = hub.canPushEvent(d.appKey)));
        if (!can || !tenant.events.begin(d)) continue;
        this.push(tenant, d);
      }
    }
  }

  private push(tenant: Tenant, d: Delivery): void {
    const e = d.event;
    tenant.bots.hub.pushEvent(
      d.appKey,
      {
        eventType: e.eventType,
        eventId: e.eventId,
        corpId: e.corpId,
        bornAt: e.bornAt,
        data: streamPayload(e),
      },
      (outcome) =>
        tenant.events.settle(d, {
          at: tenant.clock.now(),
          ok: outcome.ok,
          ...(outcome.code !== undefined ? { status: outcome.code } : {}),
          ...(outcome.answer !== undefined ? { answer: outcome.answer } : {}),
          reason: outcome.ok ? 'success' : outcome.reason.en,
          reasonZh: outcome.ok ? '成功' : outcome.reason.zh,
        }),
    );
  }

  private watch(tenant: Tenant): void {
    if (this.watched.has(tenant)) return;
    this.watched.add(tenant);
    tenant.bots.hub.attached.add(this.onAttached);
  }
}
