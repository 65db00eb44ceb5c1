/**
 * Every DingTalk host plus the sandbox's own /__sandbox/ pages from one base URL. Each request's host
 * is found first (request-context.ts detectHost): DingTalk's hosts take the one pipeline
 * (pipeline/index.ts: body, route, gate, handler, envelope, journal) on Node's request and response;
 * /__sandbox/* takes the Koa application — request context, then the admin router, which gates, reads
 * bodies and answers refusals itself (admin/index.ts). Decision 0019 says why the pipeline runs in
 * front of koa.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import parseUrl from 'parseurl';
import type { Logger } from 'pino';
import type { Sandbox } from '../domain/tenancy/sandbox.ts';
import type { TenantSnapshot } from '../domain/tenancy/tenant.ts';
import { adminRouter } from './admin/index.ts';
import { apiRoutes } from './api/index.ts';
import { loginRoutes } from './login/index.ts';
import { errorAnswer } from './middleware/envelope.ts';
import { clientIpOf, newCallState, requestContext } from './middleware/request-context.ts';
import { dingtalkPipeline } from './pipeline/index.ts';
import { callLogger, isParserError } from '../logger.ts';
import { oapiRoutes } from './oapi/index.ts';
import type { RouteDef } from './route.ts';

export const ALL_ROUTES: readonly RouteDef[] = [...oapiRoutes, ...apiRoutes, ...loginRoutes];

export interface AppOptions {
  sandbox: Sandbox;
  logger: Logger;
  defaultSnapshot: () => TenantSnapshot;
  /** Require this token on the admin API. */
  adminToken?: string;
  /** Host names /__sandbox/* answers besides loopback ones and IP addresses (admin/gate.ts). */
  publicHosts?: readonly string[];
  /** Called after every request that may have changed state (persistence); true for admin writes. */
  onChange?: (acknowledged?: boolean) => void;
  /** The local CA's certificate for GET /__sandbox/ca.pem (admin/ca.ts), when TLS is on. */
  caPem?: string;
}

/** The server's request listener, and the Koa application behind it for the sandbox's own pages. */
export interface Served {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  app: Koa;
}

export function createApp(opts: AppOptions): Served {
  const pages = createPagesApp(opts);
  const koaHandler = pages.callback();
  const pipeline = dingtalkPipeline({
    sandbox: opts.sandbox,
    routes: ALL_ROUTES,
    logger: opts.logger,
    onChange: opts.onChange,
    onCall: callLogger(opts.logger),
  });
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = requestPath(req);
    if (path === undefined) {
      // A request target that is no URL at all (`GET http://[::1/x`): refused as Node refuses what
      // its parser cannot read, and like those, logged at debug without the target (it may hold secrets).
      opts.logger.debug('request refused: its target is not a URL');
      res.writeHead(400, { Connection: 'close', 'Content-Length': 0 });
      res.end();
      return;
    }
    const state = newCallState(req.headers.host, path, clientIpOf(req));
    if (state.host === 'admin') {
      void koaHandler(req, res);
      return;
    }
    pipeline(req, res, state).catch((err: unknown) => {
      // The pipeline answers and journals whatever a handler throws; this is the sandbox's own bug.
      opts.logger.error({ err, requestId: state.requestId }, 'unexpected error in the pipeline');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  // The journal's replay (console) asks the pipeline again, as a client would.
  (pages.context as { dingtalk?: typeof handler }).dingtalk = handler;
  return { handler, app: pages };
}

/**
 * The request's path as koa reads it (parseurl, which keeps its parse on the request for the
 * pipeline's exchange.ts), or undefined for a target that is no URL. An absolute-form target is
 * checked first: for one that is no URL, parseurl's fallback (`url.parse`) would print a deprecation
 * warning with the whole target in it — secrets and all — before throwing.
 */
function requestPath(req: IncomingMessage): string | undefined {
  const url = req.url ?? '/';
  if (!url.startsWith('/') && url !== '*' && !URL.canParse(url)) return undefined;
  try {
    return parseUrl(req)?.pathname ?? '/';
  } catch {
    return undefined;
  }
}

function createPagesApp(opts: AppOptions): Koa {
  const app = new Koa();
  app.silent = true;
  app.on('error', (err: unknown) => {
    // A request the HTTP parser refused mid-body (a bad chunk): the client's fault, and its raw
    // bytes carry secrets. The server's clientError listener (start.ts) has logged it already.
    if (isParserError(err)) return;
    opts.logger.error({ err }, 'koa error');
  });
  const admin = adminRouter({
    sandbox: opts.sandbox,
    defaultSnapshot: opts.defaultSnapshot,
    routes: ALL_ROUTES,
    adminToken: opts.adminToken,
    publicHosts: opts.publicHosts,
    caPem: opts.caPem,
  });

  // The request context answers errors with the envelope's errorAnswer in its own try.
  app.use(requestContext(opts.sandbox, opts.onChange, errorAnswer(opts.logger)));
  // The admin router reads its own bodies, after its gate and with its own limits and refusals.
  app.use(admin as Parameters<typeof app.use>[0]);
  return app;
}
