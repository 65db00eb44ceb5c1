/**
 * Scheduled work, driven by the BI clock: due subscriptions are sent, alerts are evaluated (also when a
 * metric changes). An alert notifies when its metric crosses the threshold (ok → firing), once, and
 * re-arms when the metric is back. Runs are serialised so a timer and a request never send twice.
 */
import type { BiContext } from '../context.ts';
import type { Dispatch } from '../db/dispatches.ts';
import { getMetric, listMetrics } from '../db/metrics.ts';
import {
  crosses,
  dueSubscriptions,
  listAlerts,
  markSubscriptionRun,
  setAlertState,
  type Alert,
  type Subscription,
} from '../db/subscriptions.ts';
import { getUser, type BiUser } from '../db/users.ts';
import { fmtTime } from '../pages/layout.tsx';
import { biLink, dashboardMarkdown, type Message } from './compose.ts';
import { sendRobot, sendWorkNotice } from './notify.ts';

export interface JobReport {
  subscriptionsSent: number;
  alertsFired: number;
  dispatchIds: number[];
}

export class Jobs {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly bi: BiContext) {}

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** 立即发送 */
  sendSubscriptionNow(s: Subscription): Promise<Dispatch> {
    return this.serial(() => this.sendSubscription(s));
  }

  /** Everything due at the BI clock's now: subscriptions, then alerts. */
  runDue(): Promise<JobReport> {
    return this.serial(async () => {
      const report: JobReport = { subscriptionsSent: 0, alertsFired: 0, dispatchIds: [] };
      const now = this.bi.clock.now();
      for (const s of dueSubscriptions(this.bi.db, now)) {
        const d = await this.sendSubscription(s);
        markSubscriptionRun(this.bi.db, s, now);
        report.subscriptionsSent++;
        report.dispatchIds.push(d.id);
      }
      const fired = await this.evaluate();
      report.alertsFired = fired.alerts;
      report.dispatchIds.push(...fired.dispatchIds);
      return report;
    });
  }

  /** After a metric changed. */
  evaluateAlerts(): Promise<{ alerts: number; dispatchIds: number[] }> {
    return this.serial(() => this.evaluate());
  }

  private recipients(ids: number[]): BiUser[] {
    return ids.map((id) => getUser(this.bi.db, id)).filter((u): u is BiUser => u !== undefined);
  }

  private link(path: string): string {
    return biLink(this.bi.publicUrl(), this.bi.dingtalk.app?.corpId ?? '', path);
  }

  private async sendSubscription(s: Subscription): Promise<Dispatch> {
    const metrics = listMetrics(this.bi.db);
    // The data's time, not the sending's: a report whose data did not change is the same message,
    // so DingTalk's one-same-content-a-day rule (forbidden_list 143106) applies and is reported.
    const dataAt = fmtTime(Math.max(0, ...metrics.map((m) => m.updatedAt)));
    const message: Message = {
      title: `【订阅】${s.name}`,
      text: dashboardMarkdown(s.name, metrics, dataAt),
      link: this.link('/'),
    };
    return sendWorkNotice(
      this.bi,
      { kind: 'subscription', sourceId: s.id },
      { message, format: s.format },
      this.recipients(s.recipientIds),
    );
  }

  private async evaluate(): Promise<{ alerts: number; dispatchIds: number[] }> {
    const out = { alerts: 0, dispatchIds: [] as number[] };
    for (const a of listAlerts(this.bi.db)) {
      if (!a.enabled) continue;
      const m = getMetric(this.bi.db, a.metricKey);
      if (!m) continue;
      const breached = crosses(m.value, a.operator, a.threshold);
      if (breached && a.state === 'ok') {
        setAlertState(this.bi.db, a.id, 'firing', this.bi.clock.now());
        out.alerts++;
        out.dispatchIds.push(...(await this.fire(a, m.label, m.value)));
      } else if (!breached && a.state === 'firing') {
        setAlertState(this.bi.db, a.id, 'ok', null);
      }
    }
    return out;
  }

  private async fire(a: Alert, label: string, value: number): Promise<number[]> {
    const text = [
      `### 预警：${a.name}`,
      '',
      `**${label}** 当前值 **${value.toLocaleString('zh-CN')}**，已满足条件 ${a.operator} ${a.threshold.toLocaleString('zh-CN')}`,
      '',
      `> 触发时间：${fmtTime(this.bi.clock.now())}`,
    ].join('\n');
    const message: Message = { title: `【预警】${a.name}`, text, link: this.link('/') };
    const ids: number[] = [];
    const source = { kind: 'alert' as const, sourceId: a.id };
    if (a.channel !== 'robot') {
      const recipients = this.recipients(a.recipientIds);
      ids.push((await sendWorkNotice(this.bi, source, { message, format: 'action_card' }, recipients)).id);
    }
    if (a.channel !== 'work_notice') ids.push((await sendRobot(this.bi, source, message)).id);
    return ids;
  }
}
