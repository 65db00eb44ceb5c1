/**
 * Console routes of an app's 事件订阅 page: show it, save it (the admin API's validation and the same
 * check_url handshake, events/register.ts), unsubscribe. A failed handshake comes back to the form with
 * the reason and what the URL answered.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import * as z from 'zod';
import { registerSubscription, subscriptionBody } from '../../../events/register.ts';
import { AdminError } from '../../admin/errors.ts';
import { flashNext, form, listField, page, type ConsoleContext } from '../http.ts';
import { paths } from '../paths.ts';
import { EventSubscriptionPage } from './event-subscription.tsx';
import { APP, appPageHelpers } from './helpers.ts';

/** How much of the URL's answer the refusal quotes. */
const ANSWER_QUOTED = 300;

export function registerEventSubscriptionPages(router: Router, c: ConsoleContext): void {
  const { fv, appOf, show } = appPageHelpers(c);

  page(router, c, `${APP}/events`, (ctx) => {
    const { t, app } = appOf(ctx);
    const subscription = t.events.subscription(app.appKey);
    show(
      ctx,
      { t, app, section: 'events' },
      '事件订阅',
      EventSubscriptionPage({
        corpId: t.corpId,
        app,
        subscription,
        pending: t.events.pendingCount(app.appKey),
        form: fv(ctx),
      }),
    );
  });

  // A refusal comes back to this page with the reason and what was typed.
  const back = (ctx: Context) => paths.app(String(ctx.params.corpId), String(ctx.params.appKey), 'events');
  form(router, c, { path: `${APP}/events`, back }, async (ctx, b) => {
    const { t, app } = appOf(ctx);
    const eventTypes = listField(b.eventTypes);
    if (eventTypes.length === 0)
      throw new AdminError(400, 'invalidBody', '请至少勾选一个事件 (tick at least one event)');
    const current = t.events.subscription(app.appKey)?.http;
    const http = b.channel === 'http';
    const parsed = subscriptionBody.safeParse({
      channel: b.channel,
      eventTypes,
      ...(http
        ? {
            url: b.url?.trim() || undefined,
            // Empty keeps what was saved (the page shows the saved secrets masked, not in the form).
            token: b.eventToken?.trim() || current?.token,
            aesKey: b.aesKey?.trim() || current?.aesKey,
          }
        : {}),
    });
    if (!parsed.success)
      throw new AdminError(400, 'invalidBody', `填写有误 (invalid): ${z.prettifyError(parsed.error)}`);
    const outcome = await registerSubscription(t, app.appKey, parsed.data);
    if (!outcome.ok) {
      const said =
        outcome.status !== undefined
          ? `\n请求网址返回 (the URL answered) HTTP ${outcome.status}${outcome.answer ? `：${outcome.answer.slice(0, ANSWER_QUOTED)}` : ''}`
          : '';
      throw new AdminError(400, 'checkUrlFailed', `${outcome.reasonZh}\n${outcome.reason}${said}`);
    }
    flashNext(c, ctx, {
      kind: 'ok',
      text: http
        ? '保存成功：请求网址已通过 check_url 校验 (saved: the URL passed check_url)'
        : '保存成功：事件将通过 Stream 模式推送 (saved: events go over Stream)',
    });
    return paths.app(t.corpId, app.appKey, 'events');
  });

  form(router, c, `${APP}/events/delete`, (ctx) => {
    const { t, app } = appOf(ctx);
    t.events.unsubscribe(app.appKey);
    flashNext(c, ctx, { kind: 'ok', text: '已取消事件订阅 (unsubscribed)' });
    return paths.app(t.corpId, app.appKey, 'events');
  });
}
