/**
 * The Koa application serving every DingTalk host plus the sandbox's own /__sandbox/ pages from one
 * base URL. Middleware order: request context (id, host, journal) → envelope (errors → wire) →
 * body → admin API → dispatch (the route tables).
 */
import Koa from 'koa';
import type { Logger } from 'pino';
import type { Sandbox } from '../domain/sandbox.ts';
import type { TenantSnapshot } from '../domain/tenant.ts';
import { adminRouter } from './admin/index.ts';
import { apiRoutes } from './api/index.ts';
import { body } from './middleware/body.ts';
import { dispatch } from './middleware/dispatch.ts';
import { loginRoutes } from './login/index.ts';
import { envelope } from './middleware/envelope.ts';
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
  /** Called after every request that may have changed state (persistence). */
  onChange?: () => void;
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

  app.use(requestContext(opts.sandbox, opts.onChange));
  app.use(envelope(opts.logger));
  app.use(body);
  app.use(async (ctx, next) => {
    if (callState(ctx).host === 'admin') return admin(ctx as Parameters<typeof admin>[0], next);
    return next();
  });
  app.use(dispatch(opts.sandbox, ALL_ROUTES));
  return app;
}
