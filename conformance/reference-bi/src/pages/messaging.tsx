/** 订阅 and 预警 (订阅预警消息推送至钉钉), and the per-recipient delivery report of each send. */
import type { Delivery, Dispatch } from '../db/dispatches.ts';
import type { Metric } from '../db/metrics.ts';
import type { Alert, Subscription } from '../db/subscriptions.ts';
import type { BiUser } from '../db/users.ts';
import { fmtTime, Layout, Notice, type Chrome } from './layout.tsx';

const DISPATCH: Record<Dispatch['status'], string> = {
  sending: '发送中',
  sent: '已发送',
  partial: '部分失败',
  failed: '失败',
  skipped: '无可发送对象',
};
const DELIVERY: Record<Delivery['status'], string> = {
  sent: '已发送',
  skipped: '已跳过',
  refused: '被拒绝',
  failed: '失败',
};
const FREQUENCY: Record<string, string> = { '': '仅手动', '60': '每小时', '1440': '每天', '10080': '每周' };

function Recipients(props: { users: BiUser[] }) {
  return (
    <fieldset class="recipients">
      <legend>接收人</legend>
      {props.users
        .filter((u) => u.active)
        .map((u) => (
          <label>
            <input type="checkbox" name="recipients" value={String(u.id)} /> {u.displayName}
            <span class="muted">{u.dingtalkUserid ? `（${u.dingtalkUserid}）` : '（未绑定钉钉账号）'}</span>
          </label>
        ))}
    </fieldset>
  );
}

function names(users: BiUser[], ids: number[]): string {
  return ids.map((id) => users.find((u) => u.id === id)?.displayName ?? `#${id}`).join('、');
}

export function DispatchList(props: { dispatches: Dispatch[] }) {
  if (props.dispatches.length === 0) return <p class="muted">暂无发送记录。</p>;
  return (
    <table class="grid">
      <thead>
        <tr>
          <th>时间</th>
          <th>标题</th>
          <th>渠道</th>
          <th>结果</th>
        </tr>
      </thead>
      <tbody>
        {props.dispatches.map((d) => (
          <tr>
            <td>{fmtTime(d.createdAt)}</td>
            <td>
              <a href={`/admin/dispatches/${d.id}`}>{d.title}</a>
            </td>
            <td>{d.channel === 'robot' ? '群机器人' : '工作通知'}</td>
            <td>{DISPATCH[d.status]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SubscriptionsPage(props: {
  chrome: Chrome;
  subscriptions: Subscription[];
  users: BiUser[];
  dispatches: Dispatch[];
  error?: string;
}) {
  return (
    <Layout title="订阅" chrome={props.chrome} wide>
      <h1>订阅</h1>
      {props.error && <Notice tone="error">{props.error}</Notice>}
      <table class="grid" id="subscriptions">
        <thead>
          <tr>
            <th>名称</th>
            <th>格式</th>
            <th>频率</th>
            <th>下次发送</th>
            <th>接收人</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.subscriptions.map((s) => (
            <tr data-subscription={s.id}>
              <td>{s.name}</td>
              <td>{s.format === 'markdown' ? 'Markdown' : '卡片'}</td>
              <td>{FREQUENCY[String(s.intervalMinutes ?? '')] ?? `每 ${s.intervalMinutes} 分钟`}</td>
              <td>{fmtTime(s.nextRunAt)}</td>
              <td>{names(props.users, s.recipientIds)}</td>
              <td>
                <form method="post" action={`/admin/subscriptions/${s.id}/send`} class="inline">
                  <button type="submit">立即发送</button>
                </form>
                <form method="post" action={`/admin/subscriptions/${s.id}/delete`} class="inline">
                  <button type="submit" class="link">
                    删除
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section class="card">
        <h2>新建订阅</h2>
        <form method="post" action="/admin/subscriptions" class="stack">
          <label>
            名称
            <input name="name" required value="经营概览日报" />
          </label>
          <label>
            消息格式
            <select name="format">
              <option value="action_card">卡片（ActionCard）</option>
              <option value="markdown">Markdown</option>
            </select>
          </label>
          <label>
            发送频率
            <select name="interval">
              {Object.entries(FREQUENCY).map(([v, label]) => (
                <option value={v}>{label}</option>
              ))}
            </select>
          </label>
          <Recipients users={props.users} />
          <button type="submit">创建订阅</button>
        </form>
      </section>
      <h2>发送记录</h2>
      <DispatchList dispatches={props.dispatches} />
    </Layout>
  );
}

export function AlertsPage(props: {
  chrome: Chrome;
  alerts: Alert[];
  metrics: Metric[];
  users: BiUser[];
  dispatches: Dispatch[];
  error?: string;
}) {
  const label = (k: string) => props.metrics.find((m) => m.key === k)?.label ?? k;
  return (
    <Layout title="预警" chrome={props.chrome} wide>
      <h1>预警</h1>
      {props.error && <Notice tone="error">{props.error}</Notice>}
      <table class="grid" id="alerts">
        <thead>
          <tr>
            <th>名称</th>
            <th>条件</th>
            <th>渠道</th>
            <th>状态</th>
            <th>接收人</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.alerts.map((a) => (
            <tr data-alert={a.id}>
              <td>{a.name}</td>
              <td>
                {label(a.metricKey)} {a.operator} {a.threshold}
              </td>
              <td>
                {{ work_notice: '工作通知', robot: '群机器人', both: '工作通知 + 群机器人' }[a.channel]}
              </td>
              <td>{a.state === 'firing' ? `已触发（${fmtTime(a.lastFiredAt)}）` : '正常'}</td>
              <td>{names(props.users, a.recipientIds)}</td>
              <td>
                <form method="post" action={`/admin/alerts/${a.id}/delete`} class="inline">
                  <button type="submit" class="link">
                    删除
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section class="card">
        <h2>新建预警</h2>
        <form method="post" action="/admin/alerts" class="stack">
          <label>
            名称
            <input name="name" required value="销售额预警" />
          </label>
          <div class="inline">
            <select name="metric" aria-label="指标">
              {props.metrics.map((m) => (
                <option value={m.key}>{m.label}</option>
              ))}
            </select>
            <select name="operator" aria-label="条件">
              {['<', '<=', '>', '>='].map((o) => (
                <option value={o}>{o}</option>
              ))}
            </select>
            <input name="threshold" type="number" step="any" required aria-label="阈值" />
          </div>
          <label>
            推送渠道
            <select name="channel">
              <option value="work_notice">工作通知</option>
              <option value="robot">群机器人</option>
              <option value="both">工作通知 + 群机器人</option>
            </select>
          </label>
          <Recipients users={props.users} />
          <button type="submit">创建预警</button>
        </form>
      </section>
      <h2>发送记录</h2>
      <DispatchList dispatches={props.dispatches} />
    </Layout>
  );
}

export function DispatchPage(props: { chrome: Chrome; dispatch: Dispatch; deliveries: Delivery[] }) {
  const d = props.dispatch;
  return (
    <Layout title="投递报告" chrome={props.chrome} wide>
      <h1>投递报告：{d.title}</h1>
      <p>
        渠道：{d.channel === 'robot' ? '群机器人' : '工作通知'} · 结果：
        <strong id="dispatch-status" data-status={d.status}>
          {DISPATCH[d.status]}
        </strong>
        {d.taskId && <> · task_id {d.taskId}</>} · {fmtTime(d.createdAt)}
      </p>
      {d.error && (
        <Notice tone="error">
          <p class="error-text">{d.error}</p>
        </Notice>
      )}
      <table class="grid" id="deliveries">
        <thead>
          <tr>
            <th>接收人</th>
            <th>钉钉账号</th>
            <th>结果</th>
            <th>原因</th>
          </tr>
        </thead>
        <tbody>
          {props.deliveries.map((r) => (
            <tr data-status={r.status}>
              <td>{r.recipient}</td>
              <td>{r.dingtalkUserid ?? '—'}</td>
              <td>{DELIVERY[r.status]}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
