/**
 * The hot path: the legacy host's ordinary calls — an exact-path oapi route, a plain query string, no
 * body (GET) or a plain JSON body (POST), and no fault rule in any tenant — answered without koa's
 * context, response streams and middleware promises (npm run bench; decision 0010). The gate, the
 * envelopes, the journal entry and the headers are the koa path's own functions (dispatch.ts,
 * envelope.ts, request-context.ts, json-body.ts); anything else — other hosts, pages, the robot
 * webhook, forms, queries with escapes, fault rules — goes to koa untouched.
 * test/unit/hot-path.test.ts compares both paths' answers and journal entries.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Koa from 'koa';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { Sandbox } from '../domain/tenancy/sandbox.ts';
import { ROBOT_WEBHOOK_PATH, bodyFields, unreadable } from './middleware/body.ts';
import {
  JSON_CONTENT_TYPE,
  enterRoute,
  exactRoutes,
  invokeRoute,
  isThenable,
  legacyParams,
  successBody,
  type RouteInput,
} from './middleware/dispatch.ts';
import { asDingTalkError, errorEnvelope } from './middleware/envelope.ts';
import { readPlainJson, type ReadJson } from './middleware/json-body.ts';
import { detectHost, newCallState, plainIp, record } from './middleware/request-context.ts';
import { parsePlainQuery } from './query.ts';
import type { CallState, RouteDef } from './route.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HotPathOptions {
  sandbox: Sandbox;
  logger: Logger;
  routes: readonly RouteDef[];
  onChange?: () => void;
}

/** One request listener for the server and the in-process injectors: the hot path, else koa. */
export function withHotPath(app: Koa, opts: HotPathOptions): RequestHandler {
  const { sandbox } = opts;
  const koa = app.callback();
  const exact = exactRoutes(opts.routes);

  return function handleRequest(req, res) {
    const { method } = req;
    const url = req.url ?? '';
    if (method !== 'GET' && method !== 'POST') return koa(req, res);
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const route = exact.get(`oapi ${method} ${path}`);
    // `#` sends koa's URL parser (parseurl) the slow way (it drops the fragment): koa's business.
    if (!route || route.page || path === ROBOT_WEBHOOK_PATH || url.includes('#')) return koa(req, res);
    const query = parsePlainQuery(q < 0 ? '' : url.slice(q + 1));
    if (!query || sandbox.hasFaultRules() || detectHost(req.headers.host, path) !== 'oapi') {
      return koa(req, res);
    }
    const read = method === 'POST' ? readPlainJson(req) : undefined;
    if (method === 'POST' && !read) return koa(req, res);

    const call: HotCall = {
      opts,
      req,
      res,
      method,
      url,
      path,
      route,
      query,
      state: newCallState(req.headers.host, path),
      ip: plainIp(req.socket?.remoteAddress ?? ''),
    };
    if (!read) return run(call, {});
    read.then(
      (r) => {
        // A fault rule added while the body was read: koa answers, with the body already parsed.
        if (sandbox.hasFaultRules()) return koaWithBody(app, req, res, r);
        run(call, bodyFields(r.body));
      },
      (e: Error) => fail(call, unreadable(path, e)),
    );
  };
}

/** One hot call's facts. */
interface HotCall {
  opts: HotPathOptions;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: string;
  path: string;
  route: RouteDef;
  query: Record<string, unknown>;
  state: CallState;
  ip: string;
}

function run(h: HotCall, fields: Record<string, unknown>): void {
  let result: unknown;
  try {
    enterRoute(h.state, h.route);
    const input: RouteInput = {
      ip: h.ip,
      headers: h.req.headers,
      pathParams: undefined,
      // No koa context here: the hot path takes no route that reads it, nor a call a fault rule acts on.
      ctx: undefined as unknown as Context,
    };
    result = invokeRoute(h.opts.sandbox, h.route, h.state, legacyParams(h.query, fields), input);
  } catch (thrown) {
    return fail(h, thrown);
  }
  if (isThenable(result)) {
    result.then(
      (r) => answer(h, 200, successBody(h.route, h.state, r)),
      (thrown: unknown) => fail(h, thrown),
    );
  } else {
    answer(h, 200, successBody(h.route, h.state, result));
  }
}

function fail(h: HotCall, thrown: unknown): void {
  const { status, body } = errorEnvelope(h.state, asDingTalkError(h.opts.logger, h.state, h.path, thrown));
  answer(h, status, body);
}

/** As koa's path: the journal entry and onChange (request-context.ts), then koa's JSON response. */
function answer(h: HotCall, status: number, body: unknown): void {
  record(h.opts.sandbox, h.state, h.method, h.url, status, body, h.ip);
  h.opts.onChange?.();
  const text = JSON.stringify(body);
  const { res } = h;
  res.statusCode = status;
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text);
}

/** koa's own request handling for a request whose body the hot path has read (body.ts skips it). */
function koaWithBody(app: Koa, req: IncomingMessage, res: ServerResponse, read: ReadJson): void {
  const ctx = app.createContext(req, res);
  Object.assign(ctx.request, { body: read.body, rawBody: read.raw });
  const internal = app as unknown as {
    handleRequest(ctx: Context, fn: (ctx: Context) => Promise<void>): Promise<void>;
    compose(mw: unknown[]): (ctx: Context) => Promise<void>;
    middleware: unknown[];
  };
  void internal.handleRequest(ctx, internal.compose(internal.middleware));
}
