/**
 * The Koa application serving every DingTalk host plus the sandbox's own /__sandbox/ pages from one
 * base URL. Order: request context (id, host, journal; errors → the host's envelope) → for DingTalk's
 * hosts the one pipeline (pipeline/index.ts: body, route, gate, handler, envelope); for /__sandbox/*
 * the admin router, which gates, reads bodies and answers refusals itself (admin/index.ts).
 */
import Koa from 'koa';
import type { Logger } from 'pino';
import type { Sandbox } from '../domain/tenancy/sandbox.ts';
import type { TenantSnapshot } from '../domain/tenancy/tenant.ts';
import { adminRouter } from './admin/index.ts';
import { apiRoutes } from './api/index.ts';
import { loginRoutes } from './login/index.ts';
import { errorAnswer } from './middleware/envelope.ts';
import { requestContext } from './middleware/request-context.ts';
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

export function createApp(opts: AppOptions): Koa {
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
  app.use(requestContext(opts.sandbox, opts.onChange, errorAnswer(opts.logger), callLogger(opts.logger)));
  // DingTalk's hosts; the pipeline passes /__sandbox/* on.
  app.use(dingtalkPipeline(opts.sandbox, ALL_ROUTES));
  // The admin router reads its own bodies, after its gate and with its own limits and refusals.
  app.use(admin as Parameters<typeof app.use>[0]);
  return app;
}
