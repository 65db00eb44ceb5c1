/**
 * Admin API for cards (JSON under /__sandbox/api/tenants/:corpId/): the tenant's card instances with
 * their current data (of one chat, or one app), one card, a person pressing a button on a card (B7:
 * the callback goes over the card's app's Stream connection; the bot's answer updates the card), and
 * the card settings — QPS per app and API, an optional monthly quota, the templates the corp has.
 */
import type Router from '@koa/router';
import * as z from 'zod';
import { isDingTalkError } from '../../domain/errors.ts';
import type { CardInstance } from '../../domain/cards/cards.ts';
import { pressCard } from '../../domain/cards/card-press.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { anyBody } from '../middleware/body.ts';
import { AdminError, requireTenant } from './errors.ts';
import { parseBody } from './validation.ts';

export const cardPressBody = z
  .object({
    userid: z.string().min(1).max(64).describe('who presses'),
    params: z
      .record(z.string().max(100), z.unknown())
      .optional()
      .describe('the button’s callback parameters and the card’s input values (cardPrivateData.params)'),
    actionIds: z.array(z.string().min(1).max(200)).max(20).optional().describe('the pressed components’ ids'),
    spaceId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('where it is pressed (default: where it was delivered first)'),
  })
  .strict();

export const cardSettingsBody = z
  .object({
    qps: z.number().int().min(1).max(100_000).optional().describe('card calls a second per app and API (20)'),
    monthlyQuota: z
      .number()
      .int()
      .min(0)
      .max(1_000_000_000)
      .nullable()
      .optional()
      .describe('card calls a month for the corp; null = none (the default)'),
    templates: z
      .array(z.string().min(1).max(200))
      .max(1000)
      .nullable()
      .optional()
      .describe('template ids the corp has; null = any <uuid>.schema id'),
  })
  .strict();

export const cardListQuery = z.object({
  openConversationId: z.string().optional().describe('only the cards delivered to this group'),
  appKey: z.string().optional().describe('only the cards this app made'),
});

function cardView(c: CardInstance) {
  return {
    outTrackId: c.outTrackId,
    cardTemplateId: c.cardTemplateId,
    appKey: c.appKey,
    callbackType: c.callbackType,
    status: c.status,
    cardData: c.cardData,
    privateData: c.privateData,
    spaces: c.spaces,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** A card button pressed as a person of the tenant (the admin API's press and the console's chat page). */
export function pressTenantCard(t: Tenant, outTrackId: string, press: z.infer<typeof cardPressBody>) {
  return pressCard(
    {
      corpId: t.corpId,
      cards: t.cards,
      users: t.directory,
      clock: t.clock,
      journal: t.journal,
      publish: (appKey, topic, data, onAck) => t.bots.hub.publish(appKey, topic, data, onAck),
    },
    outTrackId,
    {
      userid: press.userid,
      params: press.params ?? {},
      actionIds: press.actionIds ?? [],
      ...(press.spaceId ? { spaceId: press.spaceId } : {}),
    },
  );
}

export function registerCardAdmin(router: Router, sandbox: Sandbox): void {
  router.get('/api/tenants/:corpId/cards', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const q = ctx.query;
    const one = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const filter = { openConversationId: one(q.openConversationId), appKey: one(q.appKey) };
    ctx.body = {
      cards: t.cards
        .list(Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)))
        .map(cardView),
    };
  });

  router.get('/api/tenants/:corpId/card-settings', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    ctx.body = t.cards.limits.view(t.clock.now());
  });

  router.patch('/api/tenants/:corpId/card-settings', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const body = parseBody(cardSettingsBody, anyBody(ctx));
    const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    t.cards.limits.configure(patch);
    ctx.body = t.cards.limits.view(t.clock.now());
  });

  router.get('/api/tenants/:corpId/cards/:outTrackId', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const card = t.cards.get(String(ctx.params.outTrackId));
    if (!card)
      throw new AdminError(404, 'cardNotFound', `no card with outTrackId ${String(ctx.params.outTrackId)}`);
    ctx.body = cardView(card);
  });

  router.post('/api/tenants/:corpId/cards/:outTrackId/press', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const body = parseBody(cardPressBody, anyBody(ctx));
    const outTrackId = String(ctx.params.outTrackId);
    try {
      const pressed = pressTenantCard(t, outTrackId, body);
      ctx.status = 201;
      ctx.body = pressed;
    } catch (e) {
      if (isDingTalkError(e)) throw new AdminError(e.kind === 'cardNotFound' ? 404 : 400, e.kind, e.reason);
      throw e;
    }
  });
}
