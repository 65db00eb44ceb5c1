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

export class PermissionUsage {
  private readonly byApp = new Map<string, Map<string, ScopeUse>>();

  record(appKey: string, scope: string, route: string, granted: boolean, at: number): void {
    let scopes = this.byApp.get(appKey);
    if (!scopes) this.byApp.set(appKey, (scopes = new Map()));
    let use = scopes.get(scope);
    if (!use) scopes.set(scope, (use = { scope, routes: [], calls: 0, refused: 0, lastAt: at }));
    use.calls++;
    if (!granted) use.refused++;
    use.lastAt = at;
    if (!use.routes.includes(route)) use.routes.push(route);
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
