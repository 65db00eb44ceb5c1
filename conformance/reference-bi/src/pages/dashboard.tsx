/** 仪表板: the metrics subscriptions send and alerts watch; admins can set them (as a data load would). */
import type { Metric } from '../db/metrics.ts';
import { formatMetric } from '../db/metrics.ts';
import { fmtTime, Layout, type Chrome } from './layout.tsx';

export function DashboardPage(props: { chrome: Chrome; metrics: Metric[] }) {
  const admin = props.chrome.user?.role === 'admin';
  return (
    <Layout title="仪表板" chrome={props.chrome}>
      <h1>经营概览</h1>
      <div class="metrics">
        {props.metrics.map((m) => (
          <div class="metric" data-metric={m.key}>
            <div class="metric-label">{m.label}</div>
            <div class="metric-value">{formatMetric(m)}</div>
            <div class="muted">更新于 {fmtTime(m.updatedAt)}</div>
          </div>
        ))}
      </div>
      {admin && (
        <section class="card">
          <h2>更新指标</h2>
          <form method="post" action="/dashboard/metrics" class="inline">
            {props.metrics.map((m) => (
              <label>
                {m.label}
                <input name={m.key} type="number" step="any" value={String(m.value)} />
              </label>
            ))}
            <button type="submit">保存并检查预警</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
