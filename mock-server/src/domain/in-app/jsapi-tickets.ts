/**
 * JSAPI tickets (jsapi_ticket), one per app, used to sign `dd.config` (docs/dingtalk/in-app-login.md).
 *
 * Lifetime 7200 s (C[S10][S11]). Like corp tokens, fetching again inside the validity returns the
 * same ticket and renews it; after expiry the next fetch issues a new one (U: by analogy with the
 * confirmed token rule C[S34]). A ticket is valid only while it is its app's current ticket and
 * unexpired on the tenant clock, so a new ticket invalidates the old one — whether it was issued
 * after expiry or by an explicit rotation (the sandbox's admin API; U: DingTalk has no such call,
 * it stands in for "another server re-issued the ticket"). Old tickets are remembered (a few per
 * app) only so the journal can say "stale ticket" instead of "wrong signature".
 */
import { newJsapiTicket } from '../ids.ts';

export const JSAPI_TICKET_TTL_SECONDS = 7200;
const HISTORY = 5;

export interface JsapiTicket {
  ticket: string;
  appKey: string;
  issuedAt: number;
  expiresAt: number;
  /** When a newer ticket replaced this one (null while it is the app's current ticket). */
  replacedAt: number | null;
}

export class JsapiTickets {
  /** Per app, newest first; the first entry is the current ticket (possibly expired). */
  private readonly byApp = new Map<string, JsapiTicket[]>();

  /** The app's ticket at `now`: the current one renewed while valid, otherwise a new one. */
  issue(appKey: string, now: number): JsapiTicket {
    const current = this.current(appKey);
    if (current && current.expiresAt > now) {
      current.expiresAt = now + JSAPI_TICKET_TTL_SECONDS * 1000;
      return current;
    }
    return this.rotate(appKey, now);
  }

  /** Issue a new ticket now; the previous one stops working at once. */
  rotate(appKey: string, now: number): JsapiTicket {
    const list = this.byApp.get(appKey) ?? [];
    const previous = list[0];
    if (previous) previous.replacedAt = now;
    const fresh: JsapiTicket = {
      ticket: newJsapiTicket(),
      appKey,
      issuedAt: now,
      expiresAt: now + JSAPI_TICKET_TTL_SECONDS * 1000,
      replacedAt: null,
    };
    list.unshift(fresh);
    if (list.length > HISTORY) list.length = HISTORY;
    this.byApp.set(appKey, list);
    return fresh;
  }

  /** The app's newest ticket, expired or not; undefined if it never fetched one. */
  current(appKey: string): JsapiTicket | undefined {
    return this.byApp.get(appKey)?.[0];
  }

  /** Whether `ticket` is the app's current, unexpired ticket. */
  isValid(appKey: string, ticket: string, now: number): boolean {
    const c = this.current(appKey);
    return c !== undefined && c.ticket === ticket && c.expiresAt > now;
  }

  /** Tickets replaced by newer ones, newest first (for diagnosis only). */
  replaced(appKey: string): readonly JsapiTicket[] {
    return (this.byApp.get(appKey) ?? []).slice(1);
  }

  revoke(appKey: string): void {
    this.byApp.delete(appKey);
  }
}
