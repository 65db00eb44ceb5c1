/**
 * Step "request" of the pipeline: what a handler may know of the HTTP request (RouteRequest: values,
 * never koa's context), and the route's raw parameters — the legacy host's query
 * and body fields merged (it reads access_token from either), the new host's JSON body (GET: query).
 */
import { because, DingTalkError } from '../../domain/errors.ts';
import type { RouteDef, RouteRequest } from '../route.ts';
import { bodyFields } from '../middleware/body.ts';
import { RequestView, type Exchange } from './exchange.ts';

export function readRequest(x: Exchange, pathParams: Record<string, string>): RouteRequest {
  return new RequestView(x, pathParams);
}

/** The route's parameters before validation: see the file's comment. */
export function rawParams(route: RouteDef, x: Exchange, request: RouteRequest): Record<string, unknown> {
  if (route.host !== 'api') return legacyParams(x.query(), bodyFields(request.body));
  if (route.method === 'GET') return x.query();
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
