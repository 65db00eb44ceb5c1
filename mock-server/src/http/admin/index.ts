/**
 * The admin API (JSON under /__sandbox/api/): what tests and the console use to see and steer the
 * sandbox. Loopback by default; an admin token can be required. Errors are `{error: {code, message}}`.
 */
import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { Sandbox } from '../../domain/sandbox.ts';
import type { TenantSnapshot } from '../../domain/tenant.ts';
import type { RouteDef } from '../route.ts';
import { AdminError } from './errors.ts';
import { registerAppRoutes } from './apps.ts';
import { registerDirectoryRoutes } from './directory.ts';
import { registerFaultRoutes } from './faults.ts';
import { mountQrAdmin } from './qr.ts';
import { registerTenantRoutes } from './tenants.ts';

export { AdminError } from './errors.ts';
export { appView, tenantView } from './tenants.ts';
import { mountClientAdmin } from './client.ts';
import { registerConsolePages } from '../console/index.ts';
import { registerMessagingAdmin } from './messaging.ts';

export interface AdminOptions {
  sandbox: Sandbox;
  /** The snapshot new tenants are created from. */
  defaultSnapshot: () => TenantSnapshot;
  /** The DingTalk route table, for fault-rule validation and GET /api/routes. */
  routes: readonly RouteDef[];
  /** When set, every /__sandbox/api call must carry it. */
  adminToken?: string;
}

export function adminRouter(opts: AdminOptions) {
  const { sandbox } = opts;
  const router = new Router({ prefix: '/__sandbox' });

  router.use(async (ctx: Context, next: Next) => {
    try {
      if (opts.adminToken && ctx.path.startsWith('/__sandbox/api') && !tokenMatches(ctx, opts.adminToken)) {
        throw new AdminError(
          401,
          'unauthorized',
          'this sandbox requires an admin token (header authorization: Bearer <token> or x-sandbox-admin-token)',
        );
      }
      await next();
    } catch (e) {
      const err = e instanceof AdminError ? e : new AdminError(500, 'internal', String(e));
      ctx.status = err.status;
      ctx.body = { error: { code: err.code, message: err.message } };
    }
  });

  router.get('/health', (ctx) => {
    ctx.body = { ok: true, tenants: sandbox.listTenants().length };
  });

  registerTenantRoutes(router, { sandbox, defaultSnapshot: opts.defaultSnapshot, snapshots: new Map() });
  registerAppRoutes(router, sandbox);
  registerDirectoryRoutes(router, sandbox);
  registerFaultRoutes(router, sandbox, opts.routes);
  mountQrAdmin(router, sandbox);

  mountClientAdmin(router, sandbox);

  registerMessagingAdmin(router, sandbox);
  registerConsolePages(router, sandbox);

  router.all('/{*rest}', () => {
    throw new AdminError(404, 'notFound', 'no such admin endpoint; see GET /__sandbox/api/tenants');
  });

  return router.routes();
}

function tokenMatches(ctx: Context, expected: string): boolean {
  const auth = ctx.get('authorization');
  const given = auth.startsWith('Bearer ') ? auth.slice(7) : ctx.get('x-sandbox-admin-token');
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
