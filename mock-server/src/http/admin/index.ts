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
import { TenantOps } from './tenant-ops.ts';
import { registerConsole } from '../console/mount.ts';
import { foreignOrigin, hasConsoleSession } from '../console/guard.ts';

export { AdminError } from './errors.ts';
export { appView, tenantView } from './tenants.ts';
import { mountClientAdmin } from './client.ts';
import { registerMessagingAdmin } from './messaging.ts';

export interface AdminOptions {
  sandbox: Sandbox;
  /** The snapshot new tenants are created from. */
  defaultSnapshot: () => TenantSnapshot;
  /** The DingTalk route table, for fault-rule validation and GET /api/routes. */
  routes: readonly RouteDef[];
  /** When set, every /__sandbox/api call must carry it (or the console's session cookie). */
  adminToken?: string;
}

export function adminRouter(opts: AdminOptions) {
  const { sandbox } = opts;
  const router = new Router({ prefix: '/__sandbox' });

  router.use(async (ctx: Context, next: Next) => {
    try {
      if (ctx.path.startsWith('/__sandbox/api')) guardApi(ctx, opts.adminToken);
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

  const tenants = new TenantOps(sandbox, opts.defaultSnapshot);
  registerTenantRoutes(router, tenants);
  registerAppRoutes(router, sandbox);
  registerDirectoryRoutes(router, sandbox);
  registerFaultRoutes(router, sandbox, opts.routes);
  mountQrAdmin(router, sandbox);

  mountClientAdmin(router, sandbox);

  registerMessagingAdmin(router, sandbox);

  // The console: HTML pages under /__sandbox/ (not /api), sharing the operations above.
  registerConsole(router, { sandbox, tenants, routes: opts.routes, adminToken: opts.adminToken });

  router.all('/{*rest}', () => {
    throw new AdminError(404, 'notFound', 'no such admin endpoint; see GET /__sandbox/api/tenants');
  });

  return router.routes();
}

/**
 * The admin API's gate: with a token configured, the header or the console's session cookie; and
 * a state-changing call from a foreign web page (its Origin is not the sandbox's) is refused, so a
 * site open in the same browser cannot drive a loopback sandbox. /api/client answers CORS for the
 * DingTalk client shim, which runs inside other origins' pages.
 */
function guardApi(ctx: Context, adminToken: string | undefined): void {
  const client = ctx.path.startsWith('/__sandbox/api/client');
  if (!client && !['GET', 'HEAD', 'OPTIONS'].includes(ctx.method) && foreignOrigin(ctx)) {
    throw new AdminError(
      403,
      'foreignOrigin',
      `refused: a request from ${foreignOrigin(ctx)} may not change the sandbox`,
    );
  }
  if (adminToken && !tokenMatches(ctx, adminToken) && !hasConsoleSession(ctx, adminToken)) {
    throw new AdminError(
      401,
      'unauthorized',
      'this sandbox requires an admin token (header authorization: Bearer <token> or x-sandbox-admin-token)',
    );
  }
}

function tokenMatches(ctx: Context, expected: string): boolean {
  const auth = ctx.get('authorization');
  const given = auth.startsWith('Bearer ') ? auth.slice(7) : ctx.get('x-sandbox-admin-token');
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
