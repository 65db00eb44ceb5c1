/**
 * One app's access settings (guide step 3.3, scenarios S3, E1, A2, X4): 权限管理 (search, 申请权限,
 * 撤销), 成员管理 — 应用可用范围, 版本管理与发布 (shown only), and the minimal-permission report.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Tenant } from '../../../domain/tenancy/tenant.ts';
import { grantScope, revokeScope, scopeBody } from '../../admin/app-ops.ts';
import { pageUsers } from '../../admin/directory-ops.ts';
import { AdminError } from '../../admin/errors.ts';
import { parseBody } from '../../admin/validation.ts';
import { ownOrigin } from '../guard.ts';
import { flashNext, form, listField, page, render, tenantOr404, type ConsoleContext } from '../http.ts';
import { paths } from '../paths.ts';
import { APP, appPageHelpers, str } from './helpers.ts';
import { MembersPage, type DeptNode } from './members.tsx';
import { PermissionsPage, permissionRows, type PermissionQuery } from './permissions.tsx';
import { ReleasePage } from './release.tsx';
import { ReportOverviewPage, ReportPage } from './report.tsx';

/** Departments are listed as a tree up to this many; beyond, picked by id. */
const TREE_LIMIT = 500;

export function registerAccessPages(router: Router, c: ConsoleContext): void {
  const { fv, appOf, show, update } = appPageHelpers(c);
  const routesByScope = new Map<string, string[]>();
  for (const r of c.routes) {
    const scope = 'scope' in r ? r.scope : undefined;
    if (scope) routesByScope.set(scope, [...(routesByScope.get(scope) ?? []), r.id]);
  }

  // 权限管理: search, 申请权限 (grant), 撤销 (revoke) (guide 3.3).
  page(router, c, `${APP}/permissions`, (ctx) => {
    const { t, app } = appOf(ctx);
    const status = ctx.query.status === 'on' ? 'on' : ctx.query.status === 'off' ? 'off' : '';
    const query: PermissionQuery = { q: str(ctx.query.q), cat: str(ctx.query.cat), status };
    const rows = permissionRows(app, routesByScope);
    show(
      ctx,
      { t, app, section: 'permissions' },
      '权限管理',
      PermissionsPage({ corpId: t.corpId, app, rows, query }),
    );
  });
  for (const [action, apply, done] of [
    ['grant', grantScope, '已开通'],
    ['revoke', revokeScope, '已撤销'],
  ] as const) {
    form(router, c, `${APP}/permissions/${action}`, (ctx, b) => {
      const { t, app } = appOf(ctx);
      const scopes = [...new Set(listField(b.scope))];
      if (scopes.length === 0)
        throw new AdminError(400, 'invalidBody', '请选择权限 (choose a permission point)');
      for (const s of scopes) apply(app, parseBody(scopeBody, { scope: s }).scope);
      flashNext(c, ctx, { kind: 'ok', text: `${done}：${scopes.join(', ')}`, banner: true });
      return backToList(ctx, paths.app(t.corpId, app.appKey, 'permissions'));
    });
  }

  // 成员管理: 应用可用范围 (X4).
  page(router, c, `${APP}/members`, (ctx) => {
    const { t, app } = appOf(ctx);
    const dir = t.directory;
    const q = str(ctx.query.q).trim();
    const found = q ? pageUsers(dir, { q, cursor: 0, limit: 20, withResigned: false }).users : [];
    show(
      ctx,
      { t, app, section: 'members' },
      '成员管理',
      MembersPage({
        corpId: t.corpId,
        app,
        tree: dir.departmentCount <= TREE_LIMIT ? deptTree(t) : null,
        deptName: (id) => dir.getDepartment(id)?.name,
        userName: (id) => dir.getUser(id)?.name,
        q,
        found,
        form: fv(ctx),
      }),
    );
  });
  form(router, c, `${APP}/members`, (ctx, b) => {
    const { t, app } = appOf(ctx);
    const deptIds = listField(b.deptIds).map(Number);
    const userids = listField(b.userids);
    if (b.mode !== 'all' && deptIds.length === 0 && userids.length === 0)
      throw new AdminError(400, 'invalidBody', '部分员工：请选择部门或人员 (choose departments or users)');
    // The console's picker offers only real users (the API accepts any userid, e.g. to exclude everyone).
    const nobody = userids.filter((u) => !t.directory.getUser(u));
    if (b.mode !== 'all' && nobody.length)
      throw new AdminError(400, 'invalidBody', `组织内没有这些人员 (no such users): ${nobody.join(', ')}`);
    const visibleRange = b.mode === 'all' ? { deptIds: [], userids: [] } : { deptIds, userids };
    return update(ctx, { t, app, section: 'members' }, { visibleRange }, '应用可用范围已保存 (saved)');
  });

  page(router, c, `${APP}/release`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(ctx, { t, app, section: 'release' }, '版本管理与发布', ReleasePage({ corpId: t.corpId, app }));
  });

  page(router, c, `${APP}/report`, (ctx) => {
    const { t, app } = appOf(ctx);
    const report = t.permissionUsage.report(app.appKey, app.scopes);
    show(ctx, { t, app, section: 'report' }, '最小权限报告', ReportPage({ corpId: t.corpId, app, report }));
  });

  page(router, c, '/tenants/:corpId/permissions', (ctx) => {
    const t = tenantOr404(c, ctx);
    const rows = t
      .listApps()
      .map((app) => ({ app, report: t.permissionUsage.report(app.appKey, app.scopes) }));
    render(
      c,
      ctx,
      { title: '最小权限报告', corp: t, section: 'permissions' },
      ReportOverviewPage({ corpId: t.corpId, rows }),
    );
  });
}

/** Back to the permission list as it was (search kept), when the form came from it. */
function backToList(ctx: Context, fallback: string): string {
  try {
    const ref = new URL(ctx.get('referer'));
    if (ref.origin === ownOrigin(ctx) && ref.pathname === fallback) return ref.pathname + ref.search;
  } catch {
    // no Referer
  }
  return fallback;
}

function deptTree(t: Tenant): DeptNode[] {
  const out: DeptNode[] = [];
  const walk = (id: number, depth: number) => {
    const dept = t.directory.getDepartment(id);
    if (!dept) return;
    out.push({ dept, depth });
    for (const child of t.directory.subDepartments(id)) walk(child, depth + 1);
  };
  walk(1, 0);
  return out;
}
