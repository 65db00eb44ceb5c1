/**
 * The console's two guards. (1) With an admin token configured, a person signs in once with it and
 * gets an httpOnly SameSite=Strict session cookie (an HMAC of the token, never the token itself),
 * which the admin API accepts too. (2) CSRF: a console POST must come from one of the sandbox's
 * own pages — its Origin (or Referer) is the sandbox's origin.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';

export const SESSION_COOKIE = 'sb_console';

export function sessionValue(adminToken: string): string {
  return createHmac('sha256', adminToken).update('dingtalk-sandbox console session v1').digest('base64url');
}

export function hasConsoleSession(ctx: Context, adminToken: string): boolean {
  const given = Buffer.from(ctx.cookies.get(SESSION_COOKIE) ?? '');
  const expected = Buffer.from(sessionValue(adminToken));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function setConsoleSession(ctx: Context, adminToken: string | null): void {
  ctx.cookies.set(SESSION_COOKIE, adminToken === null ? null : sessionValue(adminToken), {
    httpOnly: true,
    sameSite: 'strict',
    path: '/__sandbox',
    secure: ctx.secure,
    overwrite: true,
  });
}

/** The sandbox's own origin as this request reached it (Koa 3's ctx.origin is the Origin header). */
export function ownOrigin(ctx: Context): string {
  return normalise(`${ctx.protocol}://${ctx.host}`);
}

/** scheme://host[:port] as URL.origin writes it (a default port is dropped). */
function normalise(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return 'invalid-origin';
  }
}

/** Where the request says it comes from (Origin, else the Referer's origin), or null if it says nothing. */
function claimedOrigin(ctx: Context): string | null {
  const origin = ctx.get('origin');
  if (origin) return origin === 'null' ? 'null' : normalise(origin);
  const referer = ctx.get('referer');
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid-referer';
  }
}

/** The foreign origin a browser request came from, or null (same origin, or no browser headers at all). */
export function foreignOrigin(ctx: Context): string | null {
  const claimed = claimedOrigin(ctx);
  return claimed === null || claimed === ownOrigin(ctx) ? null : claimed;
}

/** A console form POST is accepted only when it names the sandbox's own origin. */
export function csrfProblem(ctx: Context): string | null {
  const claimed = claimedOrigin(ctx);
  if (claimed === null) return 'the request has neither an Origin nor a Referer header';
  if (claimed !== ownOrigin(ctx)) return `the request comes from ${claimed}, not from ${ownOrigin(ctx)}`;
  return null;
}

/** A redirect target after sign-in: only a path of the console itself. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/__sandbox(\/[^/\\]|$|\?)/.test(next) && !next.includes('//')
    ? next
    : '/__sandbox/';
}
