/** 管理员设置 (index, 登录设置, 用户) and the system backend (feature switches, clock, due jobs). */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { BiServices } from '../context.ts';
import { getSetting, setSetting } from '../db/settings.ts';
import { createUser, getUser, listUsers, setDingtalkUserid, UserConflictError } from '../db/users.ts';
import { hashPassword } from '../login/password.ts';
import { AdminHomePage, LoginSettingsPage, SystemBackendPage, UsersPage } from '../pages/admin.tsx';
import { sendPage } from '../pages/render.ts';
import { bodyOf, chromeOf, field, flash, HttpError, requireAdmin } from './security.ts';

const USERNAME = /^[\w.@-]{1,64}$/;
/** DingTalk UserIDs: letters, digits, _ and - (U: DingTalk allows a custom 员工UserID of up to 64). */
const DINGTALK_USERID = /^[\w-]{1,64}$/;

const wantsJson = (ctx: Context) => ctx.accepts('html', 'json') === 'json';

export function registerAdminRoutes(router: Router, bi: BiServices): void {
  router.get('/admin', (ctx) => {
    requireAdmin(ctx);
    sendPage(ctx, AdminHomePage({ chrome: chromeOf(ctx, bi) }));
  });

  // ---- 系统管理 > 登录设置 ----
  const loginSettings = (ctx: Context, error?: string) =>
    sendPage(
      ctx,
      LoginSettingsPage({
        chrome: chromeOf(ctx, bi),
        method: getSetting(bi.db, 'login.defaultMethod'),
        dingtalkReady: bi.dingtalk.enabled,
        error,
      }),
      error ? 400 : 200,
    );

  router.get('/admin/login-settings', (ctx) => {
    requireAdmin(ctx);
    loginSettings(ctx);
  });

  router.post('/admin/login-settings', (ctx) => {
    requireAdmin(ctx);
    const method = field(bodyOf(ctx), 'method') === 'dingtalk' ? 'dingtalk' : 'password';
    if (method === 'dingtalk' && !bi.dingtalk.enabled) {
      return loginSettings(ctx, '请先在 系统集成 > 钉钉 中配置并开启钉钉，再将默认登录方式设为钉钉。');
    }
    setSetting(bi.db, 'login.defaultMethod', method);
    flash(ctx, `默认登录方式已设为${method === 'dingtalk' ? '钉钉' : '账号密码'}。`);
    ctx.redirect('/admin/login-settings');
  });

  // ---- 用户管理 > 用户 ----
  const usersPage = (ctx: Context, error?: string, status = 200) =>
    sendPage(ctx, UsersPage({ chrome: chromeOf(ctx, bi), users: listUsers(bi.db), error }), status);

  router.get('/admin/users', (ctx) => {
    requireAdmin(ctx);
    if (wantsJson(ctx)) {
      ctx.body = { users: listUsers(bi.db).map(({ passwordHash: _omit, ...u }) => u) };
      return;
    }
    usersPage(ctx);
  });

  router.post('/admin/users', async (ctx) => {
    requireAdmin(ctx);
    const b = bodyOf(ctx);
    const username = field(b, 'username');
    const displayName = field(b, 'displayName');
    const password = field(b, 'password');
    const dingtalkUserid = field(b, 'dingtalkUserid');
    if (!USERNAME.test(username)) return usersPage(ctx, '用户名只能包含字母、数字和 _ . @ -', 400);
    if (!displayName) return usersPage(ctx, '请填写姓名', 400);
    if (password && password.length < 6) return usersPage(ctx, '密码至少 6 位', 400);
    if (dingtalkUserid && !DINGTALK_USERID.test(dingtalkUserid))
      return usersPage(ctx, '钉钉账号格式不正确', 400);
    try {
      createUser(
        bi.db,
        {
          username,
          displayName,
          passwordHash: password ? await hashPassword(password) : null,
          role: field(b, 'role') === 'admin' ? 'admin' : 'user',
          dingtalkUserid: dingtalkUserid || null,
        },
        bi.clock.now(),
      );
    } catch (e) {
      if (e instanceof UserConflictError) return usersPage(ctx, e.message, 409);
      throw e;
    }
    flash(ctx, `已创建用户 ${username}`);
    ctx.redirect('/admin/users');
  });

  /** S4: set (or clear) a user's 钉钉账号. */
  router.post('/admin/users/:id/dingtalk', (ctx) => {
    requireAdmin(ctx);
    const user = getUser(bi.db, Number(ctx.params.id));
    if (!user) throw new HttpError(404, '用户不存在');
    const value = field(bodyOf(ctx), 'dingtalkUserid');
    if (value && !DINGTALK_USERID.test(value)) return usersPage(ctx, '钉钉账号格式不正确', 400);
    try {
      setDingtalkUserid(bi.db, user.id, value || null, bi.clock.now());
    } catch (e) {
      if (e instanceof UserConflictError) return usersPage(ctx, e.message, 409);
      throw e;
    }
    flash(
      ctx,
      value ? `已将 ${user.username} 的钉钉账号设为 ${value}` : `已清除 ${user.username} 的钉钉账号`,
    );
    ctx.redirect('/admin/users');
  });

  // ---- 管理后台 (system-backend) ----
  router.get('/system-backend', (ctx) => {
    requireAdmin(ctx);
    sendPage(
      ctx,
      SystemBackendPage({
        chrome: chromeOf(ctx, bi),
        dingtalkFeature: getSetting(bi.db, 'feature.dingtalk'),
        now: bi.clock.now(),
        offsetMs: bi.clock.offset,
      }),
    );
  });

  router.post('/system-backend/features', (ctx) => {
    requireAdmin(ctx);
    const on = field(bodyOf(ctx), 'dingtalk') === 'on';
    setSetting(bi.db, 'feature.dingtalk', on);
    flash(ctx, on ? '已打开钉钉集成开关：管理员设置 > 系统集成 > 钉钉 已可用。' : '已关闭钉钉集成开关。');
    ctx.redirect('/system-backend');
  });

  /** Move the BI clock: { advanceSeconds } or { reset: "1" }. */
  router.post('/system-backend/clock', (ctx) => {
    requireAdmin(ctx);
    const b = bodyOf(ctx);
    if (field(b, 'reset')) bi.clock.reset();
    else {
      const s = Number(field(b, 'advanceSeconds'));
      if (!Number.isFinite(s)) throw new HttpError(400, 'advanceSeconds 应为数字');
      bi.clock.advance(s * 1000);
    }
    if (wantsJson(ctx)) {
      ctx.body = { now: bi.clock.now(), offsetMs: bi.clock.offset };
      return;
    }
    flash(ctx, '系统时钟已调整。');
    ctx.redirect('/system-backend');
  });

  /** Run due subscriptions and alerts now. */
  router.post('/system-backend/jobs/run', async (ctx) => {
    requireAdmin(ctx);
    const report = await bi.jobs.runDue();
    if (wantsJson(ctx)) {
      ctx.body = report;
      return;
    }
    flash(ctx, `已发送 ${report.subscriptionsSent} 个订阅，触发 ${report.alertsFired} 个预警。`);
    ctx.redirect('/system-backend');
  });
}
