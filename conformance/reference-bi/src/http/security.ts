/**
 * The BI's guards: who is signed in, admin-only pages (403 otherwise), an Origin check on every
 * state-changing request, and `next` targets limited to same-origin relative paths (no open redirect).
 */
import type { Context, Middleware, Next } from 'koa';
import type { BiContext, BiState } from '../context.ts';
import { getSetting } from '../db/settings.ts';
import { getUser, type BiUser } from '../db/users.ts';
import { sessionOf } from '../login/session.ts';
import type { Chrome } from '../pages/layout.tsx';

/**
 * A same-origin path ("/x?y") or "/". Rejects absolute URLs, "//host", "/\host", control characters,
 * and paths whose dot segments normalise into "//host" ("/.//evil.example"): the normalised path is
 * what is redirected to, so it is checked again. Password login and DingTalk login (through the OAuth
 * state) both use this.
 */
export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\'))
    return '/';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  try {
    const base = 'http://bi.invalid';
    const u = new URL(raw, base);
    if (u.origin !== base || u.pathname.startsWith('//')) return '/';
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return '/';
  }
}

export function stateOf(ctx: Context): BiState {
  return ctx.state as BiState;
}

/** Puts the signed-in, active user in ctx.state.user (a deactivated user is signed out). */
export function loadUser(bi: BiContext): Middleware {
  return async (ctx: Context, next: Next) => {
    const s = sessionOf(ctx);
    if (s?.uid !== undefined) {
      const u = getUser(bi.db, s.uid);
      if (u?.active) stateOf(ctx).user = u;
      else delete s.uid;
    }
    await next();
  };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function requireUser(ctx: Context): BiUser {
  const u = stateOf(ctx).user;
  if (!u) {
    ctx.redirect(`/login?next=${encodeURIComponent(safeNext(ctx.originalUrl))}`);
    throw new RedirectSignal();
  }
  return u;
}

export function requireAdmin(ctx: Context): BiUser {
  const u = requireUser(ctx);
  if (u.role !== 'admin') throw new HttpError(403, '仅管理员可以访问此页面');
  return u;
}

/** Thrown after ctx.redirect to stop the handler; the error middleware lets the redirect through. */
export class RedirectSignal extends Error {}

/** Middleware form: every route under it needs an admin. */
export const adminOnly: Middleware = async (ctx, next) => {
  requireAdmin(ctx);
  await next();
};

/**
 * POST/PUT/PATCH/DELETE must come from our own pages: the Origin (or, failing that, Referer) must be
 * ours when the browser sends one. With SameSite=Lax cookies this is the CSRF defence (stack.md).
 */
export function originCheck(bi: BiContext): Middleware {
  return async (ctx, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(ctx.method)) return next();
    const allowed = new Set([selfOrigin(ctx), new URL(bi.publicUrl()).origin]);
    const origin = ctx.get('origin');
    const referer = ctx.get('referer');
    let source: string | null = null;
    if (origin) source = origin;
    else if (referer) {
      try {
        source = new URL(referer).origin;
      } catch {
        source = 'invalid';
      }
    }
    if (source !== null && !allowed.has(source)) {
      throw new HttpError(403, '请求来源不被信任（Origin 不匹配），操作已拒绝');
    }
    await next();
  };
}

/** The origin this request was addressed to (Koa 3's ctx.origin is the Origin *header*, not this). */
export function selfOrigin(ctx: Context): string {
  return `${ctx.protocol}://${ctx.host}`;
}

export function chromeOf(ctx: Context, bi: BiContext): Chrome {
  const s = sessionOf(ctx);
  const flash = s?.flash;
  if (flash) delete s.flash;
  return { user: stateOf(ctx).user ?? null, dingtalkFeature: getSetting(bi.db, 'feature.dingtalk'), flash };
}

export function flash(ctx: Context, message: string): void {
  sessionOf(ctx).flash = message;
}

/** Form or JSON body fields as strings (arrays kept for multi-value fields like checkboxes). */
export function bodyOf(ctx: Context): Record<string, string | string[] | undefined> {
  const b = (ctx.request as unknown as { body?: unknown }).body;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return {};
  const out: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(b as Record<string, unknown>)) {
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

export function field(body: Record<string, string | string[] | undefined>, key: string): string {
  const v = body[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

export function fieldList(body: Record<string, string | string[] | undefined>, key: string): string[] {
  const v = body[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
