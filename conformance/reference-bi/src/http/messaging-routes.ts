/** 订阅 and 预警 pages, 立即发送, and each send's 投递报告. */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { BiServices } from '../context.ts';
import { deliveriesOf, getDispatch, recentDispatches } from '../db/dispatches.ts';
import { getMetric, listMetrics } from '../db/metrics.ts';
import {
  createAlert,
  createSubscription,
  deleteAlert,
  deleteSubscription,
  getSubscription,
  listAlerts,
  listSubscriptions,
  type AlertChannel,
  type Operator,
} from '../db/subscriptions.ts';
import { listUsers } from '../db/users.ts';
import { AlertsPage, DispatchPage, SubscriptionsPage } from '../pages/messaging.tsx';
import { sendPage } from '../pages/render.ts';
import { bodyOf, chromeOf, field, fieldList, flash, HttpError, requireAdmin } from './security.ts';

const INTERVALS = new Set([60, 1440, 10080]);
const OPERATORS = new Set<Operator>(['>', '>=', '<', '<=']);
const CHANNELS = new Set<AlertChannel>(['work_notice', 'robot', 'both']);

const wantsJson = (ctx: Context) => ctx.accepts('html', 'json') === 'json';

function recipientIds(ctx: Context): number[] {
  return fieldList(bodyOf(ctx), 'recipients')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

export function registerMessagingRoutes(router: Router, bi: BiServices): void {
  const subscriptionsPage = (ctx: Context, error?: string) =>
    sendPage(
      ctx,
      SubscriptionsPage({
        chrome: chromeOf(ctx, bi),
        subscriptions: listSubscriptions(bi.db),
        users: listUsers(bi.db),
        dispatches: recentDispatches(bi.db).filter((d) => d.kind === 'subscription'),
        error,
      }),
      error ? 400 : 200,
    );

  router.get('/admin/subscriptions', (ctx) => {
    requireAdmin(ctx);
    subscriptionsPage(ctx);
  });

  router.post('/admin/subscriptions', (ctx) => {
    requireAdmin(ctx);
    const b = bodyOf(ctx);
    const name = field(b, 'name');
    const interval = field(b, 'interval') ? Number(field(b, 'interval')) : null;
    if (!name) return subscriptionsPage(ctx, '请填写订阅名称');
    if (interval !== null && !INTERVALS.has(interval)) return subscriptionsPage(ctx, '发送频率不正确');
    const now = bi.clock.now();
    const s = createSubscription(
      bi.db,
      {
        name,
        format: field(b, 'format') === 'markdown' ? 'markdown' : 'action_card',
        intervalMinutes: interval,
        firstRunAt: interval ? now + interval * 60_000 : null,
        recipientIds: recipientIds(ctx),
      },
      now,
    );
    if (wantsJson(ctx)) {
      ctx.status = 201;
      ctx.body = s;
      return;
    }
    flash(ctx, `已创建订阅「${name}」`);
    ctx.redirect('/admin/subscriptions');
  });

  router.post('/admin/subscriptions/:id/send', async (ctx) => {
    requireAdmin(ctx);
    const s = getSubscription(bi.db, Number(ctx.params.id));
    if (!s) throw new HttpError(404, '订阅不存在');
    const d = await bi.jobs.sendSubscriptionNow(s);
    if (wantsJson(ctx)) {
      ctx.body = { dispatch: d, deliveries: deliveriesOf(bi.db, d.id) };
      return;
    }
    ctx.redirect(`/admin/dispatches/${d.id}`);
  });

  router.post('/admin/subscriptions/:id/delete', (ctx) => {
    requireAdmin(ctx);
    deleteSubscription(bi.db, Number(ctx.params.id));
    ctx.redirect('/admin/subscriptions');
  });

  const alertsPage = (ctx: Context, error?: string) =>
    sendPage(
      ctx,
      AlertsPage({
        chrome: chromeOf(ctx, bi),
        alerts: listAlerts(bi.db),
        metrics: listMetrics(bi.db),
        users: listUsers(bi.db),
        dispatches: recentDispatches(bi.db).filter((d) => d.kind === 'alert'),
        error,
      }),
      error ? 400 : 200,
    );

  router.get('/admin/alerts', (ctx) => {
    requireAdmin(ctx);
    alertsPage(ctx);
  });

  router.post('/admin/alerts', async (ctx) => {
    requireAdmin(ctx);
    const b = bodyOf(ctx);
    const name = field(b, 'name');
    const metricKey = field(b, 'metric');
    const operator = field(b, 'operator') as Operator;
    const channel = (field(b, 'channel') || 'work_notice') as AlertChannel;
    const threshold = Number(field(b, 'threshold'));
    if (!name) return alertsPage(ctx, '请填写预警名称');
    if (!getMetric(bi.db, metricKey)) return alertsPage(ctx, '指标不存在');
    if (!OPERATORS.has(operator) || !CHANNELS.has(channel)) return alertsPage(ctx, '条件或渠道不正确');
    if (field(b, 'threshold') === '' || !Number.isFinite(threshold)) return alertsPage(ctx, '阈值应为数字');
    const a = createAlert(
      bi.db,
      { name, metricKey, operator, threshold, channel, recipientIds: recipientIds(ctx) },
      bi.clock.now(),
    );
    // A new alert is evaluated at once: the metric may already be past the threshold.
    const fired = await bi.jobs.evaluateAlerts();
    if (wantsJson(ctx)) {
      ctx.status = 201;
      ctx.body = { alert: a, fired };
      return;
    }
    flash(ctx, `已创建预警「${name}」${fired.alerts ? '，已立即触发' : ''}`);
    ctx.redirect('/admin/alerts');
  });

  router.post('/admin/alerts/:id/delete', (ctx) => {
    requireAdmin(ctx);
    deleteAlert(bi.db, Number(ctx.params.id));
    ctx.redirect('/admin/alerts');
  });

  router.get('/admin/dispatches/:id', (ctx) => {
    requireAdmin(ctx);
    const d = getDispatch(bi.db, Number(ctx.params.id));
    if (!d) throw new HttpError(404, '发送记录不存在');
    const deliveries = deliveriesOf(bi.db, d.id);
    if (wantsJson(ctx)) {
      ctx.body = { dispatch: d, deliveries };
      return;
    }
    sendPage(ctx, DispatchPage({ chrome: chromeOf(ctx, bi), dispatch: d, deliveries }));
  });
}
