/**
 * The Koa application serving every DingTalk host plus the sandbox's own /__sandbox/ pages from one
 * base URL. Order: request context (id, host, journal) → envelope (errors → wire) → body → admin
 * API → dispatch (the route tables), in two koa middlewares.
 */
import Koa, { type Middleware } from 'koa';
import type { Logger } from 'pino';
import type { Sandbox } from '../domain/sandbox.ts';
import type { TenantSnapshot } from '../domain/tenant.ts';
import { adminRouter } from './admin/index.ts';
import { apiRoutes } from './api/index.ts';
import { body } from './middleware/body.ts';
import { dispatch } from './middleware/dispatch.ts';
import { loginRoutes } from './login/index.ts';
import { errorAnswer } from './middleware/envelope.ts';
import { callState, requestContext } from './middleware/request-context.ts';
import { oapiRoutes } from './oapi/index.ts';
import type { RouteDef } from './route.ts';

export const ALL_ROUTES: readonly RouteDef[] = [...oapiRoutes, ...apiRoutes, ...loginRoutes];

export interface AppOptions {
  sandbox: Sandbox;
  logger: Logger;
  defaultSnapshot: () => TenantSnapshot;
  /** Require this token on the admin API. */
  adminToken?: string;
  /** Called after every request that may have changed state (persistence); true for admin writes. */
  onChange?: (acknowledged?: boolean) => void;
}

export function createApp(opts: AppOptions): Koa {
  const app = new Koa();
  app.silent = true;
  app.on('error', (err: unknown) => opts.logger.error({ err }, 'koa error'));
  const admin = adminRouter({
    sandbox: opts.sandbox,
    defaultSnapshot: opts.defaultSnapshot,
    routes: ALL_ROUTES,
    adminToken: opts.adminToken,
  });

  // Two koa middlewares, not five: each layer costs every request (npm run bench). The request
  // context answers errors with the envelope's errorAnswer in its own try.
  app.use(requestContext(opts.sandbox, opts.onChange, errorAnswer(opts.logger)));
  const routes = dispatch(opts.sandbox, ALL_ROUTES);
  const route: Middleware = (ctx, next) =>
    callState(ctx).host === 'admin' ? admin(ctx as Parameters<typeof admin>[0], next) : routes(ctx, next);
  app.use((ctx, next) => body(ctx, () => route(ctx, next)));
  return app;
}
