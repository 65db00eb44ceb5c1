/**
 * 开发配置 > 权限管理 (docs/dingtalk/console-ui.md [P5][C7][C8]): search over permission name, code and API,
 * categories on the left, the table 权限信息 · 接口 · 权限点code · status (已开通 / 未开通) · 操作
 * (申请权限 grants at once in the sandbox; 撤销 revokes — the sandbox's way to reproduce E1 / A2 / M4).
 * Everything comes from the one table (domain/apps/scopes.ts): points held by default say 默认开通, and
 * the served APIs that need no point are listed under 无需权限.
 */
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import { NO_SCOPE_APIS, SCOPES, type ScopeApi } from '../../../domain/apps/scopes.ts';
import { paths, withQuery } from '../paths.ts';
import { Title } from '../widgets.tsx';

const CATEGORIES = [
  '个人权限',
  '默认目录',
  '开放平台',
  '通讯录管理',
  '消息通知',
  '机器人',
  'OA审批',
  '考勤',
  '硬件',
  '智能人事',
  '日志',
  '签到',
  '钉钉运动',
  '宜搭',
];

export interface PermissionRow {
  scope: string;
  name: string;
  group: string;
  apis: ScopeApi[];
  /** Sandbox route ids enforcing this point. */
  routes: string[];
  granted: boolean;
  /** Held by every app from creation (默认开通). */
  byDefault: boolean;
}

export interface PermissionQuery {
  q: string;
  cat: string;
  status: '' | 'on' | 'off';
}

/** Every listed point plus any granted point the list does not know, for one app. */
export function permissionRows(app: App, routesByScope: Map<string, string[]>): PermissionRow[] {
  const rows: PermissionRow[] = SCOPES.map((s) => ({
    scope: s.scope,
    name: s.name,
    group: s.group,
    apis: [...(s.apis ?? [])],
    routes: routesByScope.get(s.scope) ?? [],
    granted: app.scopes.includes(s.scope),
    byDefault: Boolean(s.byDefault),
  }));
  for (const scope of app.scopes) {
    if (!rows.some((r) => r.scope === scope))
      rows.push({
        scope,
        name: scope,
        group: '默认目录',
        apis: [],
        routes: routesByScope.get(scope) ?? [],
        granted: true,
        byDefault: false,
      });
  }
  return rows;
}

/** 请输入权限或接口的名称进行搜索: name, code, API name, API path or sandbox route id. */
export function matchesPermission(r: PermissionRow, q: string): boolean {
  if (!q) return true;
  const s = q.trim().toLowerCase();
  return [r.name, r.scope, ...r.apis.flatMap((a) => [a.name, a.path]), ...r.routes].some((v) =>
    v.toLowerCase().includes(s),
  );
}

export function PermissionsPage(p: {
  corpId: string;
  app: App;
  rows: PermissionRow[];
  query: PermissionQuery;
}): VNode {
  const { app, corpId, query } = p;
  const base = paths.app(corpId, app.appKey, 'permissions');
  const searched = p.rows.filter((r) => matchesPermission(r, query.q));
  const shown = searched.filter(
    (r) =>
      (!query.cat || r.group === query.cat) &&
      (!query.status || (query.status === 'on' ? r.granted : !r.granted)),
  );
  const count = (cat: string) => searched.filter((r) => !cat || r.group === cat).length;
  const cat = (c: string, label: string) => (
    <a
      class={query.cat === c ? 'on' : ''}
      href={withQuery(base, { q: query.q, cat: c, status: query.status })}
    >
      {label}
      {query.q ? `（${count(c)}）` : ''}
    </a>
  );
  return (
    <div>
      <Title zh="权限管理" en="Permissions" />
      <section class="cs-panel">
        <p style="margin-top:0">
          权限是以应用维度做授权，实现与钉钉核心能力的全面互通,部分需要付费或达到特定条件才能使用。
          <a href="https://open.dingtalk.com/document/orgapp/add-api-permission" rel="noreferrer">
            了解更多
          </a>
        </p>
        <form method="get" action={base} class="cs-toolbar" role="search">
          <input
            class="cs-search"
            type="search"
            name="q"
            value={query.q}
            placeholder="请输入权限或接口的名称进行搜索"
            aria-label="搜索权限"
          />
          {query.cat && <input type="hidden" name="cat" value={query.cat} />}
          <select name="status" aria-label="全部状态" data-autosubmit="1">
            <option value="">全部状态</option>
            <option value="on" selected={query.status === 'on'}>
              已开通
            </option>
            <option value="off" selected={query.status === 'off'}>
              未开通
            </option>
          </select>
          <button class="cs-btn">筛选</button>
          <label class="muted small">
            <input type="checkbox" disabled /> 仅看钉钉专业版专享接口
          </label>
          <span class="grow" />
          <button type="button" class="cs-btn" disabled title="沙箱未模拟">
            用户信息使用说明
          </button>
          <button class="cs-btn primary" form="perm-grant" type="submit">
            批量申请
          </button>
        </form>
        <form id="perm-grant" method="post" action={`${base}/grant`} />
        <form id="perm-revoke" method="post" action={`${base}/revoke`} />
        {/* The table takes what the categories leave and wraps long endpoints: 申请权限 stays on screen at 1280 px. */}
        <style>{'.cs-perm>table{flex:1;min-width:0}.cs-perm td .mono{overflow-wrap:anywhere}'}</style>
        <div class="cs-perm">
          <nav class="cs-cats">
            {cat('', '全部')}
            {CATEGORIES.map((c) => cat(c, c))}
          </nav>
          <table class="cs-table">
            <thead>
              <tr>
                <th />
                <th>权限信息</th>
                <th>接口</th>
                <th>权限点code</th>
                <th>状态</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {shown.length === 0 && (
                <tr>
                  <td colSpan={6} class="cs-empty">
                    暂无内容
                  </td>
                </tr>
              )}
              {shown.map((r) => (
                <tr data-scope={r.scope}>
                  <td>
                    {!r.granted && (
                      <input
                        type="checkbox"
                        form="perm-grant"
                        name="scope"
                        value={r.scope}
                        aria-label={`选择 ${r.scope}`}
                      />
                    )}
                  </td>
                  <td>
                    {r.name}
                    <div class="small muted">{r.group}</div>
                  </td>
                  <td class="small perm-apis">
                    {r.apis.length === 0 && <span class="muted">—</span>}
                    {r.apis.map((a) => (
                      <ApiLine api={a} />
                    ))}
                  </td>
                  <td class="mono">{r.scope}</td>
                  <td class="nowrap">
                    {r.granted ? (
                      <span class="cs-status-on">已开通</span>
                    ) : (
                      <span class="cs-status-off">未开通</span>
                    )}
                    {r.byDefault && (
                      <div
                        class="small muted"
                        title="每个企业内部应用创建时即拥有 (every internal app holds it)"
                      >
                        默认开通
                      </div>
                    )}
                  </td>
                  <td class="nowrap">
                    {r.granted ? (
                      <button
                        class="cs-btn link small"
                        form="perm-revoke"
                        name="scope"
                        value={r.scope}
                        title="沙箱：撤销此权限 (revoke)"
                      >
                        撤销<span class="en">revoke</span>
                      </button>
                    ) : (
                      <button class="cs-btn link" form="perm-grant" name="scope" value={r.scope}>
                        申请权限
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="help">沙箱中申请权限立即开通，无需审批 (granted at once in the sandbox).</p>
      </section>
      <section class="cs-panel" id="no-scope-apis">
        <h2>
          无需权限<span class="en">APIs that need no permission point</span>
        </h2>
        <p class="small muted" style="margin-top:0">
          以下接口无需在权限管理中申请权限点，凭应用凭证即可调用。 Callable with the app's credentials alone.
        </p>
        <div class="small perm-apis">
          {NO_SCOPE_APIS.map((a) => (
            <ApiLine api={a} />
          ))}
        </div>
      </section>
    </div>
  );
}

/** One API of a point: its document title and endpoint; field-only and inferred ones say so. */
function ApiLine(p: { api: ScopeApi }): VNode {
  const a = p.api;
  return (
    <div title={a.path} data-api={a.path} data-field={a.field ? 'true' : undefined}>
      {a.name} <span class="muted mono">{a.path}</span>
      {a.field && <span class="muted"> （仅字段 field only）</span>}
      {a.inferred && (
        <span class="muted" title="钉钉文档未写明，沙箱推断 (inferred)">
          {' '}
          *
        </span>
      )}
    </div>
  );
}
