/**
 * A typed client for the admin API (`/__sandbox/api/`), for tests and scripts written against a
 * running sandbox: `new SandboxAdmin(url).tenants()` … Every refusal (a non-2xx answer, or one that
 * is not the API's JSON) throws `SandboxAdminError` with the API's code and message.
 */
import type { App } from './domain/apps/apps.ts';
import type { Department, User } from './domain/directory/directory.ts';
import type { JournalEntry, Outcome } from './domain/journal/journal.ts';
import type { PermissionReport } from './domain/apps/permission-usage.ts';
import type { TenantSnapshot } from './domain/tenancy/tenant.ts';
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
  /** Milliseconds ahead of real time (negative: behind); 0 after resetClock. */
  offsetMs: number;
}

export interface RouteInfo {
  id: string;
  host: string;
  method: string;
  path: string;
  scope: string | null;
}

/** A fault rule with what it does in words: English, and Chinese as the console shows it. */
export type FaultRuleInfo = FaultRule & { explanation: string; explanationZh: string };

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

export interface QrSessionInfo {
  sid: string;
  generation: 'new' | 'legacy';
  appKey: string;
  appName: string | null;
  status: string;
  userid: string | null;
  redirectUri: string;
  state: string;
  scopes: string[];
  createdAt: number;
  expiresAt: number;
  refusal?: { error: string; message: string };
}

export interface InboxMessage {
  messageId: string;
  taskId: number;
  source: 'workNotice' | 'appRobot';
  sender: { kind: string; appKey: string; name: string; agentId?: number };
  msgtype: string;
  title: string;
  msg: unknown;
  sentAt: number;
  read: boolean;
  readAt: number | null;
  recalled: boolean;
}

export interface RobotInfo {
  id: string;
  name: string;
  openConversationId: string;
  chatName: string;
  webhook: string;
  accessToken: string;
  secret: string;
  keywords: string[];
  ipAllowList: string[];
}

export interface ChatMessageInfo {
  messageId: string;
  msgtype: string;
  title: string;
  msg: unknown;
  sentAt: number;
}

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
    let json: unknown;
    try {
      json = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      // Not the admin API's JSON (a console page, a proxy's error page): a refusal whatever its status.
      throw new SandboxAdminError(res.status, res.ok ? 'invalidResponse' : 'http', text.slice(0, 500));
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new SandboxAdminError(res.status, err?.code ?? 'http', err?.message ?? text.slice(0, 500));
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
  /** 恢复真实时间: the tenant's clock back on real time, running. */
  resetClock(corpId: string): Promise<ClockInfo> {
    return this.request('POST', `${this.t(corpId)}/clock`, { reset: true });
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

  // ---- the phone, in-app codes, inboxes, robots ----
  async qrSessions(corpId: string, opts: { all?: boolean } = {}): Promise<QrSessionInfo[]> {
    return (
      await this.request<{ sessions: QrSessionInfo[] }>(
        'GET',
        `${this.t(corpId)}/qr${opts.all ? '?all=1' : ''}`,
      )
    ).sessions;
  }
  /** The phone scans the QR session as `userid`. */
  phoneScan(corpId: string, sid: string, userid: string): Promise<QrSessionInfo> {
    return this.request('POST', `${this.t(corpId)}/qr/${encodeURIComponent(sid)}/scan`, { userid });
  }
  phoneConfirm(corpId: string, sid: string): Promise<QrSessionInfo> {
    return this.request('POST', `${this.t(corpId)}/qr/${encodeURIComponent(sid)}/confirm`, {});
  }
  phoneCancel(corpId: string, sid: string): Promise<QrSessionInfo> {
    return this.request('POST', `${this.t(corpId)}/qr/${encodeURIComponent(sid)}/cancel`, {});
  }
  /** An in-app (免登) code for a user and app, as the client's requestAuthCode would get. */
  inAppCode(
    corpId: string,
    opts: { appKey?: string; agentId?: number; userid: string },
  ): Promise<{ code: string; expiresAt: number }> {
    return this.request('POST', `${this.t(corpId)}/inapp-codes`, opts);
  }
  async inbox(corpId: string, userid: string): Promise<InboxMessage[]> {
    return (
      await this.request<{ messages: InboxMessage[] }>(
        'GET',
        `${this.t(corpId)}/inbox/${encodeURIComponent(userid)}`,
      )
    ).messages;
  }
  markRead(corpId: string, userid: string, messageId: string): Promise<unknown> {
    return this.request(
      'POST',
      `${this.t(corpId)}/inbox/${encodeURIComponent(userid)}/${encodeURIComponent(messageId)}/read`,
    );
  }
  async robots(corpId: string): Promise<RobotInfo[]> {
    return (await this.request<{ robots: RobotInfo[] }>('GET', `${this.t(corpId)}/robots`)).robots;
  }
  async robotMessages(corpId: string, robotId: string): Promise<ChatMessageInfo[]> {
    return (
      await this.request<{ messages: ChatMessageInfo[] }>(
        'GET',
        `${this.t(corpId)}/robots/${encodeURIComponent(robotId)}/messages`,
      )
    ).messages;
  }
  /** 群会话用户主动退群: `userid` leaves the group (chatid or openConversationId); apps subscribed to chat_quit are told. */
  quitChat(
    corpId: string,
    chatid: string,
    userid: string,
  ): Promise<{ chatid: string; memberUserids: string[] }> {
    return this.request('POST', `${this.t(corpId)}/chats/${encodeURIComponent(chatid)}/quit`, { userid });
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
