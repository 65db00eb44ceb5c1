/**
 * One tenant's Stream connections and what is pushed over them (docs/dingtalk/stream.md): callbacks
 * go to one connection of the app subscribed to their topic (C: one chosen at random when there are
 * several), wait for an ack matched by `messageId`, and are pushed again after `redeliverMs` while
 * unacked, at most `maxRedeliveries` times (O: ~60 s observed; the count is U). A callback with no
 * connection to go to waits in a bounded queue and goes out when the bot connects; one pushed over a
 * connection that closes before its ack goes out again on the next one — nothing is lost, and an id
 * acked once is never pushed again. Transport-free: a connection is a `StreamLink` the WebSocket
 * layer (http/stream/) implements; what happens is told to `record` (the journal).
 */
import { randomUUID } from 'node:crypto';
import { because, type Reason } from '../errors.ts';
import {
  callbackFrame,
  EVENT_TOPIC,
  eventAckStatus,
  eventFrame,
  systemFrame,
  type Ack,
  type DownFrame,
  type FrameType,
} from './stream-frames.ts';
import type { Subscription } from './stream-tickets.ts';

export interface StreamOptions {
  /** Real-time ms before an unacked callback is pushed again (default 60,000; O: ~60 s). */
  redeliverMs?: number;
  /** How many times an unacked callback is pushed again before it is given up (default 3; U). */
  maxRedeliveries?: number;
  /** Callbacks waiting for a connection, per app; the oldest are dropped past it (default 100; U). */
  queueLimit?: number;
  /** After SYSTEM disconnect, ms before the server closes the socket itself (default 10,000; C). */
  disconnectGraceMs?: number;
  /** SYSTEM ping every so many ms on each connection; 0 = never (default 30,000; U). */
  pingMs?: number;
  /** Largest upstream frame accepted; a larger one closes the socket with 1009 (default 1 MiB; U). */
  maxFrameBytes?: number;
  /**
   * Pushes awaiting their ack, over all the tenant's connections; past it the oldest is given up
   * (default 10,000; U — DingTalk's limit is not published; this keeps a bot that never acks from
   * growing the sandbox's memory for the minutes redelivery takes).
   */
  inflightLimit?: number;
}

export const STREAM_DEFAULTS: Required<StreamOptions> = {
  redeliverMs: 60_000,
  maxRedeliveries: 3,
  queueLimit: 100,
  disconnectGraceMs: 10_000,
  pingMs: 30_000,
  maxFrameBytes: 1024 * 1024,
  inflightLimit: 10_000,
};

/** One open WebSocket, as the hub sees it. */
export interface StreamLink {
  /** The connectionId DingTalk puts in CALLBACK headers (a UUID). */
  readonly id: string;
  readonly appKey: string;
  readonly subscriptions: readonly Subscription[];
  /** The oapi base the bot reached the sandbox through (https://oapi.dingtalk.com or the sandbox's origin). */
  readonly oapiBase: string;
  send(frame: DownFrame): void;
  /** A close frame, then the socket ends. */
  close(code: number, reason: string): void;
  /** The socket is destroyed without a close frame (a dropped connection). */
  terminate(): void;
}

export type StreamEventKind =
  | 'connected'
  | 'closed'
  | 'push'
  | 'repush'
  | 'queued'
  | 'queueFull'
  | 'ack'
  | 'duplicateAck'
  | 'unknownAck'
  | 'giveUp'
  | 'disconnect'
  | 'drop'
  | 'badFrame'
  | 'eventLater'
  | 'eventTimeout'
  | 'eventLost';

export interface StreamEvent {
  kind: StreamEventKind;
  ok: boolean;
  appKey: string;
  connectionId?: string;
  messageId?: string;
  topic?: string;
  /** The ack's code. */
  code?: number;
  /** EVENT for an event push and its outcome (journaled on route stream.event); CALLBACK otherwise. */
  frame?: FrameType;
  /** What was pushed, in words (an event's type and id). */
  detail?: string;
  reason: Reason;
}

/** An event to push once over Stream (the events outbox retries on its own schedule, not the hub). */
export interface EventPush {
  eventType: string;
  eventId: string;
  corpId: string;
  /** Tenant-clock ms the event was born. */
  bornAt: number;
  data: unknown;
}

/** How an EVENT push ended, told once: consumed (SUCCESS ack), or not (LATER, another code, no ack). */
export interface EventOutcome {
  ok: boolean;
  /** The ack's code, when an ack came. */
  code?: number;
  /** The ack's data as sent, when an ack came. */
  answer?: string;
  reason: Reason;
}

export interface StreamHooks {
  now(): number;
  /** The app's console AppId (UUID), for the `appId` header. */
  appIdOf(appKey: string): string;
  record(event: StreamEvent): void;
  /** A fault rule for this push: SYSTEM disconnect first, or drop the socket (faults/). */
  fault?(
    link: StreamLink,
    topic: string,
    type: FrameType,
  ): { how: 'system' | 'drop'; ruleId: string; reason?: string } | undefined;
}

interface Pending {
  messageId: string;
  appKey: string;
  topic: string;
  data: unknown;
  /** An EVENT push: pushed once, its outcome told to `done` (no redelivery, no waiting queue here). */
  event?: { push: EventPush; done: (outcome: EventOutcome) => void };
  /** Told of the ack, once (a card callback's answer updates the card: domain/cards/). */
  onAck?: (ack: Ack) => void;
  /** Pushes after the first because no ack came in time. */
  redeliveries: number;
  linkId: string | null;
  timer: ReturnType<typeof setTimeout> | null;
}

interface LinkState {
  link: StreamLink;
  /** SYSTEM disconnect sent: nothing new goes to it; it closes after the grace period. */
  draining: boolean;
  pingTimer: ReturnType<typeof setInterval> | null;
  closeTimer: ReturnType<typeof setTimeout> | null;
  /** messageIds of SYSTEM pings awaiting their ack. */
  pings: Set<string>;
  /** SYSTEM pings the client acked. */
  pingsAnswered: number;
}

/** Acked ids remembered (to say "acked already" rather than "unknown"). */
const ACKED_KEPT = 2000;

export class StreamHub {
  readonly options: Required<StreamOptions>;
  private readonly links = new Map<string, LinkState>();
  private readonly inflight = new Map<string, Pending>();
  private readonly waiting = new Map<string, Pending[]>();
  private readonly acked = new Set<string>();
  /** Told of each new connection (the Stream event pusher sends what waited for the app). */
  readonly attached = new Set<(link: StreamLink) => void>();

  constructor(
    private readonly hooks: StreamHooks,
    options: StreamOptions = {},
  ) {
    this.options = { ...STREAM_DEFAULTS, ...definedOnly(options) };
  }

  /** A new connection: it receives what waited for its app. */
  attach(link: StreamLink): void {
    const state: LinkState = {
      link,
      draining: false,
      pingTimer: null,
      closeTimer: null,
      pings: new Set(),
      pingsAnswered: 0,
    };
    this.links.set(link.id, state);
    if (this.options.pingMs > 0) {
      state.pingTimer = setInterval(() => this.ping(link.id), this.options.pingMs);
      state.pingTimer.unref();
    }
    this.event('connected', link.appKey, because('Stream 连接已建立', 'Stream connection opened'), {
      connectionId: link.id,
    });
    const queue = this.waiting.get(link.appKey) ?? [];
    const now = queue.filter((p) => subscribed(link, 'CALLBACK', p.topic));
    this.waiting.set(
      link.appKey,
      queue.filter((p) => !now.includes(p)),
    );
    for (const p of now) this.dispatch(p);
    for (const listener of this.attached) listener(link);
  }

  /** The connection closed: what it had not acked goes to another connection or waits for the next. */
  detach(linkId: string, why?: Reason): void {
    const state = this.links.get(linkId);
    if (!state) return;
    this.links.delete(linkId);
    if (state.pingTimer) clearInterval(state.pingTimer);
    if (state.closeTimer) clearTimeout(state.closeTimer);
    this.event('closed', state.link.appKey, why ?? because('Stream 连接已关闭', 'Stream connection closed'), {
      connectionId: linkId,
    });
    for (const p of [...this.inflight.values()]) {
      if (p.linkId !== linkId) continue;
      if (p.timer) clearTimeout(p.timer);
      this.inflight.delete(p.messageId);
      if (p.event) {
        this.endEvent(
          p,
          'eventLost',
          because(
            '连接在应答前关闭，事件稍后重新推送',
            'the connection closed before the ack: the event is retried later',
          ),
        );
      } else this.dispatch(p);
    }
  }

  /** Whether an event for the app would go out now: one of its connections subscribes EVENT `*`. */
  canPushEvent(appKey: string): boolean {
    return this.candidates(appKey, 'EVENT', EVENT_TOPIC).length > 0;
  }

  /**
   * Push an event once over one of the app's connections subscribed to EVENT `*` (C: one chosen at
   * random). `done` hears, once, whether it was consumed: a SUCCESS ack; or not: LATER, another code,
   * no ack within `redeliverMs`, the connection closing first, or no connection left.
   */
  pushEvent(appKey: string, push: EventPush, done: (outcome: EventOutcome) => void): string {
    const p: Pending = {
      messageId: newMessageId(),
      appKey,
      topic: EVENT_TOPIC,
      data: push.data,
      event: { push, done },
      redeliveries: 0,
      linkId: null,
      timer: null,
    };
    this.dispatch(p);
    return p.messageId;
  }

  /** Push a callback to one of the app's connections; returns its messageId. `onAck` hears its ack. */
  publish(appKey: string, topic: string, data: unknown, onAck?: (ack: Ack) => void): string {
    const p: Pending = {
      messageId: newMessageId(),
      appKey,
      topic,
      data,
      ...(onAck ? { onAck } : {}),
      redeliveries: 0,
      linkId: null,
      timer: null,
    };
    this.dispatch(p);
    return p.messageId;
  }

  /** An ack (or a ping's answer) from a connection. */
  ack(linkId: string, ack: Ack): void {
    const state = this.links.get(linkId);
    if (!state) return;
    if (state.pings.delete(ack.messageId)) {
      state.pingsAnswered++;
      return;
    }
    const p = this.inflight.get(ack.messageId);
    const appKey = state.link.appKey;
    if (!p || p.appKey !== appKey) {
      const again = this.acked.has(ack.messageId);
      this.event(
        again ? 'duplicateAck' : 'unknownAck',
        appKey,
        again
          ? because(
              `messageId ${ack.messageId} 已应答过，重复的应答被忽略`,
              `messageId ${ack.messageId} was acked already; the repeated ack is ignored`,
            )
          : because(
              `应答的 messageId ${ack.messageId} 不是推送给这个应用的消息`,
              `the ack names messageId ${ack.messageId}, which was never pushed to this app`,
            ),
        { connectionId: linkId, messageId: ack.messageId, code: ack.code },
      );
      return;
    }
    if (p.timer) clearTimeout(p.timer);
    this.inflight.delete(p.messageId);
    this.acked.add(p.messageId);
    if (this.acked.size > ACKED_KEPT) this.acked.delete(this.acked.values().next().value!);
    if (p.event) {
      this.eventAck(p, ack, linkId);
      return;
    }
    this.event('ack', appKey, because(`已应答（code ${ack.code}）`, `acked (code ${ack.code})`), {
      connectionId: linkId,
      messageId: p.messageId,
      topic: p.topic,
      code: ack.code,
    });
    p.onAck?.(ack);
  }

  /** An upstream frame that is no ack: journaled; the connection stays open. */
  badFrame(linkId: string, why: Reason): void {
    const state = this.links.get(linkId);
    if (state) this.event('badFrame', state.link.appKey, why, { connectionId: linkId });
  }

  /** SYSTEM disconnect, then the socket is closed after the grace period (C: 10 s). */
  disconnect(linkId: string, reason = 'connection is expired'): boolean {
    const state = this.links.get(linkId);
    if (!state || state.draining) return false;
    state.draining = true;
    const now = this.hooks.now();
    state.link.send(systemFrame('disconnect', newMessageId(), now, { reason }));
    this.event(
      'disconnect',
      state.link.appKey,
      because(
        `已发送 SYSTEM disconnect（${reason}），${this.options.disconnectGraceMs} ms 后关闭连接`,
        `sent SYSTEM disconnect (${reason}); the socket closes in ${this.options.disconnectGraceMs} ms`,
      ),
      { connectionId: linkId },
    );
    state.closeTimer = setTimeout(() => state.link.close(1000, reason), this.options.disconnectGraceMs);
    state.closeTimer.unref();
    return true;
  }

  /** Drop the socket at once, without a close frame. */
  drop(linkId: string): boolean {
    const state = this.links.get(linkId);
    if (!state) return false;
    this.event(
      'drop',
      state.link.appKey,
      because('服务器断开了 TCP 连接（无关闭帧）', 'the server dropped the connection (no close frame)'),
      { connectionId: linkId },
    );
    state.link.terminate();
    this.detach(linkId);
    return true;
  }

  /** Open connections, for the admin API. */
  connections(appKey?: string): {
    connectionId: string;
    appKey: string;
    subscriptions: Subscription[];
    draining: boolean;
    pingsAnswered: number;
  }[] {
    return [...this.links.values()]
      .filter((s) => appKey === undefined || s.link.appKey === appKey)
      .map((s) => ({
        connectionId: s.link.id,
        appKey: s.link.appKey,
        subscriptions: [...s.link.subscriptions],
        draining: s.draining,
        pingsAnswered: s.pingsAnswered,
      }));
  }

  /** The oapi base of a connection of the app (for a callback's sessionWebhook), if one is open. */
  oapiBaseFor(appKey: string, topic: string): string | undefined {
    return this.candidates(appKey, 'CALLBACK', topic)[0]?.link.oapiBase;
  }

  /** Callbacks pushed and not yet acked, and waiting for a connection. */
  pendingCount(appKey: string): { inflight: number; waiting: number } {
    let inflight = 0;
    for (const p of this.inflight.values()) if (p.appKey === appKey) inflight++;
    return { inflight, waiting: this.waiting.get(appKey)?.length ?? 0 };
  }

  /** Every connection closed, every timer stopped (tenant removed, server stopping). */
  closeAll(): void {
    const events = [...this.inflight.values()].filter((p) => p.event);
    for (const p of this.inflight.values()) if (p.timer) clearTimeout(p.timer);
    this.inflight.clear();
    for (const p of events)
      p.event!.done({ ok: false, reason: because('Stream 服务已停止', 'the Stream service stopped') });
    this.waiting.clear();
    for (const [id, state] of [...this.links]) {
      state.link.close(1001, 'going away');
      this.detach(id);
    }
  }

  private candidates(appKey: string, type: FrameType, topic: string): LinkState[] {
    return [...this.links.values()].filter(
      (s) => !s.draining && s.link.appKey === appKey && subscribed(s.link, type, topic),
    );
  }

  private dispatch(p: Pending): void {
    for (;;) {
      const type: FrameType = p.event ? 'EVENT' : 'CALLBACK';
      const choices = this.candidates(p.appKey, type, p.topic);
      const state = choices[Math.floor(Math.random() * choices.length)];
      if (!state && p.event) {
        // Only after a fault rule closed the last connection: the outbox keeps the event for later.
        this.endEvent(
          p,
          'eventLost',
          because(
            '应用没有订阅事件的 Stream 连接，事件稍后重新推送',
            'no Stream connection of the app subscribes to events: retried later',
          ),
        );
        return;
      }
      if (!state) {
        this.enqueue(p);
        return;
      }
      const fault = this.hooks.fault?.(state.link, p.topic, type);
      if (!fault) {
        this.push(p, state);
        return;
      }
      // The rule's disconnect happens before this push; the callback then goes elsewhere or waits.
      if (fault.how === 'drop') this.drop(state.link.id);
      else this.disconnect(state.link.id, fault.reason);
    }
  }

  private push(p: Pending, state: LinkState): void {
    p.linkId = state.link.id;
    if (p.event) {
      this.pushEventFrame(p, p.event.push, state);
      return;
    }
    const frame = callbackFrame({
      appId: this.hooks.appIdOf(p.appKey),
      connectionId: state.link.id,
      topic: p.topic,
      messageId: p.messageId,
      time: this.hooks.now(),
      data: p.data,
    });
    state.link.send(frame);
    this.track(p);
    const again = p.redeliveries > 0;
    this.event(
      again ? 'repush' : 'push',
      p.appKey,
      again
        ? because(`未应答，第 ${p.redeliveries} 次重新推送`, `not acked: pushed again (${p.redeliveries})`)
        : because('已推送', 'pushed'),
      { connectionId: state.link.id, messageId: p.messageId, topic: p.topic },
    );
    p.timer = setTimeout(() => this.redeliver(p), this.options.redeliverMs);
    p.timer.unref();
  }

  private pushEventFrame(p: Pending, e: EventPush, state: LinkState): void {
    state.link.send(
      eventFrame({
        messageId: p.messageId,
        time: this.hooks.now(),
        eventType: e.eventType,
        eventId: e.eventId,
        corpId: e.corpId,
        bornAt: e.bornAt,
        unifiedAppId: this.hooks.appIdOf(p.appKey),
        data: e.data,
      }),
    );
    this.track(p);
    this.event('push', p.appKey, because('已推送事件', 'event pushed'), {
      connectionId: state.link.id,
      messageId: p.messageId,
      topic: p.topic,
      frame: 'EVENT',
      detail: eventDetail(e),
    });
    p.timer = setTimeout(() => {
      if (this.inflight.get(p.messageId) !== p) return;
      this.inflight.delete(p.messageId);
      this.endEvent(
        p,
        'eventTimeout',
        because(
          `${this.options.redeliverMs} ms 内未应答，事件稍后重新推送`,
          `no ack within ${this.options.redeliverMs} ms: the event is retried later`,
        ),
      );
    }, this.options.redeliverMs);
    p.timer.unref();
  }

  /** An ack of an EVENT push: consumed (SUCCESS) or to be retried (LATER, another code). */
  private eventAck(p: Pending, ack: Ack, linkId: string): void {
    const { consumed, status } = eventAckStatus(ack);
    const answer = typeof ack.data === 'string' ? ack.data : JSON.stringify(ack.data ?? null);
    const said = `code ${ack.code}${status ? `, status ${status}` : ''}`;
    const reason = consumed
      ? because(`事件已消费（${said}）`, `event consumed (${said})`)
      : because(`事件未消费（${said}），稍后重新推送`, `event not consumed (${said}): retried later`);
    this.event(consumed ? 'ack' : 'eventLater', p.appKey, reason, {
      connectionId: linkId,
      messageId: p.messageId,
      topic: p.topic,
      code: ack.code,
      frame: 'EVENT',
      detail: eventDetail(p.event!.push),
    });
    p.event!.done({ ok: consumed, code: ack.code, answer, reason });
  }

  /** An EVENT push ended without a SUCCESS ack: journaled, and told to whoever pushed it. */
  private endEvent(p: Pending, kind: StreamEventKind, reason: Reason): void {
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
    this.event(kind, p.appKey, reason, {
      ...(p.linkId ? { connectionId: p.linkId } : {}),
      messageId: p.messageId,
      topic: p.topic,
      frame: 'EVENT',
      detail: eventDetail(p.event!.push),
    });
    p.event!.done({ ok: false, reason });
  }

  /** A push now awaits its ack; past `inflightLimit` the oldest awaiting one is given up. */
  private track(p: Pending): void {
    this.inflight.set(p.messageId, p);
    while (this.inflight.size > this.options.inflightLimit) {
      const oldest: Pending = this.inflight.values().next().value!;
      this.inflight.delete(oldest.messageId);
      if (oldest.timer) clearTimeout(oldest.timer);
      oldest.timer = null;
      const why = because(
        `未应答的推送超过 ${this.options.inflightLimit} 条，最早的一条被放弃`,
        `more than ${this.options.inflightLimit} pushes await their ack: the oldest is given up`,
      );
      if (oldest.event) this.endEvent(oldest, 'eventLost', why);
      else this.event('giveUp', oldest.appKey, why, { messageId: oldest.messageId, topic: oldest.topic });
    }
  }

  /** How much the hub holds: connections, unacked pushes, callbacks waiting, acked ids remembered. */
  sizes(): { links: number; inflight: number; waiting: number; acked: number } {
    let waiting = 0;
    for (const q of this.waiting.values()) waiting += q.length;
    return { links: this.links.size, inflight: this.inflight.size, waiting, acked: this.acked.size };
  }

  private redeliver(p: Pending): void {
    if (this.inflight.get(p.messageId) !== p) return;
    this.inflight.delete(p.messageId);
    p.timer = null;
    if (p.redeliveries >= this.options.maxRedeliveries) {
      this.event(
        'giveUp',
        p.appKey,
        because(
          `推送 ${p.redeliveries + 1} 次均未应答，放弃`,
          `not acked after ${p.redeliveries + 1} pushes; given up`,
        ),
        { messageId: p.messageId, topic: p.topic },
      );
      return;
    }
    p.redeliveries++;
    this.dispatch(p);
  }

  private enqueue(p: Pending): void {
    const queue = this.waiting.get(p.appKey) ?? [];
    queue.push(p);
    this.waiting.set(p.appKey, queue);
    this.event(
      'queued',
      p.appKey,
      because(
        '应用没有订阅该 topic 的 Stream 连接，消息等待连接',
        'no Stream connection of the app subscribes to the topic; the callback waits for one',
      ),
      { messageId: p.messageId, topic: p.topic },
    );
    while (queue.length > this.options.queueLimit) {
      const lost = queue.shift()!;
      this.event(
        'queueFull',
        lost.appKey,
        because(
          `等待队列已满（${this.options.queueLimit} 条），最早的消息被丢弃`,
          `the waiting queue is full (${this.options.queueLimit}); the oldest callback is dropped`,
        ),
        { messageId: lost.messageId, topic: lost.topic },
      );
    }
  }

  private ping(linkId: string): void {
    const state = this.links.get(linkId);
    if (!state || state.draining) return;
    const id = newMessageId();
    // Unanswered pings are not held against the client (U: DingTalk's reaction is undocumented).
    if (state.pings.size > 10) state.pings.clear();
    state.pings.add(id);
    state.link.send(systemFrame('ping', id, this.hooks.now(), { opaque: randomUUID() }));
  }

  private event(
    kind: StreamEventKind,
    appKey: string,
    reason: Reason,
    more: Partial<StreamEvent> = {},
  ): void {
    this.hooks.record({ kind, ok: !REFUSALS.has(kind), appKey, reason, ...more });
  }
}

/** What the journal shows as refused; everything else is a step that went as it should. */
const REFUSALS: ReadonlySet<StreamEventKind> = new Set([
  'duplicateAck',
  'unknownAck',
  'giveUp',
  'queueFull',
  'badFrame',
  'eventLater',
  'eventTimeout',
  'eventLost',
]);

function subscribed(link: StreamLink, type: FrameType, topic: string): boolean {
  return link.subscriptions.some((s) => s.type === type && s.topic === topic);
}

function eventDetail(e: EventPush): string {
  return `${e.eventType} eventId=${e.eventId}`;
}

/** DingTalk's push ids look like `212b9d7c_165f_19bfa1a500a_1461def` (O): hex groups joined by `_`. */
function newMessageId(): string {
  const hex = randomUUID().replace(/-/g, '');
  return `${hex.slice(0, 8)}_${hex.slice(8, 12)}_${Date.now().toString(16)}_${hex.slice(12, 19)}`;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
