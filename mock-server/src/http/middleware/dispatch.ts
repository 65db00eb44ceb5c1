/**
 * Turns the route tables into routers, one per host, and runs each matched route through the same
 * gate: resolve the caller (token → tenant and app), check the IP allow-list and the permission
 * point, parse parameters, call the handler, wrap the result in the host's success envelope.
 * A path no route knows answers in the host's envelope (errcode 22 / 404) and the journal lists
 * what does exist nearby.
 */
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { assertIpAllowed, hasScope } from '../../domain/apps/apps.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { parseParams } from '../params.ts';
import { queryOf } from '../query.ts';
import type { IncomingHttpHeaders } from 'node:http';
import type { App } from '../../domain/apps/apps.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import type { AppCall, Call, CallState, Host, PageResult, RouteDef } from '../route.ts';
import type { UserToken } from '../../domain/login/user-tokens.ts';
import { anyBody, jsonBody } from './body.ts';
import { applyFaults, locate } from './fault-gate.ts';
import { callState, clientIp } from './request-context.ts';

/** A route path without parameters, wildcards or groups (path-to-regexp 8 syntax) matches itself only. */
const PLAIN_PATH = /^[^:*{}()[\]?+!\\]*$/;

/** The routes with plain paths, by `host METHOD path` (the hot path, hot-path.ts, shares the map). */
export function exactRoutes(routes: readonly RouteDef[]): Map<string, RouteDef> {
  const exact = new Map<string, RouteDef>();
  for (const route of routes) {
    // The router runs the first of two routes on one host, method and path: so does the map.
    const key = `${route.host} ${route.method} ${route.path}`;
    if (PLAIN_PATH.test(route.path) && !exact.has(key)) exact.set(key, route);
  }
  return exact;
}

export function dispatch(sandbox: Sandbox, routes: readonly RouteDef[]) {
  const routers = new Map<Host, Router>();
  // Most DingTalk paths are plain (`/gettoken`, `/topapi/v2/user/get`): those are found in a map by
  // host, method and exact path, and @koa/router's per-request matching (a regexp per route) is
  // left to the parameterised paths and to what the map misses (HEAD, a trailing slash), which it
  // answers as before. Every route stays in its router: unknownPath asks it which methods exist.
  const exact = exactRoutes(routes);
  for (const route of routes) {
    let router = routers.get(route.host);
    // DingTalk routes paths case-sensitively (`oToMessages/batchSend` vs `otoMessages/batchRecall`).
    if (!router) routers.set(route.host, (router = new Router({ sensitive: true })));
    const handler = (ctx: Context) => runRoute(sandbox, route, ctx);
    if (route.method === 'GET') router.get(route.id, route.path, handler);
    else router.post(route.id, route.path, handler);
  }
  const middlewares = new Map([...routers].map(([host, r]) => [host, r.routes()]));

  // Not async itself: an async layer is a promise and a microtask more on every call (npm run bench).
  return function dispatchMiddleware(ctx: Context, next: Next): Promise<void> {
    const plain = exact.get(`${callState(ctx).host} ${ctx.method} ${ctx.path}`);
    return plain ? runRoute(sandbox, plain, ctx) : dispatchByRouter(ctx, next);
  };

  async function dispatchByRouter(ctx: Context, next: Next): Promise<void> {
    const state = callState(ctx);
    const mw = middlewares.get(state.host);
    if (mw) await mw(ctx as Parameters<typeof mw>[0], next);
    else await next();
    if (state.routeId === null && ctx.body === undefined && state.host !== 'admin') {
      if (isBrowserAtRoot(ctx)) {
        // A person who opens the base URL lands on the console; API clients keep DingTalk's answer.
        state.silent = true;
        ctx.redirect('/__sandbox/');
        return;
      }
      unknownPath(routers.get(state.host), routes, ctx);
    }
  }
}

/** A handler's result is awaited only when it is a promise or thenable (an await costs a microtask). */
export const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null &&
  (typeof v === 'object' || typeof v === 'function') &&
  typeof (v as { then?: unknown }).then === 'function';

/** Where a route call's inputs come from: koa's context, or the hot path's request (hot-path.ts). */
export interface RouteInput {
  ip: string;
  headers: IncomingHttpHeaders;
  /** The path's named parameters (@koa/router's ctx.params); none on exact paths. */
  pathParams: Record<string, string> | undefined;
  /**
   * The koa context. The hot path has none (hot-path.ts): it takes no route whose handler reads
   * `call.ctx` (the robot webhook, pages) and no call a fault rule could act on.
   */
  ctx: Context;
}

/** invokeRoute's answer when a fault rule settled the response itself. */
export const SETTLED: unique symbol = Symbol('settled');

/** The call is now the route's: the journal names it, and legacy errors take its style. */
export function enterRoute(state: CallState, route: RouteDef): void {
  state.routeId = route.id;
  if (route.style) state.legacyStyle = route.style;
}

async function runRoute(sandbox: Sandbox, route: RouteDef, ctx: Context): Promise<void> {
  const state = callState(ctx);
  enterRoute(state, route);
  const input: RouteInput = {
    ip: clientIp(ctx),
    headers: ctx.req.headers,
    pathParams: (ctx as Context & { params?: Record<string, string> }).params,
    ctx,
  };
  let result = invokeRoute(sandbox, route, state, rawParams(route, ctx), input);
  if (isThenable(result)) result = await result;
  if (result === SETTLED) return;
  if (route.page) {
    writePage(ctx, result as PageResult);
    return;
  }
  ctx.status = 200;
  // What `ctx.type = 'application/json'` sets, without koa's mime lookup on every call.
  ctx.res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  ctx.body = successBody(route, state, result);
}

/** A request header as koa's `ctx.get` gives it ('' when absent). */
const header = (input: RouteInput, name: string): string => (input.headers[name] as string | undefined) || '';

/**
 * The gate of every route call, koa's and the hot path's: resolve the caller, fault rules, IP
 * allow-list, permission point, parameters, handler. Throws DingTalkErrors; returns the handler's
 * result (a promise when the handler or a fault rule is asynchronous) or SETTLED.
 */
export function invokeRoute(
  sandbox: Sandbox,
  route: RouteDef,
  state: CallState,
  raw: Record<string, unknown>,
  input: RouteInput,
): unknown {
  if (route.auth === 'none') {
    const where = locate(sandbox, raw, input.pathParams);
    const faulted = applyFaults(input.ctx, route, state, where.tenant, where.appKey, raw);
    if (faulted === false) return openCall(sandbox, route, state, raw, input);
    return faulted.then((settled) => (settled ? SETTLED : openCall(sandbox, route, state, raw, input)));
  }
  // Destructured per branch rather than spread into one object: a per-request cost (npm run bench).
  let tenant, app, user: UserToken | undefined;
  if (route.auth === 'appToken') ({ tenant, app } = authenticate(sandbox, route.host, state, input, raw));
  else ({ tenant, app, user } = authenticateUser(sandbox, state, input));
  state.tenant = tenant;
  state.app = app;
  if (user) state.userid = user.userid;
  const faulted = applyFaults(input.ctx, route, state, tenant, app.appKey, raw);
  if (faulted === false) return tokenCall(sandbox, route, state, raw, input, tenant, app, user);
  return faulted.then((settled) =>
    settled ? SETTLED : tokenCall(sandbox, route, state, raw, input, tenant, app, user),
  );
}

function openCall(
  sandbox: Sandbox,
  route: Extract<RouteDef, { auth: 'none' }>,
  state: CallState,
  raw: Record<string, unknown>,
  input: RouteInput,
): unknown {
  const params = route.params ? parseParams(route.params, raw) : raw;
  const call: Call<unknown> = {
    params,
    ip: input.ip,
    requestId: state.requestId,
    sandbox,
    ctx: input.ctx,
    state,
  };
  return route.handle(call);
}

function tokenCall(
  sandbox: Sandbox,
  route: Extract<RouteDef, { auth: 'appToken' | 'userToken' }>,
  state: CallState,
  raw: Record<string, unknown>,
  input: RouteInput,
  tenant: Tenant,
  app: App,
  user: UserToken | undefined,
): unknown {
  const { ip } = input;
  assertIpAllowed(app, ip);
  if (route.scope)
    tenant.permissionUsage.record(
      app.appKey,
      route.scope,
      route.id,
      hasScope(app, route.scope),
      tenant.clock.now(),
    );
  if (route.scope && !hasScope(app, route.scope)) {
    throw new DingTalkError(
      'missingScope',
      because(
        `应用「${app.name}」（${app.appKey}）未开通 ${route.id} 所需的权限点 ${route.scope}`,
        `app "${app.name}" (${app.appKey}) has not been granted the permission point ${route.scope} needed by ${route.id}`,
      ),
      { scopes: [route.scope], appKey: app.appKey },
    );
  }
  const params = route.params ? parseParams(route.params, raw) : raw;
  // Call objects are written out rather than spread from a common base: on this per-request path
  // the spread cost microseconds (npm run bench).
  const call: AppCall<unknown> = {
    params,
    ip,
    requestId: state.requestId,
    sandbox,
    ctx: input.ctx,
    state,
    tenant,
    app,
  };
  return route.auth === 'appToken' ? route.handle(call) : route.handle(Object.assign(call, { user: user! }));
}

/** Query and body merged; new-API routes read the JSON body only. */
function rawParams(route: RouteDef, ctx: Context): Record<string, unknown> {
  if (route.host !== 'api') return legacyParams(queryOf(ctx), anyBody(ctx));
  if (route.method === 'GET') return queryOf(ctx);
  const body = jsonBody(ctx);
  if (route.noBody) return body ?? {};
  if (body === null) {
    throw new DingTalkError(
      'missingBody',
      because(
        `新版接口需要 JSON 对象请求体（收到的 content-type 为 "${ctx.get('content-type') || 'none'}"）`,
        `the new API needs a JSON object body (got content-type "${ctx.get('content-type') || 'none'}")`,
      ),
    );
  }
  return body;
}

/** A legacy call's parameters: the query, then the body's fields over it. */
export function legacyParams(
  query: Record<string, unknown>,
  body: Record<string, unknown>,
): Record<string, unknown> {
  // { ...query, ...body } without the spreads (query is a fresh object): Object.assign differs only
  // for an own `__proto__` key, which a parsed JSON body never has (it is refused) and a form might.
  return Object.hasOwn(body, '__proto__') ? { ...query, ...body } : Object.assign(query, body);
}

function authenticate(
  sandbox: Sandbox,
  host: Host,
  state: CallState,
  input: RouteInput,
  raw: Record<string, unknown>,
) {
  const token = host === 'api' ? header(input, 'x-acs-dingtalk-access-token') : raw.access_token;
  if (typeof token !== 'string' || token === '') {
    const where = host === 'api' ? 'header x-acs-dingtalk-access-token' : 'query parameter access_token';
    throw new DingTalkError(
      'missingAccessToken',
      because(`缺少 access_token：${where} 为空`, `no access token: the ${where} is missing`),
    );
  }
  const found = sandbox.lookupAppToken(token);
  if (found.status === 'unknown') {
    throw new DingTalkError(
      'invalidAccessToken',
      because(
        'access_token 不是本沙箱发放的，或已被更新的 token 取代',
        'the access token was never issued by this sandbox, or was replaced by a newer one',
      ),
    );
  }
  state.tenant = found.tenant;
  state.app = found.app;
  if (found.status === 'expired') {
    const ago = Math.round((found.tenant.clock.now() - found.token.expiresAt) / 1000);
    throw new DingTalkError(
      'expiredAccessToken',
      because(
        `应用「${found.app.name}」的 access_token 已过期 ${ago} 秒（租户时钟），请重新获取`,
        `the access token of app "${found.app.name}" expired ${ago} s ago (tenant clock); fetch a new one`,
      ),
    );
  }
  return { tenant: found.tenant, app: found.app };
}

/** A user access token (web login) from the new host's header: tenant, app and user. */
function authenticateUser(sandbox: Sandbox, state: CallState, input: RouteInput) {
  const token = header(input, 'x-acs-dingtalk-access-token');
  if (token === '') {
    throw new DingTalkError(
      'missingAccessToken',
      because(
        '缺少 access_token：请求头 x-acs-dingtalk-access-token 为空',
        'no access token: the header x-acs-dingtalk-access-token is missing',
      ),
    );
  }
  const found = sandbox.lookupUserToken(token);
  if (found.status === 'unknown') {
    const isAppToken = sandbox.lookupAppToken(token).status !== 'unknown';
    throw new DingTalkError(
      'invalidAccessToken',
      isAppToken
        ? because(
            '这是企业（应用）的 access_token；此接口需要 /v1.0/oauth2/userAccessToken 获取的用户 token',
            'this is a corp (app) access token; this endpoint needs a user access token from /v1.0/oauth2/userAccessToken',
          )
        : because(
            '用户 access_token 不是本沙箱发放的',
            'the user access token was never issued by this sandbox',
          ),
    );
  }
  state.tenant = found.tenant;
  state.app = found.app;
  state.userid = found.token.userid;
  if (found.status === 'expired') {
    const ago = Math.round((found.tenant.clock.now() - found.token.expiresAt) / 1000);
    throw new DingTalkError(
      'expiredAccessToken',
      because(
        `用户 ${found.token.userid} 在应用「${found.app.name}」的用户 access token 已过期 ${ago} 秒（租户时钟），请用 refreshToken 刷新`,
        `the user access token of ${found.token.userid} for app "${found.app.name}" expired ${ago} s ago (tenant clock); use the refreshToken`,
      ),
    );
  }
  return { tenant: found.tenant, app: found.app, user: found.token };
}

/** Pages are never cached: each carries a fresh QR session or a one-time code. */
function writePage(ctx: Context, result: PageResult): void {
  ctx.set('cache-control', 'no-store');
  if ('redirect' in result) {
    ctx.redirect(result.redirect);
    ctx.status = result.status ?? 302;
    return;
  }
  if ('script' in result) {
    ctx.status = 200;
    ctx.type = 'application/javascript; charset=utf-8';
    ctx.body = result.script;
    return;
  }
  ctx.status = result.status ?? 200;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = result.html;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The host's success envelope around a handler's fields (legacy: errcode 0, errmsg ok, request_id). */
export function successBody(route: RouteDef, state: CallState, result: unknown): unknown {
  if (route.host !== 'oapi') return result ?? {};
  const fields = result && typeof result === 'object' ? (result as Record<string, unknown>) : {};
  return state.legacyStyle === 'topapi'
    ? { errcode: 0, errmsg: 'ok', ...fields, request_id: state.requestId }
    : { errcode: 0, errmsg: 'ok', ...fields };
}

function unknownPath(router: Router | undefined, routes: readonly RouteDef[], ctx: Context): void {
  const state = callState(ctx);
  const match = router?.match(ctx.path, ctx.method);
  if (match && match.path.length > 0 && !match.route) {
    const allowed = routes.find((r) => r.host === state.host && match.path.some((l) => l.name === r.id));
    const method = allowed?.method ?? 'POST';
    const why = because(
      `${ctx.method} ${ctx.path} 只支持 ${method} 请求`,
      `${ctx.method} ${ctx.path} exists only as ${method}`,
    );
    throw new DingTalkError('methodNotAllowed', why, {
      method,
    });
  }
  const nearby = routes
    .filter((r) => r.host === state.host)
    .map((r) => ({ r, score: commonPrefix(r.path, ctx.path) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(({ r }) => `${r.method} ${r.path}`);
  const apiName = `dingtalk.oapi.${ctx.path.replace(/^\/(topapi\/)?/, '').replace(/\//g, '.')}`;
  throw new DingTalkError(
    'unknownApi',
    because(
      `${state.host} 上没有接口 ${ctx.method} ${ctx.path}；最接近的：${nearby.join(' | ')}`,
      `no ${state.host} endpoint ${ctx.method} ${ctx.path}; closest: ${nearby.join(' | ')}`,
    ),
    { apiName },
  );
}

/** GET (or HEAD) of the bare base URL by a browser: it asks for HTML first, API clients do not. */
function isBrowserAtRoot(ctx: Context): boolean {
  return (
    ctx.path === '/' &&
    (ctx.method === 'GET' || ctx.method === 'HEAD') &&
    (ctx.get('accept') || '').includes('text/html')
  );
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
