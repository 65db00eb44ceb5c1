/**
 * The console's request plumbing: page and form handlers (sign-in and CSRF checks, HTML errors —
 * never the admin API's JSON), rendering through the shell with a CSP nonce, and POST → redirect →
 * GET with a flash message (kept server-side, the cookie holds only its id).
 */
import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { VNode } from 'preact';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { AdminError } from '../admin/errors.ts';
import type { TenantOps } from '../admin/tenant-ops.ts';
import { anyBody } from '../middleware/body.ts';
import { callState } from '../middleware/request-context.ts';
import type { RouteDef } from '../route.ts';
import { ErrorPage, NoSuchTenantPage } from './errors.tsx';
import { csrfProblem, hasConsoleSession, ownOrigin } from './guard.ts';
import { paths, withQuery } from './paths.ts';
import type { FlashStore } from './forms.ts';
import { renderDocument, Shell, type Flash, type ShellProps } from './shell.tsx';

export { FlashStore, listField, numberField } from './forms.ts';

export interface ConsoleDeps {
  sandbox: Sandbox;
  tenants: TenantOps;
  routes: readonly RouteDef[];
  adminToken?: string;
}

export interface ConsoleContext extends ConsoleDeps {
  flashes: FlashStore;
}

const FLASH_COOKIE = 'sb_flash';

export type PageProps = Omit<ShellProps, 'nonce' | 'tenants' | 'children' | 'flash' | 'signedIn'>;

/** Per-request view state: the flash taken for this page and the CSP nonce. */
interface PageState {
  nonce: string;
  flash?: Flash;
}

const stateOf = (ctx: Context) => ctx.state.console as PageState;

/** The flash message this page shows (read once). */
export function flashOf(ctx: Context): Flash | undefined {
  return stateOf(ctx).flash;
}

/** A value of the form submitted before a refusal, else the current value. */
export function formValue(ctx: Context, name: string, current: string): string {
  return stateOf(ctx).flash?.form?.[name] ?? current;
}

/** A console page in the shell; `status` (default 200) for the error pages. */
export function render(
  c: ConsoleContext,
  ctx: Context,
  page: PageProps & { status?: number },
  content: VNode,
): void {
  const { status = 200, ...props } = page;
  const s = stateOf(ctx);
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.set(
    'content-security-policy',
    `default-src 'self'; img-src 'self' data: https: http:; style-src 'unsafe-inline'; script-src 'nonce-${s.nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
  ctx.set('x-frame-options', 'DENY');
  ctx.body = renderDocument(
    Shell({
      ...props,
      corp: props.corp ?? c.sandbox.defaultTenant,
      nonce: s.nonce,
      tenants: c.sandbox.listTenants().map((t) => ({ corpId: t.corpId, name: t.name })),
      flash: s.flash,
      signedIn: Boolean(c.adminToken),
      children: content,
    }),
  );
}

/** Redirect after a POST, with a message for the next page. */
export function redirectWith(c: ConsoleContext, ctx: Context, location: string, flash?: Flash): void {
  if (flash) {
    ctx.cookies.set(FLASH_COOKIE, c.flashes.put(flash), {
      httpOnly: true,
      sameSite: 'lax',
      path: '/__sandbox',
      overwrite: true,
    });
  }
  ctx.status = 303;
  ctx.redirect(location);
}

function begin(c: ConsoleContext, ctx: Context): void {
  callState(ctx).silent = true;
  const flashId = ctx.cookies.get(FLASH_COOKIE);
  const flash = ctx.method === 'GET' ? c.flashes.take(flashId) : undefined;
  if (flash) ctx.cookies.set(FLASH_COOKIE, null, { path: '/__sandbox', overwrite: true });
  ctx.state.console = { nonce: randomBytes(12).toString('base64'), flash } satisfies PageState;
}

function signedOut(c: ConsoleContext, ctx: Context): boolean {
  return Boolean(c.adminToken) && !hasConsoleSession(ctx, c.adminToken!);
}

interface ErrorProblem {
  status: number;
  title: string;
  message: string;
}

function errorPage(c: ConsoleContext, ctx: Context, problem: ErrorProblem): void {
  const { status, title } = problem;
  render(c, ctx, { title, section: 'none', status }, ErrorPage(problem));
}

/** A sandbox bug inside a console handler: logged like any other, answered as an HTML page. */
function crashed(c: ConsoleContext, ctx: Context, e: unknown): void {
  ctx.app.emit('error', e, ctx);
  errorPage(c, ctx, { status: 500, title: '沙箱内部错误', message: `Sandbox error: ${String(e)}` });
}

/**
 * Where a console handler answers: a path, or a path with options — `open` (no sign-in needed: the
 * login page) and, for forms, `back` (where a refusal returns; default the Referer).
 */
export type ConsoleRoute = string | { path: string; open?: boolean; back?: (ctx: Context) => string };

const routeOf = (r: ConsoleRoute) => (typeof r === 'string' ? { path: r } : r);

/** A console page (GET): signed in, rendered as HTML, errors as HTML pages. */
export function page(
  router: Router,
  c: ConsoleContext,
  route: ConsoleRoute,
  fn: (ctx: Context) => void | Promise<void>,
): void {
  const { path, ...opts } = routeOf(route);
  router.get(path, async (ctx) => {
    begin(c, ctx);
    if (!opts.open && signedOut(c, ctx)) {
      ctx.redirect(withQuery(paths.login, { next: ctx.originalUrl }));
      return;
    }
    try {
      await fn(ctx);
    } catch (e) {
      if (!(e instanceof AdminError)) return crashed(c, ctx, e);
      if (e.code === 'tenantNotFound') {
        const tenants = c.sandbox.listTenants().map((t) => ({ corpId: t.corpId, name: t.name }));
        const corpId = String(ctx.params.corpId ?? '');
        return render(
          c,
          ctx,
          { title: '暂无权限访问', section: 'none', status: 404 },
          NoSuchTenantPage({ corpId, tenants }),
        );
      }
      errorPage(c, ctx, {
        status: e.status,
        title: e.status === 404 ? '页面不存在' : '请求有误',
        message: e.message,
      });
    }
  });
}

/**
 * A console form (POST): same-origin only, signed in; `fn` returns where to go next. A refusal goes
 * back to the form (the Referer, or `back`) with the reason and the values typed.
 */
export function form(
  router: Router,
  c: ConsoleContext,
  route: ConsoleRoute,
  fn: (ctx: Context, body: Record<string, string>) => string | Promise<string>,
): void {
  const { path, ...opts } = routeOf(route);
  router.post(path, async (ctx) => {
    begin(c, ctx);
    const csrf = csrfProblem(ctx);
    if (csrf)
      return errorPage(c, ctx, {
        status: 403,
        title: '请求被拒绝',
        message: `Refused (CSRF guard): ${csrf}.`,
      });
    if (!opts.open && signedOut(c, ctx))
      return errorPage(c, ctx, {
        status: 401,
        title: '暂无权限访问',
        message: '请先输入沙箱管理令牌 (sign in with the admin token).',
      });
    const body = formBody(ctx);
    try {
      redirectWith(c, ctx, await fn(ctx, body));
    } catch (e) {
      if (!(e instanceof AdminError)) return crashed(c, ctx, e);
      // Icons and files are large and tokens secret: none is kept to fill the form again.
      const { icon: _icon, token: _token, fileBase64: _file, ...kept } = body;
      redirectWith(c, ctx, backOf(ctx, opts.back), { kind: 'error', text: e.message, form: kept });
    }
  });
}

/** Set the message the next page shows (call before returning the location from a form handler). */
export function flashNext(c: ConsoleContext, ctx: Context, flash: Flash): void {
  ctx.cookies.set(FLASH_COOKIE, c.flashes.put(flash), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/__sandbox',
    overwrite: true,
  });
}

function backOf(ctx: Context, back?: (ctx: Context) => string): string {
  if (back) return back(ctx);
  try {
    const ref = new URL(ctx.get('referer'));
    if (ref.origin === ownOrigin(ctx) && ref.pathname.startsWith('/__sandbox'))
      return ref.pathname + ref.search;
  } catch {
    // no usable Referer
  }
  return paths.root;
}

/** Form fields as strings; repeated fields (checkboxes) joined with commas. */
function formBody(ctx: Context): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(anyBody(ctx))) {
    out[k] = Array.isArray(v) ? v.map(String).join(',') : typeof v === 'string' ? v : String(v ?? '');
  }
  return out;
}

export function tenantOr404(c: ConsoleContext, ctx: Context): Tenant {
  const corpId = String(ctx.params.corpId ?? '');
  const t = c.sandbox.getTenant(corpId);
  if (!t)
    throw new AdminError(404, 'tenantNotFound', `没有 corpId 为 ${corpId} 的组织 (no tenant ${corpId})`);
  return t;
}

/** A POST that answers with a page instead of a redirect (查看 secret: the value is never put in a URL). */
export function postPage(
  router: Router,
  c: ConsoleContext,
  path: string,
  fn: (ctx: Context) => void | Promise<void>,
): void {
  router.post(path, async (ctx) => {
    begin(c, ctx);
    const csrf = csrfProblem(ctx);
    if (csrf)
      return errorPage(c, ctx, {
        status: 403,
        title: '请求被拒绝',
        message: `Refused (CSRF guard): ${csrf}.`,
      });
    if (signedOut(c, ctx))
      return errorPage(c, ctx, {
        status: 401,
        title: '暂无权限访问',
        message: '请先输入沙箱管理令牌 (sign in with the admin token).',
      });
    try {
      await fn(ctx);
    } catch (e) {
      if (!(e instanceof AdminError)) return crashed(c, ctx, e);
      errorPage(c, ctx, { status: e.status, title: '请求有误', message: e.message });
    }
  });
}

/** The console's 404 (HTML). */
export function notFoundPage(c: ConsoleContext, ctx: Context): void {
  begin(c, ctx);
  errorPage(c, ctx, { status: 404, title: '页面不存在', message: `No console page at ${ctx.path}.` });
}
