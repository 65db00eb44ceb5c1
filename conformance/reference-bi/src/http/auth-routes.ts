/** Password login and sign-out (the login page redirects to DingTalk when it is the default, L3), and the dashboard. */
import type Router from '@koa/router';
import type { BiServices } from '../context.ts';
import { getSetting } from '../db/settings.ts';
import { listMetrics, setMetric } from '../db/metrics.ts';
import { findByUsername } from '../db/users.ts';
import { verifyPassword } from '../login/password.ts';
import { signIn, signOut } from '../login/session.ts';
import { DashboardPage } from '../pages/dashboard.tsx';
import { LoginPage } from '../pages/login.tsx';
import { sendPage } from '../pages/render.ts';
import { bodyOf, chromeOf, field, flash, requireAdmin, requireUser, safeNext, stateOf } from './security.ts';

export function registerAuthRoutes(router: Router, bi: BiServices): void {
  router.get('/login', (ctx) => {
    const next = safeNext(ctx.query.next);
    if (stateOf(ctx).user) return ctx.redirect(next);
    const dingtalkDefault = getSetting(bi.db, 'login.defaultMethod') === 'dingtalk';
    if (dingtalkDefault && bi.dingtalk.enabled && ctx.query.method !== 'password') {
      return ctx.redirect(`/auth/dingtalk/start?next=${encodeURIComponent(next)}`);
    }
    sendPage(ctx, LoginPage({ chrome: chromeOf(ctx, bi), next, dingtalkEnabled: bi.dingtalk.enabled }));
  });

  router.post('/login', async (ctx) => {
    const body = bodyOf(ctx);
    const username = field(body, 'username');
    const next = safeNext(field(body, 'next'));
    const user = findByUsername(bi.db, username);
    const ok = await verifyPassword(field(body, 'password'), user?.passwordHash ?? null);
    if (!user || !ok || !user.active) {
      bi.logger.info({ username }, 'password login refused');
      const error = user && ok && !user.active ? '该账号已停用，请联系管理员' : '用户名或密码错误';
      return sendPage(
        ctx,
        LoginPage({ chrome: chromeOf(ctx, bi), next, error, username, dingtalkEnabled: bi.dingtalk.enabled }),
        401,
      );
    }
    await signIn(ctx, user.id, 'password');
    ctx.redirect(next);
  });

  router.post('/logout', (ctx) => {
    signOut(ctx);
    ctx.redirect('/login?method=password');
  });

  router.get('/', (ctx) => {
    requireUser(ctx);
    sendPage(ctx, DashboardPage({ chrome: chromeOf(ctx, bi), metrics: listMetrics(bi.db) }));
  });

  /** Set metric values (as a data load would), then evaluate alerts. */
  router.post('/dashboard/metrics', async (ctx) => {
    requireAdmin(ctx);
    const body = bodyOf(ctx);
    const now = bi.clock.now();
    let changed = 0;
    for (const m of listMetrics(bi.db)) {
      const raw = field(body, m.key);
      if (raw === '') continue;
      const value = Number(raw);
      if (!Number.isFinite(value)) continue;
      if (value !== m.value && setMetric(bi.db, m.key, value, now)) changed++;
    }
    const fired = changed ? await bi.jobs.evaluateAlerts() : { alerts: 0, dispatchIds: [] };
    if (ctx.accepts('html', 'json') === 'json') {
      ctx.body = { changed, alertsFired: fired.alerts, dispatchIds: fired.dispatchIds };
      return;
    }
    flash(ctx, `已更新 ${changed} 个指标${fired.alerts ? `，触发 ${fired.alerts} 个预警` : ''}`);
    ctx.redirect('/');
  });
}
