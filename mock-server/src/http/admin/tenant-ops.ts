/**
 * Tenant operations shared by the admin API and the console: create (from the default snapshot, a
 * named snapshot or a generator size), reset to the state it was created with, named snapshots,
 * the tenant clock. Errors are AdminErrors, which each caller renders its own way (JSON or a page).
 */
import * as z from 'zod';
import { DirectoryError } from '../../domain/directory/directory.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { TenantError, type Tenant, type TenantSnapshot } from '../../domain/tenancy/tenant.ts';
import { generateTenant } from '../../fixtures/generate.ts';
import { AdminError } from './errors.ts';

export const createTenantBody = z
  .object({
    name: z.string().min(1).max(100).optional(),
    /** A named snapshot instead of the default one. */
    snapshot: z.string().min(1).optional(),
    /** Generate a directory of this many users instead. */
    users: z.number().int().min(1).max(200_000).optional(),
    seed: z.number().int().optional(),
  })
  .strict();
export type CreateTenantBody = z.infer<typeof createTenantBody>;

export const clockBody = z
  .object({
    advanceSeconds: z.number().finite().optional(),
    set: z.union([z.number().finite(), z.string().min(1)]).optional(),
    frozen: z.boolean().optional(),
    /** 恢复真实时间: back to real time, running; nothing else may come with it. */
    reset: z.literal(true).optional(),
  })
  .strict()
  .refine(
    (b) => b.advanceSeconds !== undefined || b.set !== undefined || b.frozen !== undefined || b.reset,
    'give advanceSeconds, set (ms or ISO time), frozen or reset: true',
  )
  .refine(
    (b) => !b.reset || (b.advanceSeconds === undefined && b.set === undefined && b.frozen === undefined),
    'reset: true goes alone (it puts the clock back on real time, running)',
  );
export type ClockBody = z.infer<typeof clockBody>;

export const snapshotBody = z.object({ name: z.string().min(1).max(64), corpId: z.string().min(1) }).strict();

export function clockView(t: Tenant) {
  return {
    now: t.clock.now(),
    iso: new Date(t.clock.now()).toISOString(),
    frozen: t.clock.toJSON().frozenAt !== null,
    /** Milliseconds ahead of real time (negative: behind); 0 after reset. */
    offsetMs: t.clock.drift().offsetMs,
  };
}

/** Domain errors that mean "this conflicts with what exists" become 409s. */
export function conflictGuard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TenantError || e instanceof DirectoryError)
      throw new AdminError(409, 'conflict', e.message);
    throw e;
  }
}

export class TenantOps {
  /** Named snapshots (saved with POST /api/snapshots or the console), to create tenants from. */
  readonly snapshots = new Map<string, TenantSnapshot>();
  /** Where each tenant came from, so reset can put it back. */
  private readonly origins = new WeakMap<Tenant, TenantSnapshot>();

  constructor(
    readonly sandbox: Sandbox,
    readonly defaultSnapshot: () => TenantSnapshot,
  ) {}

  /** A fresh isolated tenant: new corpId, AppKeys and secrets; the same configuration and directory. */
  create(body: CreateTenantBody): Tenant {
    let source: TenantSnapshot;
    if (body.snapshot) {
      const named = this.snapshots.get(body.snapshot);
      if (!named)
        throw new AdminError(
          404,
          'snapshotNotFound',
          `no snapshot named "${body.snapshot}"; known: ${[...this.snapshots.keys()].join(', ') || 'none'}`,
        );
      source = structuredClone(named);
    } else if (body.users !== undefined) {
      source = generateTenant({ users: body.users, seed: body.seed });
    } else {
      source = this.defaultSnapshot();
    }
    const tenant = conflictGuard(() => this.sandbox.addTenant(source, { fresh: true, name: body.name }));
    this.origins.set(tenant, tenant.toSnapshot());
    return tenant;
  }

  /** Load an exported tenant (its own identities unless `fresh`). */
  import(snapshot: TenantSnapshot, fresh: boolean): Tenant {
    const tenant = conflictGuard(() => this.sandbox.addTenant(snapshot, { fresh }));
    this.origins.set(tenant, tenant.toSnapshot());
    return tenant;
  }

  /** Back to the state it was created with (same corpId and credentials); tokens, codes and rules are dropped. */
  reset(t: Tenant): Tenant {
    const origin = {
      ...structuredClone(this.originOf(t)),
      corpId: t.corpId,
      clock: undefined,
      faults: undefined,
      appTokens: undefined,
      userTokens: undefined,
      authCodes: undefined,
    };
    const wasDefault = this.sandbox.defaultCorpId === t.corpId;
    this.sandbox.removeTenant(t.corpId);
    const fresh = conflictGuard(() => this.sandbox.addTenant(origin));
    if (wasDefault) this.sandbox.defaultCorpId = fresh.corpId;
    this.origins.set(fresh, origin);
    return fresh;
  }

  remove(t: Tenant): void {
    this.sandbox.removeTenant(t.corpId);
  }

  /** Keep a tenant's current state under a name, to create tenants from later. */
  saveSnapshot(name: string, t: Tenant): void {
    this.snapshots.set(name, {
      ...t.toSnapshot(),
      appTokens: undefined,
      userTokens: undefined,
      authCodes: undefined,
    });
  }

  /**
   * { advanceSeconds } | { set: ms or ISO } | { frozen } | { reset: true } — only this tenant's time
   * moves. Validated
   * before anything changes; frozen first, so a time set in the same call is exactly the frozen time.
   */
  setClock(t: Tenant, body: ClockBody): void {
    if (body.reset) {
      t.clock.reset();
      return;
    }
    const setTo =
      body.set === undefined ? undefined : typeof body.set === 'number' ? body.set : Date.parse(body.set);
    if (setTo !== undefined && !Number.isFinite(setTo)) {
      throw new AdminError(400, 'invalidBody', `cannot read "${String(body.set)}" as a time`);
    }
    if (body.frozen === true) t.clock.freeze(true);
    if (setTo !== undefined) t.clock.set(setTo);
    if (body.advanceSeconds !== undefined) t.clock.advance(body.advanceSeconds * 1000);
    if (body.frozen === false) t.clock.freeze(false);
  }

  private originOf(t: Tenant): TenantSnapshot {
    return (
      this.origins.get(t) ??
      (t.corpId === this.sandbox.defaultCorpId ? this.defaultSnapshot() : t.toSnapshot())
    );
  }
}
