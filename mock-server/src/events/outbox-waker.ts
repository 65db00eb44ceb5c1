/**
 * When an event transport looks at the outboxes (`tick`): every `tickMs`, and at once (next turn of the
 * event loop, coalesced) when a delivery of its channel is queued, a tenant's clock jumps, or the
 * transport itself asks (`soon`, e.g. a Stream connection opened). The HTTP and Stream pushers share it.
 */
import type { Delivery, EventChannel } from '../domain/events/event-outbox.ts';
import type { Sandbox } from '../domain/tenancy/sandbox.ts';
import type { Tenant } from '../domain/tenancy/tenant.ts';

export class OutboxWaker {
  private timer: NodeJS.Timeout | null = null;
  private pending: NodeJS.Immediate | null = null;
  private readonly onQueued = (_tenant: Tenant, d: Delivery) => {
    if (d.channel === this.channel) this.soon();
  };
  private readonly onClockMoved = () => this.soon();

  constructor(
    private readonly sandbox: Sandbox,
    private readonly channel: EventChannel,
    private readonly tick: () => void,
    private readonly tickMs = 1000,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.sandbox.eventQueued.add(this.onQueued);
    this.sandbox.clockMoved.add(this.onClockMoved);
    this.timer = setInterval(this.tick, this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sandbox.eventQueued.delete(this.onQueued);
    this.sandbox.clockMoved.delete(this.onClockMoved);
    if (this.pending) clearImmediate(this.pending);
    this.pending = null;
  }

  /** Tick on the next turn of the event loop (once, however often asked meanwhile); not when stopped. */
  soon(): void {
    if (this.pending || !this.timer) return;
    this.pending = setImmediate(() => {
      this.pending = null;
      this.tick();
    });
  }
}
