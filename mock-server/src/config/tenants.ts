/**
 * The config file's tenants, built into tenant snapshots at start. Each one is made in a scratch
 * sandbox with the operations the admin API uses (addDepartment, addUser, createAppIn +
 * applyAppUpdate, addRobotTo, the fault rules' add), so what the API refuses the file cannot hold,
 * and every refusal names the place in the file: `tenants[0].users[3]: parent department 9 does not exist`.
 */
import { DEFAULT_SCOPES } from '../domain/apps/scopes.ts';
import { Directory } from '../domain/directory/directory.ts';
import { newCorpId } from '../domain/ids.ts';
import { Sandbox } from '../domain/tenancy/sandbox.ts';
import { SNAPSHOT_VERSION, type Tenant, type TenantSnapshot } from '../domain/tenancy/tenant.ts';
import { generateTenant } from '../fixtures/generate.ts';
import { applyAppUpdate } from '../http/admin/app-ops.ts';
import { addDepartment, addUser } from '../http/admin/directory-ops.ts';
import { addRobotTo } from '../http/admin/robot-ops.ts';
import { defaultSnapshot } from '../snapshots.ts';
import type { TenantConfig } from './schema.ts';
import { subscribeFromConfig } from './events.ts';
import { StartupError } from './startup-error.ts';

export interface BuildOptions {
  /** The file's name, for messages. */
  file: string;
  /** Route ids fault rules may name. */
  knownRoutes: () => readonly string[];
}

/** The snapshots of the file's tenants, in order (the first becomes the default tenant). */
export function tenantsFromConfig(tenants: readonly TenantConfig[], opts: BuildOptions): TenantSnapshot[] {
  const scratch = new Sandbox({ knownRoutes: opts.knownRoutes });
  return tenants.map((tc, i) => buildTenant(scratch, tc, { ...opts, at: `tenants[${i}]` }).toSnapshot());
}

function buildTenant(scratch: Sandbox, tc: TenantConfig, opts: BuildOptions & { at: string }): Tenant {
  const step = <T>(where: string, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new StartupError(`${opts.file}: ${where}: ${why}`, 'fix the file', { cause: e });
    }
  };
  const t = step(opts.at, () => scratch.addTenant(baseSnapshot(tc)));
  tc.departments.forEach((d, i) => step(`${opts.at}.departments[${i}]`, () => addDepartment(t.directory, d)));
  tc.users.forEach((u, i) => step(`${opts.at}.users[${i}]`, () => addUser(t.directory, u, t.clock.now())));
  tc.apps.forEach((a, i) =>
    step(`${opts.at}.apps[${i}]`, () => {
      const { appKey, appSecret, agentId, name, events, ...update } = a;
      if (events?.channel === 'http' && !appKey)
        throw new Error('events over HTTP need a fixed appKey: the receiver decrypts each push with it');
      // A new app holds qyapi_base (调用企业API基础权限); the file's scopes are granted besides.
      const scopes = [...new Set([...DEFAULT_SCOPES, ...(update.scopes ?? [])])];
      const app = t.addApp({ name, appKey, appSecret, agentId });
      applyAppUpdate(t, app, { ...update, scopes });
      if (events) subscribeFromConfig(t, app.appKey, events);
    }),
  );
  tc.robots.forEach((r, i) =>
    step(`${opts.at}.robots[${i}]`, () => {
      if (r.accessToken && t.messaging.robots.findByToken(r.accessToken))
        throw new Error(`another robot has the access token ${r.accessToken}`);
      if (!r.openConversationId && t.messaging.chats.list().length === 0)
        t.messaging.chats.add({ name: '机器人群' }, t.clock.now());
      addRobotTo(t, r);
    }),
  );
  tc.faults.forEach((f, i) => step(`${opts.at}.faults[${i}]`, () => t.faults.add(f)));
  tc.stubs.forEach((st, i) => step(`${opts.at}.stubs[${i}]`, () => t.stubs.add(st)));
  return t;
}

/** The tenant before the file's departments, users, apps, robots and rules: its directory and groups. */
function baseSnapshot(tc: TenantConfig): TenantSnapshot {
  const from =
    tc.directory === 'default'
      ? defaultSnapshot()
      : tc.directory === 'empty'
        ? null
        : generateTenant({ users: tc.directory.users, seed: tc.directory.seed });
  const name = tc.name ?? from?.name ?? '钉钉沙箱企业';
  return {
    version: SNAPSHOT_VERSION,
    corpId: tc.corpId ?? newCorpId(),
    name,
    apps: [],
    directory: from?.directory ?? new Directory(name).toSnapshot(),
    chats: from?.chats ?? [],
    robots: [],
  };
}
