/**
 * Sessions: koa-session with a signed, httpOnly, SameSite=Lax cookie holding only an id; the data
 * lives in SQLite, so signing out really ends the session and restarts keep people signed in.
 */
import { randomBytes } from 'node:crypto';
import type Koa from 'koa';
import session from 'koa-session';
import type { Db } from '../db/database.ts';
import type { StateHolder } from './state.ts';

export const SESSION_COOKIE = 'bi.sid';
const MAX_AGE_MS = 8 * 60 * 60_000;

export interface BiSession extends StateHolder {
  /** The signed-in BI user. */
  uid?: number;
  /** How they signed in: password, dingtalk-qr, dingtalk-inapp. */
  via?: string;
  /** One-shot message shown on the next page. */
  flash?: string;
}

interface SessionObject extends BiSession {
  regenerate(): Promise<void>;
}

export function sessionMiddleware(app: Koa, db: Db, secure: boolean): Koa.Middleware {
  const store = {
    async get(key: string) {
      const row = db.prepare('SELECT data, expires_at FROM sessions WHERE id = ?').get(key) as
        { data: string; expires_at: number } | undefined;
      if (!row || row.expires_at < Date.now()) return undefined;
      return JSON.parse(row.data) as unknown;
    },
    async set(key: string, sess: unknown, maxAge: number) {
      db.prepare(
        `INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
      ).run(key, JSON.stringify(sess), Date.now() + (Number(maxAge) || MAX_AGE_MS));
    },
    async destroy(key: string) {
      db.prepare('DELETE FROM sessions WHERE id = ?').run(key);
    },
  };
  db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(Date.now());
  return session(
    {
      key: SESSION_COOKIE,
      maxAge: MAX_AGE_MS,
      httpOnly: true,
      signed: true,
      sameSite: 'lax',
      secure,
      rolling: false,
      renew: true,
      genid: () => randomBytes(24).toString('base64url'),
      store,
    },
    app,
  ) as Koa.Middleware;
}

export function sessionOf(ctx: Koa.Context): SessionObject {
  return (ctx as unknown as { session: SessionObject }).session;
}

/** Sign in: a new session id (no fixation), only the identity kept. */
export async function signIn(ctx: Koa.Context, uid: number, via: string): Promise<void> {
  const s = sessionOf(ctx);
  delete s.pendingLogins;
  delete s.flash;
  s.uid = uid;
  s.via = via;
  await s.regenerate();
}

export function signOut(ctx: Koa.Context): void {
  (ctx as unknown as { session: null }).session = null;
}
