/**
 * A tenant's events and their deliveries (事件订阅): which app hears which event, by which channel
 * (HTTP push or Stream), every attempt and its answer, retries on the tenant clock, and the failed
 * pushes `get_call_back_failed_result` hands out once.
 *
 * One outbox, two transports: the HTTP pusher and the Stream gateway each take the deliveries of their
 * channel that are due (`due`), mark them begun, and report each attempt (`settle`). Everything is
 * bounded: a receiver down for a day of tenant-clock time costs at most `maxPendingPerApp` pending
 * deliveries (the oldest dropped, reported through `hooks.dropped`), `recentLimit` finished ones and
 * `failedLimit` failed ones per app.
 */
import { randomUUID } from 'node:crypto';
import {
  DIRECTORY_EVENT_TYPES,
  eventOfChange,
  type ChatChange,
  type DingTalkEvent,
  type DirectoryChange,
  type DirectoryEventType,
  type EventType,
} from './directory-events.ts';

export type EventChannel = 'http' | 'stream';

/** How an app subscribes (the developer console's 事件订阅 page): one push mode, the ticked event types. */
export interface EventSubscription {
  appKey: string;
  channel: EventChannel;
  /** The ticked event types, or every one. */
  eventTypes: readonly EventType[] | '*';
  /** HTTP push only: the registered URL and its secrets (set once check_url succeeded). */
  http?: { url: string; token: string; aesKey: string; verifiedAt: number };
}

export interface DeliveryAttempt {
  at: number;
  ok: boolean;
  /** HTTP status of the receiver's answer, or the Stream ack's code. */
  status?: number;
  /** What the receiver answered (truncated), for the console. */
  answer?: string;
  /** Why it counted as failed (or 'success'). */
  reason: string;
  reasonZh: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'dropped';

export interface Delivery {
  id: string;
  event: DingTalkEvent;
  appKey: string;
  channel: EventChannel;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  /** Tenant-clock ms of the next attempt (pending only). */
  nextAt: number;
  inFlight: boolean;
}

/** A failed push as get_call_back_failed_result lists it. */
export interface FailedPush {
  event_time: number;
  call_back_tag: string;
  userid: string[];
  deptid: number[];
  corpid: string;
}

export interface OutboxOptions {
  /** Delays between attempts (ms, tenant clock); after the last, the delivery has failed. Inferred. */
  retryDelaysMs?: readonly number[];
  maxPendingPerApp?: number;
  recentLimit?: number;
  failedLimit?: number;
  eventLimit?: number;
}

export interface OutboxHooks {
  /** A pending delivery was dropped to keep the queue bounded, or a failed push fell off the list. */
  dropped?(delivery: Delivery, why: string): void;
  /** A delivery became due now (a transport may act at once instead of at its next tick). */
  queued?(delivery: Delivery): void;
}

/** 10 s, 30 s, 1 min, 5 min, 30 min, 1 h, 3 h, 6 h: about 11 hours in all (inferred; DingTalk does not publish it). */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  10_000, 30_000, 60_000, 300_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000,
];

export class EventOutbox {
  private readonly subscriptions = new Map<string, EventSubscription>();
  /** Pending deliveries in the order they were made, per app. */
  private readonly pending = new Map<string, Delivery[]>();
  /** Finished deliveries, newest last (a ring). */
  private readonly recent: Delivery[] = [];
  /** Events, newest last (a ring), for the console. */
  private readonly events: DingTalkEvent[] = [];
  private readonly failed = new Map<string, FailedPush[]>();
  readonly retryDelaysMs: readonly number[];
  private readonly maxPendingPerApp: number;
  private readonly recentLimit: number;
  private readonly failedLimit: number;
  private readonly eventLimit: number;
  private queuedListener?: (d: Delivery) => void;

  constructor(
    private readonly corpId: string,
    private readonly hooks: OutboxHooks = {},
    options: OutboxOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.maxPendingPerApp = options.maxPendingPerApp ?? 1000;
    this.recentLimit = options.recentLimit ?? 500;
    this.failedLimit = options.failedLimit ?? 1000;
    this.eventLimit = options.eventLimit ?? 500;
  }

  /** Told of each delivery as it is queued (the transports start it at once instead of at their next tick). */
  onQueued(listener: ((d: Delivery) => void) | undefined): void {
    this.queuedListener = listener;
  }

  // ---- subscriptions ----

  subscribe(sub: EventSubscription): void {
    this.subscriptions.set(sub.appKey, structuredClone(sub) as EventSubscription);
  }

  unsubscribe(appKey: string): void {
    this.subscriptions.delete(appKey);
    this.pending.delete(appKey);
    this.failed.delete(appKey);
  }

  subscription(appKey: string): EventSubscription | undefined {
    return this.subscriptions.get(appKey);
  }

  listSubscriptions(): EventSubscription[] {
    return [...this.subscriptions.values()];
  }

  // ---- events ----

  /** A change of the directory or of a group chat: one event, one delivery per app subscribed to its type. */
  record(change: DirectoryChange | ChatChange, now: number): DingTalkEvent {
    const event = eventOfChange(change, this.corpId, randomUUID().replaceAll('-', ''), now);
    this.events.push(event);
    if (this.events.length > this.eventLimit) this.events.shift();
    for (const sub of this.subscriptions.values()) {
      if (sub.eventTypes !== '*' && !sub.eventTypes.includes(change.type)) continue;
      if (sub.channel === 'http' && !sub.http) continue;
      this.enqueue({
        id: randomUUID(),
        event,
        appKey: sub.appKey,
        channel: sub.channel,
        state: 'pending',
        attempts: [],
        nextAt: now,
        inFlight: false,
      });
    }
    return event;
  }

  private enqueue(d: Delivery): void {
    let queue = this.pending.get(d.appKey);
    if (!queue) this.pending.set(d.appKey, (queue = []));
    queue.push(d);
    if (queue.length > this.maxPendingPerApp) {
      const oldest = queue.findIndex((x) => !x.inFlight);
      if (oldest >= 0) {
        const [gone] = queue.splice(oldest, 1);
        gone!.state = 'dropped';
        this.finish(gone!);
        this.hooks.dropped?.(
          gone!,
          `the app's queue holds at most ${this.maxPendingPerApp} undelivered events: the oldest was dropped`,
        );
      }
    }
    this.hooks.queued?.(d);
    this.queuedListener?.(d);
  }

  /** Deliveries of `channel` due at `now`, not already being attempted. */
  due(channel: EventChannel, now: number, appKey?: string): Delivery[] {
    const out: Delivery[] = [];
    for (const [key, queue] of this.pending) {
      if (appKey !== undefined && key !== appKey) continue;
      for (const d of queue) if (d.channel === channel && !d.inFlight && d.nextAt <= now) out.push(d);
    }
    return out;
  }

  /** A transport starts an attempt; false when another already did (or it is no longer pending). */
  begin(d: Delivery): boolean {
    if (d.state !== 'pending' || d.inFlight) return false;
    d.inFlight = true;
    return true;
  }

  /** The outcome of one attempt: delivered, or scheduled again, or failed after the last retry. */
  settle(d: Delivery, attempt: DeliveryAttempt, retryInMs?: number): void {
    d.inFlight = false;
    if (d.state !== 'pending') return;
    d.attempts.push({ ...attempt, answer: attempt.answer?.slice(0, 500) });
    if (attempt.ok) {
      d.state = 'delivered';
      this.removePending(d);
      this.finish(d);
      return;
    }
    const retries = d.attempts.length - 1;
    if (retries >= this.retryDelaysMs.length) {
      d.state = 'failed';
      this.removePending(d);
      this.finish(d);
      if (d.channel === 'http') this.keepFailed(d);
      return;
    }
    d.nextAt = attempt.at + (retryInMs ?? this.retryDelaysMs[retries]!);
  }

  private removePending(d: Delivery): void {
    const queue = this.pending.get(d.appKey);
    const i = queue?.indexOf(d) ?? -1;
    if (i >= 0) queue!.splice(i, 1);
  }

  private finish(d: Delivery): void {
    this.recent.push(d);
    if (this.recent.length > this.recentLimit) this.recent.shift();
  }

  private keepFailed(d: Delivery): void {
    let list = this.failed.get(d.appKey);
    if (!list) this.failed.set(d.appKey, (list = []));
    list.push({
      event_time: d.event.bornAt,
      call_back_tag: d.event.eventType,
      userid: d.event.userIds ?? [],
      deptid: d.event.deptIds ?? [],
      corpid: d.event.corpId,
    });
    if (list.length > this.failedLimit) {
      list.shift();
      this.hooks.dropped?.(
        d,
        `the failed-push list keeps at most ${this.failedLimit} per app: the oldest was dropped`,
      );
    }
  }

  /** get_call_back_failed_result: up to `max` failed pushes, oldest first, each returned once. */
  takeFailed(appKey: string, max = 200): { list: FailedPush[]; hasMore: boolean } {
    const all = this.failed.get(appKey) ?? [];
    const list = all.splice(0, max);
    return { list, hasMore: all.length > 0 };
  }

  // ---- for the console and the admin API ----

  /** Recent events, newest first, with their deliveries (pending and finished). */
  listEvents(limit = 100): { event: DingTalkEvent; deliveries: Delivery[] }[] {
    const byEvent = new Map<string, Delivery[]>();
    const add = (d: Delivery) => {
      const list = byEvent.get(d.event.eventId);
      if (list) list.push(d);
      else byEvent.set(d.event.eventId, [d]);
    };
    for (const d of this.recent) add(d);
    for (const queue of this.pending.values()) for (const d of queue) add(d);
    return this.events
      .slice(-limit)
      .reverse()
      .map((event) => ({ event, deliveries: byEvent.get(event.eventId) ?? [] }));
  }

  pendingCount(appKey?: string): number {
    if (appKey !== undefined) return this.pending.get(appKey)?.length ?? 0;
    let n = 0;
    for (const q of this.pending.values()) n += q.length;
    return n;
  }
}

export function isDirectoryEventType(s: string): s is DirectoryEventType {
  return (DIRECTORY_EVENT_TYPES as readonly string[]).includes(s);
}
