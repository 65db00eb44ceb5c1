/**
 * The console's guards. (1) With an admin token configured, a person signs in once with it and
 * gets an httpOnly SameSite=Strict session cookie (an HMAC of the token, never the token itself),
 * which the admin API accepts too. (2) CSRF: a console POST must come from one of the sandbox's
 * own pages — its Origin (or Referer) is the sandbox's origin. (3) What a refused request to a
 * console path sees (admin/gate.ts: an unknown host name, another machine; an unreadable body).
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

const REFUSAL_TITLES: Record<number, [string, string]> = {
  400: ['请求有误', 'Bad request'],
  401: ['暂无权限访问', 'Sign-in required'],
  403: ['请求被拒绝', 'Refused'],
  413: ['请求内容过大', 'Request body too large'],
};

/**
 * A refusal on a console path as a small HTML page of its own: it shows nothing of the sandbox (no
 * organisation list), since it answers requests the sandbox does not trust.
 */
export function refusalPage(ctx: Context, status: number, message: string): void {
  const [zh, en] = REFUSAL_TITLES[status] ?? ['请求失败', 'Request failed'];
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
  ctx.body =
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${zh}</title></head>` +
    '<body style="font-family:sans-serif;max-width:720px;margin:40px auto">' +
    `<h2>${zh} <span style="color:#a2a3a4;font-size:12px;font-weight:normal">${en} · HTTP ${status}</span></h2>` +
    `<p style="white-space:pre-wrap">${escapeHtml(message)}</p></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
