/**
 * Admin API: tenants — list, create (from the default snapshot, a named snapshot or a generator
 * size), reset, delete, export and import (lossless), plus each tenant's clock and journal.
 */
import type Router from '@koa/router';
import type { App } from '../../domain/apps/apps.ts';
import type { Outcome } from '../../domain/journal/journal.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant, TenantSnapshot } from '../../domain/tenancy/tenant.ts';
import { anyBody } from '../middleware/body.ts';
import { AdminError, requireTenant } from './errors.ts';
import { clockBody, clockView, createTenantBody, snapshotBody, type TenantOps } from './tenant-ops.ts';
import { parseBody } from './validation.ts';

export function appView(app: App) {
  return {
    name: app.name,
    description: app.description,
    /** A data: URL (uploaded in the console) or an http(s) URL; '' for the default icon. */
    icon: app.icon,
    appKey: app.appKey,
    appSecret: app.appSecret,
    agentId: app.agentId,
    appId: app.appId,
    webApp: app.webApp,
    redirectUrls: app.redirectUrls,
    scopes: app.scopes,
    ipAllowList: app.ipAllowList,
    visibleRange: app.visibleRange,
  };
}

export function tenantView(t: Tenant, sandbox: Sandbox) {
  return {
    corpId: t.corpId,
    name: t.name,
    default: sandbox.defaultCorpId === t.corpId,
    users: t.directory.userCount,
    departments: t.directory.departmentCount,
    clock: clockView(t),
    apps: t.listApps().map(appView),
  };
}

const OUTCOMES: readonly Outcome[] = ['ok', 'refused', 'fault', 'error'];

export function registerTenantRoutes(router: Router, ops: TenantOps): void {
  const { sandbox } = ops;

  router.get('/api/tenants', (ctx) => {
    ctx.body = { tenants: sandbox.listTenants().map((t) => tenantView(t, sandbox)) };
  });

  /** A fresh isolated tenant: new corpId, AppKeys and secrets; the same configuration and directory. */
  router.post('/api/tenants', (ctx) => {
    const tenant = ops.create(parseBody(createTenantBody, anyBody(ctx)));
    ctx.status = 201;
    ctx.body = tenantView(tenant, sandbox);
  });

  router.get('/api/tenants/:corpId', (ctx) => {
    ctx.body = tenantView(requireTenant(sandbox, ctx.params.corpId), sandbox);
  });

  router.delete('/api/tenants/:corpId', (ctx) => {
    ops.remove(requireTenant(sandbox, ctx.params.corpId));
    ctx.status = 204;
  });

  /** Back to the state it was created with (same corpId and credentials); tokens, codes and rules are dropped. */
  router.post('/api/tenants/:corpId/reset', (ctx) => {
    ctx.body = tenantView(ops.reset(requireTenant(sandbox, ctx.params.corpId)), sandbox);
  });

  /** The whole tenant as JSON: import it back for an identical tenant. ?download=1 saves it as a file. */
  router.get('/api/tenants/:corpId/export', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    if (ctx.query.download === '1') ctx.attachment(`tenant-${t.corpId}.json`);
    ctx.body = t.toSnapshot();
  });

  /** Load an exported tenant (its own identities; ?fresh=true gives it new ones). */
  router.post('/api/tenants/import', (ctx) => {
    const snap = anyBody(ctx) as unknown as TenantSnapshot;
    if (!snap || typeof snap !== 'object' || typeof snap.corpId !== 'string' || !Array.isArray(snap.apps)) {
      throw new AdminError(
        400,
        'invalidBody',
        'expected an exported tenant (GET /__sandbox/api/tenants/{corpId}/export)',
      );
    }
    const tenant = ops.import(snap, ctx.query.fresh === 'true');
    ctx.status = 201;
    ctx.body = tenantView(tenant, sandbox);
  });

  /** Keep a tenant's current state under a name, to create tenants from later. */
  router.post('/api/snapshots', (ctx) => {
    const body = parseBody(snapshotBody, anyBody(ctx));
    ops.saveSnapshot(body.name, requireTenant(sandbox, body.corpId));
    ctx.status = 201;
    ctx.body = { name: body.name, snapshots: [...ops.snapshots.keys()] };
  });

  router.get('/api/snapshots', (ctx) => {
    ctx.body = { snapshots: [...ops.snapshots.keys()] };
  });

  // ---- clock ----

  router.get('/api/tenants/:corpId/clock', (ctx) => {
    ctx.body = clockView(requireTenant(sandbox, ctx.params.corpId));
  });

  /** { advanceSeconds } | { set: ms or ISO } | { frozen } — only this tenant's time moves. */
  router.post('/api/tenants/:corpId/clock', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    ops.setClock(t, parseBody(clockBody, anyBody(ctx)));
    ctx.body = clockView(t);
  });

  // ---- journal ----

  /** ?since=<seq>&sinceAt=<ms>&route=<id>&outcome=ok|refused|fault|error&limit=<n> */
  router.get('/api/tenants/:corpId/journal', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const q = ctx.query;
    const num = (v: unknown) =>
      typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
    const outcome = typeof q.outcome === 'string' ? q.outcome : undefined;
    if (outcome && !OUTCOMES.includes(outcome as Outcome)) {
      throw new AdminError(400, 'invalidQuery', `outcome must be one of ${OUTCOMES.join(', ')}`);
    }
    ctx.body = {
      lastSeq: t.journal.lastSeq,
      entries: t.journal.query({
        sinceSeq: num(q.since),
        sinceAt: num(q.sinceAt),
        route: typeof q.route === 'string' ? q.route : undefined,
        outcome: outcome as Outcome | undefined,
        limit: num(q.limit),
      }),
    };
  });
}
