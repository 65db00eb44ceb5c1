/** Console route of the tenant's 事件推送 page (the same data as GET /api/tenants/{corpId}/events). */
import type Router from '@koa/router';
import { page, render, tenantOr404, type ConsoleContext } from '../http.ts';
import { EventsPage } from './events.tsx';

/** Events shown at most (the outbox keeps 500). */
const SHOWN = 100;

export function registerEventPages(router: Router, c: ConsoleContext): void {
  page(router, c, '/tenants/:corpId/events', (ctx) => {
    const t = tenantOr404(c, ctx);
    const app = typeof ctx.query.app === 'string' && t.getApp(ctx.query.app) ? ctx.query.app : undefined;
    const subscriptions = t.events.listSubscriptions().filter((s) => !app || s.appKey === app);
    render(
      c,
      ctx,
      { title: '事件推送', corp: t, section: 'events' },
      EventsPage({
        corpId: t.corpId,
        now: t.clock.now(),
        events: t.events.listEvents(SHOWN),
        subscriptions,
        appName: (appKey) => t.getApp(appKey)?.name ?? appKey,
        app,
        retryDelaysMs: t.events.retryDelaysMs,
      }),
    );
  });
}
