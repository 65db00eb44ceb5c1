/**
 * The admin API (JSON under /__sandbox/api/): what tests and the console use to see and steer the
 * sandbox. Loopback by default; an admin token can be required. Errors are `{error: {code, message}}`.
 */
import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { TenantSnapshot } from '../../domain/tenancy/tenant.ts';
import type { RouteDef } from '../route.ts';
import { AdminError } from './errors.ts';
import { registerAppRoutes } from './apps.ts';
import { registerDirectoryRoutes } from './directory.ts';
import { registerFaultRoutes } from './faults.ts';
import { registerStubRoutes } from './stubs.ts';
import { mountQrAdmin } from './qr.ts';
import { registerTenantRoutes } from './tenants.ts';
import { TenantOps } from './tenant-ops.ts';
import { registerConsole } from '../console/mount.ts';
import { foreignOrigin, hasConsoleSession, refusalPage } from '../console/guard.ts';
import { readBody } from '../middleware/body.ts';
import { gateSandboxPages, normalisePublicHosts } from './gate.ts';
import { mountCaCertificate } from './ca.ts';
import { registerBotAdmin } from './bots.ts';
import { registerCardAdmin } from './cards.ts';
import { openApiJson } from '../../openapi/index.ts';

export { AdminError } from './errors.ts';
export { appView, tenantView } from './tenants.ts';
import { mountClientAdmin } from './client.ts';
import { registerMessagingAdmin } from './messaging.ts';
import { registerEventAdmin } from './events.ts';

export interface AdminOptions {
  sandbox: Sandbox;
  /** The snapshot new tenants are created from. */
  defaultSnapshot: () => TenantSnapshot;
  /** The DingTalk route table, for fault-rule validation and GET /api/routes. */
  routes: readonly RouteDef[];
  /** When set, every /__sandbox/api call must carry it (or the console's session cookie). */
  adminToken?: string;
  /** Host names besides loopback ones and IP addresses that /__sandbox/* answers (gate.ts). */
  publicHosts?: readonly string[];
  /** The local CA's certificate, served ungated at GET /__sandbox/ca.pem (ca.ts); absent without TLS. */
  caPem?: string;
}

export function adminRouter(opts: AdminOptions) {
  const { sandbox } = opts;
  const router = new Router({ prefix: '/__sandbox' });

  const publicHosts = normalisePublicHosts(opts.publicHosts);
  // Before the gate: the CA certificate is public (ca.ts).
  mountCaCertificate(router, opts.caPem);
  // Who may ask (gate.ts, guardApi) before the body is read; refusals in the API's JSON shape, or as
  // an HTML page on the console's paths.
  router.use(async (ctx: Context, next: Next) => {
    const api = ctx.path.startsWith('/__sandbox/api');
    try {
      gateSandboxPages(ctx, publicHosts, opts.adminToken);
      if (api) guardApi(ctx, opts.adminToken);
      await readAdminBody(ctx);
      await next();
    } catch (e) {
      const err = e instanceof AdminError ? e : new AdminError(500, 'internal', String(e));
      ctx.status = err.status;
      if (api) ctx.body = { error: { code: err.code, message: err.message } };
      else refusalPage(ctx, err.status, err.message);
    }
  });

  router.get('/health', (ctx) => {
    // Sent as text: koa 3's body setter checks an object body against `ReadableStream`, `Blob` and
    // `Response`, and the first touch of those globals loads Node's fetch (undici, ~11 ms) — on a
    // cold start's first answer (npm run bench, cold start).
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ ok: true, tenants: sandbox.listTenants().length });
  });

  // The OpenAPI 3.1 document of the DingTalk hosts and this API (openapi/), generated once.
  router.get('/api/openapi.json', (ctx) => {
    ctx.type = 'application/json';
    ctx.body = openApiJson(opts.routes);
  });

  const tenants = new TenantOps(sandbox, opts.defaultSnapshot);
  registerTenantRoutes(router, tenants);
  registerAppRoutes(router, sandbox);
  registerDirectoryRoutes(router, sandbox);
  registerFaultRoutes(router, sandbox, opts.routes);
  registerStubRoutes(router, sandbox);
  mountQrAdmin(router, sandbox);

  mountClientAdmin(router, sandbox);

  registerMessagingAdmin(router, sandbox);
  registerBotAdmin(router, sandbox);
  registerCardAdmin(router, sandbox);
  registerEventAdmin(router, sandbox);

  // The console: HTML pages under /__sandbox/ (not /api), sharing the operations above.
  registerConsole(router, { sandbox, tenants, routes: opts.routes, adminToken: opts.adminToken });

  // '/' too: `/__sandbox` itself in a method no console page takes (else koa's bare text 404).
  router.all(['/', '/{*rest}'], () => {
    throw new AdminError(404, 'notFound', 'no such admin endpoint; see GET /__sandbox/api/tenants');
  });

  return router.routes();
}

/**
 * Tenant import takes whole exports: the largest tenant the admin API generates (200,000 users) exports
 * ~90 MB, journal and inboxes included. Every other call 1 MB.
 */
export const IMPORT_BODY_LIMIT = 256 * 1024 * 1024;
export const ADMIN_BODY_LIMIT = 1024 * 1024;
const IMPORT_PATH = '/__sandbox/api/tenants/import';

async function readAdminBody(ctx: Context): Promise<void> {
  const limit = ctx.path === IMPORT_PATH ? IMPORT_BODY_LIMIT : ADMIN_BODY_LIMIT;
  try {
    await readBody(ctx, limit);
  } catch (e) {
    const status = (e as { status?: unknown }).status;
    if (status === 413) {
      throw new AdminError(
        413,
        'bodyTooLarge',
        `the request body is larger than this endpoint takes (${limit / 1024 / 1024} MB)`,
      );
    }
    throw new AdminError(
      typeof status === 'number' && status >= 400 && status < 500 ? status : 400,
      'malformedBody',
      `the request body could not be parsed: ${(e as Error).message}`,
    );
  }
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
