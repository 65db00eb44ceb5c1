/**
 * The minimal-permission report (the sandbox's own page; DingTalk has none): which permission
 * points an app's traffic needed, by route, which were granted, missing, or granted and never used.
 */
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import type { PermissionReport } from '../../../domain/apps/permission-usage.ts';
import { scopeInfo } from '../../../domain/apps/scopes.ts';
import { paths } from '../paths.ts';
import { Title } from '../widgets.tsx';

const fmt = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 19);
const label = (scope: string) => scopeInfo(scope)?.name ?? '';

export function ReportPage(p: { corpId: string; app: App; report: PermissionReport }): VNode {
  const { report, corpId, app } = p;
  return (
    <div>
      <Title zh="最小权限报告" en="Minimal-permission report" />
      <section class="cs-panel">
        <p class="muted" style="margin-top:0">
          由本应用在沙箱中的实际调用得出：需要哪些权限点、哪些已开通、缺哪些、哪些开通了却从未用到。 Derived
          from this app's traffic in the sandbox.
        </p>
        <div class="cs-kv">
          <span class="k">缺少 missing</span>
          <span id="report-missing">
            {report.missing.length === 0 ? (
              <span class="cs-status-on">无</span>
            ) : (
              report.missing.map((s) => <span class="cs-tag bad mono">{s}</span>)
            )}{' '}
            {report.missing.length > 0 && (
              <a href={paths.app(corpId, app.appKey, 'permissions')}>去权限管理申请</a>
            )}
          </span>
          <span class="k">未使用 unused</span>
          <span id="report-unused">
            {report.unused.length === 0 ? (
              <span class="muted">无</span>
            ) : (
              report.unused.map((s) => <span class="cs-tag off mono">{s}</span>)
            )}
          </span>
          <span class="k">最小集合 minimal set</span>
          <span class="mono">{report.needed.map((n) => n.scope).join(', ') || '—'}</span>
        </div>
        <table class="cs-table" style="margin-top:16px">
          <thead>
            <tr>
              <th>权限点code</th>
              <th>权限信息</th>
              <th>调用的接口 (routes)</th>
              <th>调用</th>
              <th>被拒</th>
              <th>最近</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            {report.needed.length === 0 && (
              <tr>
                <td colSpan={7} class="cs-empty">
                  暂无调用 (no calls that need a permission point yet)
                </td>
              </tr>
            )}
            {report.needed.map((n) => (
              <tr>
                <td class="mono">{n.scope}</td>
                <td>{label(n.scope)}</td>
                <td class="mono small">{n.routes.join(', ')}</td>
                <td>{n.calls}</td>
                <td>{n.refused}</td>
                <td>{fmt(n.lastAt)}</td>
                <td>
                  {n.granted ? (
                    <span class="cs-status-on">已开通</span>
                  ) : (
                    <span class="cs-tag bad">未开通</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/** Every app of the tenant at a glance. */
export function ReportOverviewPage(p: {
  corpId: string;
  rows: { app: App; report: PermissionReport }[];
}): VNode {
  return (
    <div>
      <Title zh="最小权限报告" en="Minimal-permission report, all apps" />
      <section class="cs-panel">
        <table class="cs-table">
          <thead>
            <tr>
              <th>应用</th>
              <th>需要 needed</th>
              <th>缺少 missing</th>
              <th>未使用 unused</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map(({ app, report }) => (
              <tr>
                <td>
                  <a href={paths.app(p.corpId, app.appKey, 'report')}>{app.name}</a>
                </td>
                <td class="mono small">{report.needed.map((n) => n.scope).join(', ') || '—'}</td>
                <td class="mono small">{report.missing.join(', ') || '—'}</td>
                <td class="mono small">{report.unused.join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
