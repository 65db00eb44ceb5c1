/**
 * Step "request" of the pipeline: what a handler may know of the HTTP request, read once from koa's
 * context into plain data (RouteRequest), and the route's raw parameters — the legacy host's query
 * and body fields merged (it reads access_token from either), the new host's JSON body (GET: query).
 */
import type { Context } from 'koa';
import { because, DingTalkError } from '../../domain/errors.ts';
import { queryOf } from '../query.ts';
import type { RouteDef, RouteRequest } from '../route.ts';
import { bodyFields } from '../middleware/body.ts';
import { clientIp } from '../middleware/request-context.ts';

/** The request as plain data (the body has been read: middleware/body.ts). */
export function readRequest(ctx: Context, pathParams: Record<string, string>): RouteRequest {
  const { headers } = ctx.req;
  return {
    method: ctx.method,
    path: ctx.path,
    search: ctx.search,
    query: queryOf(ctx),
    pathParams,
    body: (ctx.request as unknown as { body?: unknown }).body,
    json: Boolean(ctx.request.is('json')),
    header: (name) => (headers[name] as string | undefined) || '',
    cookie: (name) => ctx.cookies.get(name),
    // Koa 3's ctx.origin is the Origin header; the sandbox's own origin is protocol + Host.
    origin: `${ctx.protocol}://${ctx.host}`,
  };
}

export { clientIp };

/** The route's parameters before validation: see the file's comment. */
export function rawParams(route: RouteDef, request: RouteRequest): Record<string, unknown> {
  if (route.host !== 'api') return legacyParams({ ...request.query }, bodyFields(request.body));
  if (route.method === 'GET') return { ...request.query };
  const body = jsonObject(request);
  if (route.noBody) return body ?? {};
  if (body === null) {
    const type = request.header('content-type') || 'none';
    throw new DingTalkError(
      'missingBody',
      because(
        `新版接口需要 JSON 对象请求体（收到的 content-type 为 "${type}"）`,
        `the new API needs a JSON object body (got content-type "${type}")`,
      ),
    );
  }
  return body;
}

/** The body as a plain object, or null when it is absent, not an object, or not sent as JSON. */
export function jsonObject(request: RouteRequest): Record<string, unknown> | null {
  const b = request.body;
  if (!request.json) return null;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : null;
}

/** A legacy call's parameters: the query, then the body's fields over it. */
export function legacyParams(
  query: Record<string, unknown>,
  body: Record<string, unknown>,
): Record<string, unknown> {
  // { ...query, ...body } without the second spread: Object.assign differs only for an own
  // `__proto__` key, which a parsed JSON body never has (it is refused) and a form might.
  return Object.hasOwn(body, '__proto__') ? { ...query, ...body } : Object.assign(query, body);
}
