/**
 * The admin API (JSON under /__sandbox/api/): what tests and the console use to see and steer the
 * sandbox. This is its first slice — tenants; the control-plane issue completes it.
 */
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import type { App } from '../../domain/apps.ts';
import type { Sandbox } from '../../domain/sandbox.ts';
import type { Tenant, TenantSnapshot } from '../../domain/tenant.ts';
import { registerConsolePages } from '../console/index.ts';
import { anyBody } from '../middleware/body.ts';
import { registerMessagingAdmin } from './messaging.ts';

export interface AdminOptions {
  sandbox: Sandbox;
  /** The snapshot new tenants are created from. */
  defaultSnapshot: () => TenantSnapshot;
}

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function appView(app: App) {
  return {
    name: app.name,
    appKey: app.appKey,
    appSecret: app.appSecret,
    agentId: app.agentId,
    appId: app.appId,
    webApp: app.webApp,
    redirectUrls: app.redirectUrls,
    scopes: app.scopes,
    ipAllowList: app.ipAllowList,
  };
}

export function tenantView(t: Tenant, sandbox: Sandbox) {
  return {
    corpId: t.corpId,
    name: t.name,
    default: sandbox.defaultCorpId === t.corpId,
    users: t.directory.userCount,
    departments: t.directory.departmentCount,
    clock: { now: t.clock.now(), iso: new Date(t.clock.now()).toISOString() },
    apps: t.listApps().map(appView),
  };
}

const createTenantBody = z.object({ name: z.string().min(1).max(100).optional() }).strict();

export function adminRouter(opts: AdminOptions) {
  const { sandbox } = opts;
  const router = new Router({ prefix: '/__sandbox' });

  router.use(async (ctx: Context, next: Next) => {
    try {
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

  router.get('/api/tenants', (ctx) => {
    ctx.body = { tenants: sandbox.listTenants().map((t) => tenantView(t, sandbox)) };
  });

  router.post('/api/tenants', (ctx) => {
    const parsed = createTenantBody.safeParse(anyBody(ctx));
    if (!parsed.success) throw new AdminError(400, 'invalidBody', z.prettifyError(parsed.error));
    const tenant = sandbox.addTenant(opts.defaultSnapshot(), { fresh: true, name: parsed.data.name });
    ctx.status = 201;
    ctx.body = tenantView(tenant, sandbox);
  });

  router.get('/api/tenants/:corpId', (ctx) => {
    ctx.body = tenantView(requireTenant(sandbox, ctx.params.corpId), sandbox);
  });

  router.get('/api/tenants/:corpId/journal', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const since = Number(ctx.query.since ?? 0);
    ctx.body = { entries: t.journal.query({ sinceSeq: Number.isFinite(since) ? since : 0 }) };
  });

  router.post('/api/tenants/:corpId/clock/advance', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const seconds = Number(anyBody(ctx).seconds);
    if (!Number.isFinite(seconds)) throw new AdminError(400, 'invalidBody', 'seconds must be a number');
    t.clock.advance(seconds * 1000);
    ctx.body = { now: t.clock.now() };
  });

  router.delete('/api/tenants/:corpId', (ctx) => {
    requireTenant(sandbox, ctx.params.corpId);
    sandbox.removeTenant(ctx.params.corpId!);
    ctx.status = 204;
  });

  registerMessagingAdmin(router, sandbox);
  registerConsolePages(router, sandbox);

  router.all('/{*rest}', () => {
    throw new AdminError(404, 'notFound', 'no such admin endpoint; see GET /__sandbox/api/tenants');
  });

  return router.routes();
}

function requireTenant(sandbox: Sandbox, corpId: string | undefined): Tenant {
  const t = corpId === undefined ? undefined : sandbox.getTenant(corpId);
  if (!t) throw new AdminError(404, 'tenantNotFound', `no tenant with corpId ${corpId}`);
  return t;
}
