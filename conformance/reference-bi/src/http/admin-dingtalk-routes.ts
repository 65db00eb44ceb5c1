/**
 * 管理员设置 > 系统集成 > 钉钉 (S2, S3): shown only when the system-backend switch is on. 测试连接 tests;
 * 确定 tests again and saves only when the test passes, in one transaction — so nothing is ever saved
 * half-way (X1). The saved AppSecret never goes back to the browser; an empty field keeps it.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { BiServices } from '../context.ts';
import { getSetting, setSetting, type DingTalkApp } from '../db/settings.ts';
import { testConnection } from '../dingtalk/connection-test.ts';
import { DingTalkSettingsPage, type AppForm, type Outcome } from '../pages/dingtalk-settings.tsx';
import { sendPage } from '../pages/render.ts';
import { CALLBACK_PATH } from './dingtalk-login-routes.ts';
import { EVENTS_PATH } from './event-routes.ts';
import { bodyOf, chromeOf, field, flash, HttpError, requireAdmin } from './security.ts';

const BASE = '/admin/integrations/dingtalk';

/** The values to paste into the DingTalk console, built from the BI's public URL. */
export function consoleUrls(publicUrl: string) {
  return {
    pc: `${publicUrl}/dingtalk/pc?corpId=$CORPID$`,
    mobile: `${publicUrl}/dingtalk/mobile?corpId=$CORPID$`,
    redirect: `${publicUrl}${CALLBACK_PATH}`,
    /** 事件订阅 › 请求网址 */
    events: `${publicUrl}${EVENTS_PATH}`,
  };
}

function validate(form: AppForm, saved: DingTalkApp | null): { app?: DingTalkApp; error?: string } {
  const appSecret = form.appSecret || (saved?.appSecret ?? '');
  if (!form.appKey) return { error: '请填写 AppKey' };
  if (!appSecret) return { error: '请填写 AppSecret' };
  if (!/^\d{1,19}$/.test(form.agentId)) return { error: 'AgentId 应为数字' };
  if (!form.corpId) return { error: '请填写 CorpId' };
  return { app: { appKey: form.appKey, appSecret, agentId: Number(form.agentId), corpId: form.corpId } };
}

export function registerAdminDingTalkRoutes(router: Router, bi: BiServices): void {
  const guard = (ctx: Context) => {
    requireAdmin(ctx);
    // As in the guide: without the system-backend switch the page does not exist.
    if (!getSetting(bi.db, 'feature.dingtalk')) throw new HttpError(404, '页面不存在');
  };

  const render = (
    ctx: Context,
    extra: { form?: AppForm; outcome?: Outcome; formOpen?: boolean },
    status = 200,
  ) => {
    const saved = bi.dingtalk.app;
    const robot = getSetting(bi.db, 'robot');
    sendPage(
      ctx,
      DingTalkSettingsPage({
        chrome: chromeOf(ctx, bi),
        saved: saved && { appKey: saved.appKey, agentId: saved.agentId, corpId: saved.corpId },
        enabled: getSetting(bi.db, 'dingtalk.enabled'),
        generation: bi.dingtalk.generation,
        urls: consoleUrls(bi.publicUrl()),
        form: extra.form ?? {
          appKey: saved?.appKey ?? '',
          appSecret: '',
          agentId: saved ? String(saved.agentId) : '',
          corpId: saved?.corpId ?? '',
        },
        formOpen: extra.formOpen ?? false,
        outcome: extra.outcome,
        robot: robot && { webhook: robot.webhook, hasSecret: robot.secret !== '', enabled: robot.enabled },
        eventsConfigured: getSetting(bi.db, 'dingtalk.events') !== null,
      }),
      status,
    );
  };

  const formOf = (ctx: Context): AppForm => {
    const b = bodyOf(ctx);
    return {
      appKey: field(b, 'appKey'),
      appSecret: field(b, 'appSecret'),
      agentId: field(b, 'agentId'),
      corpId: field(b, 'corpId'),
    };
  };

  router.get(BASE, (ctx) => {
    guard(ctx);
    render(ctx, { formOpen: ctx.query.edit === '1' });
  });

  /** 测试连接: nothing is saved. */
  router.post(`${BASE}/test`, async (ctx) => {
    guard(ctx);
    const form = formOf(ctx);
    const { app, error } = validate(form, bi.dingtalk.app);
    if (!app)
      return render(
        ctx,
        { form, formOpen: true, outcome: { tone: 'error', title: '无法测试', text: error! } },
        400,
      );
    const r = await testConnection(bi.dingtalk, app);
    render(
      ctx,
      {
        form,
        formOpen: true,
        outcome: { tone: r.ok ? 'ok' : 'error', title: r.title, text: r.text, detail: r.detail },
      },
      r.ok ? 200 : 400,
    );
  });

  /** 确定: test, then save in one transaction — or save nothing. */
  router.post(`${BASE}/save`, async (ctx) => {
    guard(ctx);
    const form = formOf(ctx);
    const { app, error } = validate(form, bi.dingtalk.app);
    if (!app)
      return render(
        ctx,
        { form, formOpen: true, outcome: { tone: 'error', title: '未保存', text: error! } },
        400,
      );
    const r = await testConnection(bi.dingtalk, app);
    if (!r.ok) {
      const outcome: Outcome = { tone: 'error', title: `${r.title}，未保存`, text: r.text, detail: r.detail };
      return render(ctx, { form, formOpen: true, outcome }, 400);
    }
    bi.db.transaction(() => setSetting(bi.db, 'dingtalk.app', app))();
    bi.logger.info({ appKey: app.appKey, corpId: app.corpId }, 'dingtalk app saved');
    flash(ctx, '已保存微应用信息。请将下方信息填入钉钉开放平台。');
    ctx.redirect(BASE);
  });

  /** 开启钉钉功能, and the QR-login generation. */
  router.post(`${BASE}/enable`, (ctx) => {
    guard(ctx);
    if (!bi.dingtalk.app) throw new HttpError(400, '请先配置微应用信息');
    const b = bodyOf(ctx);
    const generation = field(b, 'generation') === 'legacy' ? 'legacy' : 'new';
    const enabled = field(b, 'enabled') === 'on';
    bi.db.transaction(() => {
      setSetting(bi.db, 'dingtalk.enabled', enabled);
      setSetting(bi.db, 'dingtalk.generation', generation);
    })();
    flash(ctx, enabled ? '钉钉功能已开启，请刷新页面。' : '钉钉功能已关闭。');
    ctx.redirect(BASE);
  });

  /** 群机器人: webhook + 加签 secret (kept when the field is left empty; never shown). */
  router.post(`${BASE}/robot`, (ctx) => {
    guard(ctx);
    const b = bodyOf(ctx);
    const webhook = field(b, 'webhook');
    const saved = getSetting(bi.db, 'robot');
    if (webhook) {
      let valid: boolean;
      try {
        valid = ['http:', 'https:'].includes(new URL(webhook).protocol);
      } catch {
        valid = false;
      }
      if (!valid) throw new HttpError(400, 'Webhook 地址不是有效的 http(s) URL');
    }
    const secret = field(b, 'secret') || (saved?.secret ?? '');
    if (secret && !secret.startsWith('SEC')) throw new HttpError(400, '加签密钥应以 SEC 开头');
    setSetting(bi.db, 'robot', { webhook, secret, enabled: field(b, 'enabled') === 'on' && webhook !== '' });
    flash(ctx, '已保存群机器人设置。');
    ctx.redirect(BASE);
  });
}
