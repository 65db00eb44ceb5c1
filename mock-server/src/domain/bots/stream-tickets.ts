/**
 * Stream mode's connection tickets (docs/dingtalk/stream.md): `POST /v1.0/gateway/connections/open`
 * issues one per request, good for ONE WebSocket connection within 90 s (C) on the tenant's clock.
 * A redeemed ticket is kept until it would have expired, so a second use is refused as "used"
 * rather than "unknown". Bounded: the oldest tickets go first past `limit`.
 */
import { randomUUID } from 'node:crypto';
import { because, type Reason } from '../errors.ts';

export const TICKET_TTL_MS = 90_000;

export const SUBSCRIPTION_TYPES = ['EVENT', 'CALLBACK', 'SYSTEM'] as const;
export type SubscriptionType = (typeof SUBSCRIPTION_TYPES)[number];

export interface Subscription {
  type: SubscriptionType;
  topic: string;
}

export interface StreamTicket {
  /** A UUID: URL-safe, since the Node SDK appends it to the endpoint unencoded (V). */
  ticket: string;
  appKey: string;
  subscriptions: Subscription[];
  ua: string;
  localIp: string;
  issuedAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export type Redeemed = { ok: true; ticket: StreamTicket } | { ok: false; why: Reason };

export class StreamTickets {
  private readonly tickets = new Map<string, StreamTicket>();

  constructor(private readonly limit = 1000) {}

  issue(input: Pick<StreamTicket, 'appKey' | 'subscriptions' | 'ua' | 'localIp'>, now: number): StreamTicket {
    this.prune(now);
    while (this.tickets.size >= this.limit) this.tickets.delete(this.tickets.keys().next().value!);
    const t: StreamTicket = {
      ...input,
      ticket: randomUUID(),
      issuedAt: now,
      expiresAt: now + TICKET_TTL_MS,
      usedAt: null,
    };
    this.tickets.set(t.ticket, t);
    return t;
  }

  has(ticket: string): boolean {
    return this.tickets.has(ticket);
  }

  /** Use a ticket for a connection: once, before it expires. */
  redeem(ticket: string, now: number): Redeemed {
    const t = this.tickets.get(ticket);
    if (!t)
      return {
        ok: false,
        why: because(
          `ticket ${ticket} 不是本沙箱发放的（或早已过期被清理）`,
          `ticket ${ticket} was never issued by this sandbox (or expired long ago)`,
        ),
      };
    if (t.usedAt !== null)
      return {
        ok: false,
        why: because(
          `ticket 已被使用过（一个 ticket 只能建立一个连接），请重新调用 connections/open`,
          'the ticket was used already (one ticket opens one connection); call connections/open again',
        ),
      };
    if (now >= t.expiresAt) {
      const ago = Math.round((now - t.expiresAt) / 1000);
      return {
        ok: false,
        why: because(
          `ticket 已过期（有效期 90 秒，已过期 ${ago} 秒，按组织时钟）`,
          `the ticket expired ${ago} s ago (valid 90 s, on the tenant's clock)`,
        ),
      };
    }
    t.usedAt = now;
    return { ok: true, ticket: t };
  }

  private prune(now: number): void {
    for (const [k, t] of this.tickets) if (t.expiresAt <= now) this.tickets.delete(k);
  }
}
