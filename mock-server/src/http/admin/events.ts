/**
 * Admin API for events (事件订阅), JSON under /__sandbox/api/tenants/:corpId/…:
 * an app's subscription (POST registers, for HTTP only after the check_url handshake; GET; DELETE), and
 * the tenant's recent events with every delivery attempt and why it failed.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import * as z from 'zod';
import type { Delivery } from '../../domain/events/event-outbox.ts';
import { httpPayload, streamPayload, type DingTalkEvent } from '../../domain/events/directory-events.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { registerSubscription, subscriptionBody, subscriptionView } from '../../events/register.ts';
import { anyBody } from '../middleware/body.ts';
import { AdminError } from './index.ts';

export function deliveryView(d: Delivery) {
  return {
    id: d.id,
    appKey: d.appKey,
    channel: d.channel,
    state: d.state,
    ...(d.state === 'pending' ? { nextAt: d.nextAt } : {}),
    attempts: d.attempts,
  };
}

export function eventView(e: DingTalkEvent, deliveries: Delivery[]) {
  return {
    eventId: e.eventId,
    eventType: e.eventType,
    corpId: e.corpId,
    bornAt: e.bornAt,
    http: httpPayload(e),
    stream: streamPayload(e),
    deliveries: deliveries.map(deliveryView),
  };
}

export function registerEventAdmin(router: Router, sandbox: Sandbox): void {
  const tenantOf = (ctx: Context): Tenant => {
    const corpId = String(ctx.params.corpId ?? '');
    const t = sandbox.getTenant(corpId);
    if (!t) throw new AdminError(404, 'tenantNotFound', `no tenant with corpId ${corpId}`);
    return t;
  };
  const appOf = (ctx: Context, t: Tenant): string => {
    const appKey = String(ctx.params.appKey ?? '');
    if (!t.getApp(appKey)) throw new AdminError(404, 'appNotFound', `no app ${appKey} in corp ${t.corpId}`);
    return appKey;
  };

  router.get('/api/tenants/:corpId/events', (ctx) => {
    const t = tenantOf(ctx);
    const limit = Math.min(Math.max(Number(ctx.query.limit ?? 100) || 100, 1), 500);
    ctx.body = {
      events: t.events.listEvents(limit).map(({ event, deliveries }) => eventView(event, deliveries)),
    };
  });

  router.get('/api/tenants/:corpId/apps/:appKey/event-subscription', (ctx) => {
    const t = tenantOf(ctx);
    const sub = t.events.subscription(appOf(ctx, t));
    if (!sub)
      throw new AdminError(404, 'notSubscribed', `app ${String(ctx.params.appKey)} subscribes to no events`);
    ctx.body = { ...subscriptionView(sub), pending: t.events.pendingCount(sub.appKey) };
  });

  router.post('/api/tenants/:corpId/apps/:appKey/event-subscription', async (ctx) => {
    const t = tenantOf(ctx);
    const appKey = appOf(ctx, t);
    const parsed = subscriptionBody.safeParse(anyBody(ctx));
    if (!parsed.success) throw new AdminError(400, 'invalidBody', z.prettifyError(parsed.error));
    const outcome = await registerSubscription(t, appKey, parsed.data);
    if (!outcome.ok) {
      ctx.status = 400;
      ctx.body = {
        error: { code: 'checkUrlFailed', message: outcome.reason, messageZh: outcome.reasonZh },
        ...(outcome.status !== undefined ? { status: outcome.status } : {}),
        ...(outcome.answer !== undefined ? { answer: outcome.answer } : {}),
      };
      return;
    }
    ctx.body = subscriptionView(outcome.subscription);
  });

  router.delete('/api/tenants/:corpId/apps/:appKey/event-subscription', (ctx) => {
    const t = tenantOf(ctx);
    const appKey = appOf(ctx, t);
    if (!t.events.subscription(appKey))
      throw new AdminError(404, 'notSubscribed', `app ${appKey} subscribes to no events`);
    t.events.unsubscribe(appKey);
    ctx.status = 204;
  });
}
