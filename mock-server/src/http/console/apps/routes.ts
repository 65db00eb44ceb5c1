/**
 * The developer-console half of the console (guide steps 3.1 and 3.3, scenarios S1 and S3): the app
 * list and 创建应用, then one app's shell — 凭证与基础信息, 成员管理, 添加应用能力, 网页应用, 权限管理,
 * 安全设置, 版本管理与发布 — and the minimal-permission report. Every change goes through the same
 * operations and validation as the admin API (../../admin/app-ops.ts) and is live at once.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps.ts';
import type { Tenant } from '../../../domain/tenant.ts';
import {
  applyAppUpdate,
  createAppBody,
  createAppIn,
  grantScope,
  requireApp,
  resetAppSecret,
  revokeScope,
  scopeBody,
  updateAppBody,
  type UpdateAppBody,
} from '../../admin/app-ops.ts';
import { pageUsers } from '../../admin/directory-ops.ts';
import { AdminError } from '../../admin/errors.ts';
import { parseBody } from '../../admin/validation.ts';
import {
  flashNext,
  form,
  formValue,
  listField,
  page,
  postPage,
  render,
  tenantOr404,
  type ConsoleContext,
} from '../http.ts';
import { ownOrigin } from '../guard.ts';
import { paths, type AppSection } from '../paths.ts';
import { CapabilitiesPage } from './capabilities.tsx';
import { CredentialsPage } from './credentials.tsx';
import { AppListPage, matchesSearch, type AppFilter } from './list.tsx';
import { MembersPage, type DeptNode } from './members.tsx';
import { PermissionsPage, permissionRows, type PermissionQuery } from './permissions.tsx';
import { ReleasePage } from './release.tsx';
import { ReportOverviewPage, ReportPage } from './report.tsx';
import { SecurityPage } from './security.tsx';
import { WebAppPage } from './web-app.tsx';

const APP = '/tenants/:corpId/apps/:appKey';
const TREE_LIMIT = 500;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function registerAppPages(router: Router, c: ConsoleContext): void {
  const routesByScope = new Map<string, string[]>();
  for (const r of c.routes) {
    const scope = 'scope' in r ? r.scope : undefined;
    if (scope) routesByScope.set(scope, [...(routesByScope.get(scope) ?? []), r.id]);
  }
  const fv = (ctx: Context) => (name: string, current: string) => formValue(ctx, name, current);
  const appOf = (ctx: Context): { t: Tenant; app: App } => {
    const t = tenantOr404(c, ctx);
    return { t, app: requireApp(t, ctx.params.appKey) };
  };
  const show = (ctx: Context, t: Tenant, app: App, section: AppSection, title: string, content: VNode) =>
    render(
      c,
      ctx,
      { title: `${title} · ${app.name}`, corp: t, section: 'apps', app: { app, current: section } },
      content,
    );
  /** Validate with the admin API's schema, apply, and come back with the release banner. */
  const update = (
    ctx: Context,
    t: Tenant,
    app: App,
    body: UpdateAppBody,
    section: AppSection,
    done: string,
  ) => {
    applyAppUpdate(t, app, parseBody(updateAppBody, body));
    flashNext(c, ctx, { kind: 'ok', text: done, banner: true });
    return paths.app(t.corpId, app.appKey, section);
  };

  // 钉钉应用: the list, its search and chips, and the 创建应用 drawer.
  page(router, c, '/tenants/:corpId/apps', (ctx) => {
    const t = tenantOr404(c, ctx);
    const q = str(ctx.query.q).trim();
    const filter: AppFilter = ctx.query.type === 'h5' ? 'h5' : ctx.query.type === 'mini' ? 'mini' : 'all';
    const apps = t
      .listApps()
      .filter((a) => matchesSearch(a, q))
      .filter((a) => (filter === 'h5' ? a.webApp.enabled : filter === 'mini' ? false : true));
    const drawer = ctx.query.drawer === 'create' || Boolean(formValue(ctx, 'name', ''));
    render(
      c,
      ctx,
      { title: '钉钉应用', corp: t, section: 'apps' },
      AppListPage({ corpId: t.corpId, apps, q, filter, drawer, form: fv(ctx) }),
    );
  });

  // 创建应用 → 保存: lands on 添加应用能力 (guide 3.1).
  form(
    router,
    c,
    '/tenants/:corpId/apps',
    (ctx, b) => {
      const t = tenantOr404(c, ctx);
      if (!b.description?.trim())
        throw new AdminError(400, 'invalidBody', '请输入应用描述 (the description is required)');
      const app = createAppIn(
        t,
        parseBody(createAppBody, { name: b.name ?? '', description: b.description, icon: b.icon ?? '' }),
      );
      flashNext(c, ctx, { kind: 'ok', text: `应用「${app.name}」创建成功，请添加应用能力 (app created)` });
      return paths.app(t.corpId, app.appKey, 'capabilities');
    },
    { back: (ctx) => `${paths.apps(String(ctx.params.corpId))}?drawer=create` },
  );

  page(router, c, APP, (ctx) => {
    const { t, app } = appOf(ctx);
    ctx.redirect(paths.app(t.corpId, app.appKey, 'credentials'));
  });

  // 凭证与基础信息 (guide 3.2: the BI needs AppKey, AppSecret, AgentId, CorpId).
  page(router, c, `${APP}/credentials`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(
      ctx,
      t,
      app,
      'credentials',
      '凭证与基础信息',
      CredentialsPage({ corpId: t.corpId, app, revealed: false, form: fv(ctx) }),
    );
  });
  postPage(router, c, `${APP}/credentials/reveal`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(
      ctx,
      t,
      app,
      'credentials',
      '凭证与基础信息',
      CredentialsPage({ corpId: t.corpId, app, revealed: true, form: fv(ctx) }),
    );
  });
  form(router, c, `${APP}/credentials/reset-secret`, (ctx) => {
    const { t, app } = appOf(ctx);
    resetAppSecret(t, app);
    flashNext(c, ctx, {
      kind: 'ok',
      text: 'ClientSecret 已重置，原 Secret 已失效；点击「查看」显示新的 Secret (secret reset)',
    });
    return paths.app(t.corpId, app.appKey, 'credentials');
  });
  form(router, c, `${APP}/credentials/basic`, (ctx, b) => {
    const { t, app } = appOf(ctx);
    if (!b.description?.trim())
      throw new AdminError(400, 'invalidBody', '请输入应用描述 (the description is required)');
    const body: UpdateAppBody = { name: b.name ?? '', description: b.description };
    if (b.icon) body.icon = b.icon;
    return update(ctx, t, app, body, 'credentials', '基础信息已保存 (saved)');
  });

  // 添加应用能力 → 网页应用 添加 (guide 3.1, last step).
  page(router, c, `${APP}/capabilities`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(ctx, t, app, 'capabilities', '添加应用能力', CapabilitiesPage({ corpId: t.corpId, app }));
  });
  form(router, c, `${APP}/capabilities/webapp`, (ctx) => {
    const { t, app } = appOf(ctx);
    return update(
      ctx,
      t,
      app,
      { webApp: { enabled: true } },
      'webapp',
      '已添加网页应用，请配置应用首页地址 (web app added)',
    );
  });

  // 网页应用: home URLs (guide 3.2, last step).
  page(router, c, `${APP}/webapp`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(ctx, t, app, 'webapp', '网页应用', WebAppPage({ corpId: t.corpId, app, form: fv(ctx) }));
  });
  form(router, c, `${APP}/webapp`, (ctx, b) => {
    const { t, app } = appOf(ctx);
    const webApp = {
      enabled: true,
      mobileHomeUrl: (b.mobileHomeUrl ?? '').trim(),
      pcHomeUrl: (b.pcHomeUrl ?? '').trim(),
      adminUrl: (b.adminUrl ?? '').trim(),
    };
    return update(ctx, t, app, { webApp }, 'webapp', '网页应用配置已保存 (saved)');
  });

  // 安全设置: 服务器出口IP, 重定向URL (guide 3.3).
  page(router, c, `${APP}/security`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(ctx, t, app, 'security', '安全设置', SecurityPage({ corpId: t.corpId, app, form: fv(ctx) }));
  });
  form(router, c, `${APP}/security`, (ctx, b) => {
    const { t, app } = appOf(ctx);
    const body = { ipAllowList: listField(b.ipAllowList), redirectUrls: listField(b.redirectUrls) };
    return update(ctx, t, app, body, 'security', '安全设置已保存 (saved)');
  });

  // 权限管理: search, 申请权限 (grant), 撤销 (revoke) (guide 3.3).
  page(router, c, `${APP}/permissions`, (ctx) => {
    const { t, app } = appOf(ctx);
    const status = ctx.query.status === 'on' ? 'on' : ctx.query.status === 'off' ? 'off' : '';
    const query: PermissionQuery = { q: str(ctx.query.q), cat: str(ctx.query.cat), status };
    const rows = permissionRows(app, routesByScope);
    show(ctx, t, app, 'permissions', '权限管理', PermissionsPage({ corpId: t.corpId, app, rows, query }));
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
      t,
      app,
      'members',
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
    const visibleRange = b.mode === 'all' ? { deptIds: [], userids: [] } : { deptIds, userids };
    return update(ctx, t, app, { visibleRange }, 'members', '应用可用范围已保存 (saved)');
  });

  page(router, c, `${APP}/release`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(ctx, t, app, 'release', '版本管理与发布', ReleasePage({ corpId: t.corpId, app }));
  });

  page(router, c, `${APP}/report`, (ctx) => {
    const { t, app } = appOf(ctx);
    const report = t.permissionUsage.report(app.appKey, app.scopes);
    show(ctx, t, app, 'report', '最小权限报告', ReportPage({ corpId: t.corpId, app, report }));
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
