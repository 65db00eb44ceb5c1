/**
 * A typed client for the admin API (`/__sandbox/api/`), for tests and scripts written against a
 * running sandbox: `new SandboxAdmin(url).tenants()` … Errors throw `SandboxAdminError` with the
 * API's code and message.
 */
import type { App } from './domain/apps.ts';
import type { Department, User } from './domain/directory.ts';
import type { JournalEntry, Outcome } from './domain/journal.ts';
import type { PermissionReport } from './domain/permission-usage.ts';
import type { TenantSnapshot } from './domain/tenant.ts';
import type { FaultRule, FaultRuleInput } from './faults/rule.ts';

export type AppInfo = Pick<
  App,
  | 'name'
  | 'appKey'
  | 'appSecret'
  | 'agentId'
  | 'appId'
  | 'webApp'
  | 'redirectUrls'
  | 'scopes'
  | 'ipAllowList'
  | 'visibleRange'
>;

export interface TenantInfo {
  corpId: string;
  name: string;
  default: boolean;
  users: number;
  departments: number;
  clock: ClockInfo;
  apps: AppInfo[];
}

export interface ClockInfo {
  now: number;
  iso: string;
  frozen: boolean;
}

export interface RouteInfo {
  id: string;
  host: string;
  method: string;
  path: string;
  scope: string | null;
}

export type FaultRuleInfo = FaultRule & { explanation: string };

export interface JournalQueryOptions {
  since?: number;
  sinceAt?: number;
  route?: string;
  outcome?: Outcome;
  limit?: number;
}

export type AppUpdate = Partial<Omit<AppInfo, 'appKey' | 'appSecret' | 'agentId' | 'appId' | 'webApp'>> & {
  webApp?: Partial<App['webApp']>;
  description?: string;
  icon?: string;
};

export class SandboxAdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'SandboxAdminError';
  }
}

export class SandboxAdmin {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly options: { adminToken?: string; fetch?: typeof fetch } = {},
  ) {
    this.base = `${baseUrl.replace(/\/$/, '')}/__sandbox/api`;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.adminToken) headers.authorization = `Bearer ${this.options.adminToken}`;
    const res = await (this.options.fetch ?? fetch)(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new SandboxAdminError(res.status, err?.code ?? 'http', err?.message ?? text);
    }
    return json as T;
  }

  private t(corpId: string): string {
    return `/tenants/${encodeURIComponent(corpId)}`;
  }

  // ---- tenants ----
  async tenants(): Promise<TenantInfo[]> {
    return (await this.request<{ tenants: TenantInfo[] }>('GET', '/tenants')).tenants;
  }
  tenant(corpId: string): Promise<TenantInfo> {
    return this.request('GET', this.t(corpId));
  }
  createTenant(
    opts: { name?: string; snapshot?: string; users?: number; seed?: number } = {},
  ): Promise<TenantInfo> {
    return this.request('POST', '/tenants', opts);
  }
  deleteTenant(corpId: string): Promise<void> {
    return this.request('DELETE', this.t(corpId));
  }
  resetTenant(corpId: string): Promise<TenantInfo> {
    return this.request('POST', `${this.t(corpId)}/reset`);
  }
  exportTenant(corpId: string): Promise<TenantSnapshot> {
    return this.request('GET', `${this.t(corpId)}/export`);
  }
  importTenant(snapshot: TenantSnapshot, opts: { fresh?: boolean } = {}): Promise<TenantInfo> {
    return this.request('POST', `/tenants/import${opts.fresh ? '?fresh=true' : ''}`, snapshot);
  }
  saveSnapshot(name: string, corpId: string): Promise<{ name: string; snapshots: string[] }> {
    return this.request('POST', '/snapshots', { name, corpId });
  }

  // ---- apps ----
  createApp(corpId: string, app: { name: string; description?: string; icon?: string }): Promise<AppInfo> {
    return this.request('POST', `${this.t(corpId)}/apps`, app);
  }
  updateApp(corpId: string, appKey: string, patch: AppUpdate): Promise<AppInfo> {
    return this.request('PATCH', `${this.t(corpId)}/apps/${appKey}`, patch);
  }
  deleteApp(corpId: string, appKey: string): Promise<void> {
    return this.request('DELETE', `${this.t(corpId)}/apps/${appKey}`);
  }
  resetSecret(corpId: string, appKey: string): Promise<{ appKey: string; appSecret: string }> {
    return this.request('POST', `${this.t(corpId)}/apps/${appKey}/secret/reset`);
  }
  grantScope(corpId: string, appKey: string, scope: string): Promise<{ scopes: string[] }> {
    return this.request('POST', `${this.t(corpId)}/apps/${appKey}/scopes`, { scope });
  }
  revokeScope(corpId: string, appKey: string, scope: string): Promise<{ scopes: string[] }> {
    return this.request('DELETE', `${this.t(corpId)}/apps/${appKey}/scopes/${encodeURIComponent(scope)}`);
  }
  permissions(corpId: string, appKey: string): Promise<PermissionReport> {
    return this.request('GET', `${this.t(corpId)}/apps/${appKey}/permissions`);
  }

  // ---- directory ----
  async departments(corpId: string): Promise<(Department & { members: number; children: number[] })[]> {
    return (
      await this.request<{ departments: (Department & { members: number; children: number[] })[] }>(
        'GET',
        `${this.t(corpId)}/departments`,
      )
    ).departments;
  }
  createDepartment(
    corpId: string,
    dept: { name: string; parentId: number; order?: number; deptId?: number },
  ): Promise<Department> {
    return this.request('POST', `${this.t(corpId)}/departments`, dept);
  }
  updateDepartment(
    corpId: string,
    deptId: number,
    patch: Partial<Pick<Department, 'name' | 'parentId' | 'order' | 'hideDept'>>,
  ): Promise<Department> {
    return this.request('PATCH', `${this.t(corpId)}/departments/${deptId}`, patch);
  }
  deleteDepartment(corpId: string, deptId: number): Promise<void> {
    return this.request('DELETE', `${this.t(corpId)}/departments/${deptId}`);
  }
  users(
    corpId: string,
    q: { dept?: number; q?: string; cursor?: number; limit?: number } = {},
  ): Promise<{ users: User[]; nextCursor: number | null; total?: number }> {
    const qs = new URLSearchParams(
      Object.entries(q)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    return this.request('GET', `${this.t(corpId)}/users${qs.size ? `?${qs}` : ''}`);
  }
  user(corpId: string, userid: string): Promise<User> {
    return this.request('GET', `${this.t(corpId)}/users/${encodeURIComponent(userid)}`);
  }
  createUser(corpId: string, user: Partial<User> & { name: string; deptIds: number[] }): Promise<User> {
    return this.request('POST', `${this.t(corpId)}/users`, user);
  }
  updateUser(
    corpId: string,
    userid: string,
    patch: Partial<Omit<User, 'userid' | 'unionid'>>,
  ): Promise<User> {
    return this.request('PATCH', `${this.t(corpId)}/users/${encodeURIComponent(userid)}`, patch);
  }
  deleteUser(corpId: string, userid: string): Promise<void> {
    return this.request('DELETE', `${this.t(corpId)}/users/${encodeURIComponent(userid)}`);
  }

  // ---- clock ----
  clock(corpId: string): Promise<ClockInfo> {
    return this.request('GET', `${this.t(corpId)}/clock`);
  }
  advanceClock(corpId: string, seconds: number): Promise<ClockInfo> {
    return this.request('POST', `${this.t(corpId)}/clock`, { advanceSeconds: seconds });
  }
  setClock(corpId: string, at: number | string, frozen?: boolean): Promise<ClockInfo> {
    return this.request('POST', `${this.t(corpId)}/clock`, {
      set: at,
      ...(frozen === undefined ? {} : { frozen }),
    });
  }

  // ---- journal ----
  async journal(corpId: string, q: JournalQueryOptions = {}): Promise<JournalEntry[]> {
    const qs = new URLSearchParams(
      Object.entries(q)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    return (
      await this.request<{ entries: JournalEntry[] }>(
        'GET',
        `${this.t(corpId)}/journal${qs.size ? `?${qs}` : ''}`,
      )
    ).entries;
  }

  // ---- faults ----
  async routes(): Promise<RouteInfo[]> {
    return (await this.request<{ routes: RouteInfo[] }>('GET', '/routes')).routes;
  }
  addFault(corpId: string, rule: FaultRuleInput): Promise<FaultRuleInfo> {
    return this.request('POST', `${this.t(corpId)}/faults`, rule);
  }
  async faults(corpId: string): Promise<FaultRuleInfo[]> {
    return (await this.request<{ rules: FaultRuleInfo[] }>('GET', `${this.t(corpId)}/faults`)).rules;
  }
  removeFault(corpId: string, id: string): Promise<void> {
    return this.request('DELETE', `${this.t(corpId)}/faults/${encodeURIComponent(id)}`);
  }
  clearFaults(corpId: string): Promise<void> {
    return this.request('DELETE', `${this.t(corpId)}/faults`);
  }
}
