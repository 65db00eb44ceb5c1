/**
 * Admin API: tenants — list, create (from the default snapshot, a named snapshot or a generator
 * size), reset, delete, export and import (lossless), plus each tenant's clock and journal.
 */
import type Router from '@koa/router';
import * as z from 'zod';
import type { App } from '../../domain/apps.ts';
import type { Outcome } from '../../domain/journal.ts';
import type { Sandbox } from '../../domain/sandbox.ts';
import { TenantError, type Tenant, type TenantSnapshot } from '../../domain/tenant.ts';
import { DirectoryError } from '../../domain/directory.ts';
import { generateTenant } from '../../fixtures/generate.ts';
import { anyBody } from '../middleware/body.ts';
import { AdminError, requireTenant } from './errors.ts';

export interface TenantRoutesOptions {
  sandbox: Sandbox;
  /** The snapshot new tenants are created from by default. */
  defaultSnapshot: () => TenantSnapshot;
  /** Named snapshots (e.g. saved with POST /api/snapshots). */
  snapshots: Map<string, TenantSnapshot>;
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

const clockView = (t: Tenant) => ({
  now: t.clock.now(),
  iso: new Date(t.clock.now()).toISOString(),
  frozen: t.clock.toJSON().frozenAt !== null,
});

const createBody = z
  .object({
    name: z.string().min(1).max(100).optional(),
    /** A named snapshot instead of the default one. */
    snapshot: z.string().min(1).optional(),
    /** Generate a directory of this many users instead. */
    users: z.number().int().min(1).max(200_000).optional(),
    seed: z.number().int().optional(),
  })
  .strict();

const clockBody = z
  .object({
    advanceSeconds: z.number().finite().optional(),
    set: z.union([z.number().finite(), z.string().min(1)]).optional(),
    frozen: z.boolean().optional(),
  })
  .strict()
  .refine(
    (b) => b.advanceSeconds !== undefined || b.set !== undefined || b.frozen !== undefined,
    'give advanceSeconds, set (ms or ISO time) or frozen',
  );

const OUTCOMES: readonly Outcome[] = ['ok', 'refused', 'fault', 'error'];

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AdminError(400, 'invalidBody', z.prettifyError(r.error));
  return r.data;
}

export function registerTenantRoutes(router: Router, opts: TenantRoutesOptions): void {
  const { sandbox } = opts;
  /** Where each tenant came from, so reset can put it back. */
  const origins = new WeakMap<Tenant, TenantSnapshot>();
  const originOf = (t: Tenant) =>
    origins.get(t) ?? (t.corpId === sandbox.defaultCorpId ? opts.defaultSnapshot() : t.toSnapshot());

  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof TenantError || e instanceof DirectoryError)
        throw new AdminError(409, 'conflict', e.message);
      throw e;
    }
  };

  router.get('/api/tenants', (ctx) => {
    ctx.body = { tenants: sandbox.listTenants().map((t) => tenantView(t, sandbox)) };
  });

  /** A fresh isolated tenant: new corpId, AppKeys and secrets; the same configuration and directory. */
  router.post('/api/tenants', (ctx) => {
    const body = parse(createBody, anyBody(ctx));
    let source: TenantSnapshot;
    if (body.snapshot) {
      const named = opts.snapshots.get(body.snapshot);
      if (!named)
        throw new AdminError(
          404,
          'snapshotNotFound',
          `no snapshot named "${body.snapshot}"; known: ${[...opts.snapshots.keys()].join(', ') || 'none'}`,
        );
      source = structuredClone(named);
    } else if (body.users !== undefined) {
      source = generateTenant({ users: body.users, seed: body.seed });
    } else {
      source = opts.defaultSnapshot();
    }
    const tenant = guard(() => sandbox.addTenant(source, { fresh: true, name: body.name }));
    origins.set(tenant, tenant.toSnapshot());
    ctx.status = 201;
    ctx.body = tenantView(tenant, sandbox);
  });

  router.get('/api/tenants/:corpId', (ctx) => {
    ctx.body = tenantView(requireTenant(sandbox, ctx.params.corpId), sandbox);
  });

  router.delete('/api/tenants/:corpId', (ctx) => {
    requireTenant(sandbox, ctx.params.corpId);
    sandbox.removeTenant(ctx.params.corpId!);
    ctx.status = 204;
  });

  /** Back to the state it was created with (same corpId and credentials); tokens, codes and rules are dropped. */
  router.post('/api/tenants/:corpId/reset', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const origin = {
      ...structuredClone(originOf(t)),
      corpId: t.corpId,
      clock: undefined,
      faults: undefined,
      appTokens: undefined,
    };
    const wasDefault = sandbox.defaultCorpId === t.corpId;
    sandbox.removeTenant(t.corpId);
    const fresh = guard(() => sandbox.addTenant(origin));
    if (wasDefault) sandbox.defaultCorpId = fresh.corpId;
    origins.set(fresh, origin);
    ctx.body = tenantView(fresh, sandbox);
  });

  /** The whole tenant as JSON: import it back for an identical tenant. */
  router.get('/api/tenants/:corpId/export', (ctx) => {
    ctx.body = requireTenant(sandbox, ctx.params.corpId).toSnapshot();
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
    const tenant = guard(() => sandbox.addTenant(snap, { fresh: ctx.query.fresh === 'true' }));
    origins.set(tenant, tenant.toSnapshot());
    ctx.status = 201;
    ctx.body = tenantView(tenant, sandbox);
  });

  /** Keep a tenant's current state under a name, to create tenants from later. */
  router.post('/api/snapshots', (ctx) => {
    const body = parse(
      z.object({ name: z.string().min(1).max(64), corpId: z.string().min(1) }).strict(),
      anyBody(ctx),
    );
    const t = requireTenant(sandbox, body.corpId);
    opts.snapshots.set(body.name, { ...t.toSnapshot(), appTokens: undefined });
    ctx.status = 201;
    ctx.body = { name: body.name, snapshots: [...opts.snapshots.keys()] };
  });

  router.get('/api/snapshots', (ctx) => {
    ctx.body = { snapshots: [...opts.snapshots.keys()] };
  });

  // ---- clock ----

  router.get('/api/tenants/:corpId/clock', (ctx) => {
    ctx.body = clockView(requireTenant(sandbox, ctx.params.corpId));
  });

  /** { advanceSeconds } | { set: ms or ISO } | { frozen } — only this tenant's time moves. */
  router.post('/api/tenants/:corpId/clock', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const body = parse(clockBody, anyBody(ctx));
    const setTo =
      body.set === undefined ? undefined : typeof body.set === 'number' ? body.set : Date.parse(body.set);
    if (setTo !== undefined && !Number.isFinite(setTo)) {
      throw new AdminError(400, 'invalidBody', `cannot read "${String(body.set)}" as a time`);
    }
    // Freeze first, so a time set in the same call is exactly the frozen time.
    if (body.frozen === true) t.clock.freeze(true);
    if (setTo !== undefined) t.clock.set(setTo);
    if (body.advanceSeconds !== undefined) t.clock.advance(body.advanceSeconds * 1000);
    if (body.frozen === false) t.clock.freeze(false);
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
