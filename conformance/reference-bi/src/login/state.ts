/**
 * OAuth `state` for web QR login: random per login, kept in the session, single use, short-lived,
 * compared in constant time. It carries where to go after login and which login generation started.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const STATE_TTL_MS = 10 * 60_000;
/** Pending logins kept per session (a few tabs at once); the oldest is dropped beyond this. */
const MAX_PENDING = 5;

export interface PendingLogin {
  state: string;
  generation: 'new' | 'legacy';
  /** Same-origin path to return to. */
  next: string;
  createdAt: number;
}

export interface StateHolder {
  pendingLogins?: PendingLogin[];
}

export function issueState(
  session: StateHolder,
  login: { generation: 'new' | 'legacy'; next: string },
  now: number,
): string {
  const state = randomBytes(16).toString('base64url');
  const kept = (session.pendingLogins ?? []).filter((p) => now - p.createdAt < STATE_TTL_MS);
  session.pendingLogins = [...kept, { state, ...login, createdAt: now }].slice(-MAX_PENDING);
  return state;
}

/** The pending login this state belongs to, removed from the session; null if unknown, used or expired. */
export function consumeState(session: StateHolder, given: string, now: number): PendingLogin | null {
  const pending = session.pendingLogins ?? [];
  const g = Buffer.from(given);
  const match = pending.find((p) => {
    const s = Buffer.from(p.state);
    return s.length === g.length && timingSafeEqual(s, g);
  });
  if (!match) return null;
  session.pendingLogins = pending.filter((p) => p !== match);
  return now - match.createdAt < STATE_TTL_MS ? match : null;
}
