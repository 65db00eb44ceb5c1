/**
 * The minimal-permission report — what DingTalk never tells you: for each app, which permission
 * points its traffic needed (by route), which of those were granted, which were missing, and which
 * granted points were never needed.
 */
export interface ScopeUse {
  scope: string;
  routes: string[];
  calls: number;
  refused: number;
  lastAt: number;
}

export interface PermissionReport {
  appKey: string;
  needed: (ScopeUse & { granted: boolean })[];
  missing: string[];
  unused: string[];
  granted: string[];
}

/** A call that needed a permission point: what 权限管理's report counts. */
export interface ScopeCall {
  appKey: string;
  scope: string;
  /** The route id, e.g. oapi.v2.user.get. */
  route: string;
  granted: boolean;
  at: number;
}

export class PermissionUsage {
  private readonly byApp = new Map<string, Map<string, ScopeUse>>();

  /** One call of `route` by app `appKey` that needed `scope`, granted or refused, at tenant time `at`. */
  record(use: ScopeCall): void {
    const { appKey, scope, route, granted, at } = use;
    let scopes = this.byApp.get(appKey);
    if (!scopes) this.byApp.set(appKey, (scopes = new Map()));
    let seen = scopes.get(scope);
    if (!seen) scopes.set(scope, (seen = { scope, routes: [], calls: 0, refused: 0, lastAt: at }));
    seen.calls++;
    if (!granted) seen.refused++;
    seen.lastAt = at;
    if (!seen.routes.includes(route)) seen.routes.push(route);
  }

  report(appKey: string, granted: readonly string[]): PermissionReport {
    const uses = [...(this.byApp.get(appKey)?.values() ?? [])].sort((a, b) => a.scope.localeCompare(b.scope));
    const needed = uses.map((u) => ({ ...u, routes: [...u.routes], granted: granted.includes(u.scope) }));
    return {
      appKey,
      needed,
      missing: needed.filter((n) => !n.granted).map((n) => n.scope),
      unused: granted.filter((g) => !uses.some((u) => u.scope === g)),
      granted: [...granted],
    };
  }

  forget(appKey: string): void {
    this.byApp.delete(appKey);
  }
}
