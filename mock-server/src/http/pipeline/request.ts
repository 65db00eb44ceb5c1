/**
 * Step "request" of the pipeline: what a handler may know of the HTTP request (RouteRequest: values,
 * never koa's context), and the route's raw parameters — the legacy host's query
 * and body fields merged (it reads access_token from either), the new host's JSON body (GET: query).
 */
import type { Context } from 'koa';
import { because, DingTalkError } from '../../domain/errors.ts';
import { queryOf } from '../query.ts';
import type { RouteDef, RouteRequest } from '../route.ts';
import { bodyFields } from '../middleware/body.ts';
import type { UploadedFile } from '../middleware/multipart-body.ts';

/**
 * The request as a handler sees it (the body has been read: middleware/body.ts). Read from koa's
 * context when asked, not before: most handlers ask for nothing beyond their params, and a content
 * type's parse or the origin's string are a cost on every call otherwise (npm run bench).
 */
class KoaRequestView implements RouteRequest {
  constructor(
    private readonly ctx: Context,
    readonly pathParams: Readonly<Record<string, string>>,
  ) {}

  get method(): string {
    return this.ctx.method;
  }
  get path(): string {
    return this.ctx.path;
  }
  get search(): string {
    return this.ctx.search;
  }
  get query(): Readonly<Record<string, string | string[] | undefined>> {
    return this.ctx.query;
  }
  get body(): unknown {
    return (this.ctx.request as unknown as { body?: unknown }).body;
  }
  get files(): readonly UploadedFile[] {
    return (this.ctx.request as unknown as { files?: UploadedFile[] }).files ?? [];
  }
  get json(): boolean {
    return Boolean(this.ctx.request.is('json'));
  }
  get origin(): string {
    // Koa 3's ctx.origin is the Origin header; the sandbox's own origin is protocol + Host.
    return `${this.ctx.protocol}://${this.ctx.host}`;
  }
  header(name: string): string {
    return (this.ctx.req.headers[name] as string | undefined) || '';
  }
  cookie(name: string): string | undefined {
    return this.ctx.cookies.get(name);
  }
}

export function readRequest(ctx: Context, pathParams: Record<string, string>): RouteRequest {
  return new KoaRequestView(ctx, pathParams);
}

/** The route's parameters before validation: see the file's comment. */
export function rawParams(route: RouteDef, ctx: Context, request: RouteRequest): Record<string, unknown> {
  if (route.host !== 'api') return legacyParams(queryOf(ctx), bodyFields(request.body));
  if (route.method === 'GET') return queryOf(ctx);
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
