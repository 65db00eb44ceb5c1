/**
 * Admin API for bots (JSON under /__sandbox/api/tenants/:corpId/bots): the tenant's bots (apps with
 * the robot capability) with their Stream connections; a person's message delivered to a bot (what a
 * person typing in DingTalk does: the CALLBACK on /v1.0/im/bot/messages/get over the bot's Stream
 * connection); and the replies the bot sent through the messages' sessionWebhooks.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import * as z from 'zod';
import type { App } from '../../domain/apps/apps.ts';
import { isDingTalkError } from '../../domain/errors.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { anyBody } from '../middleware/body.ts';
import { AdminError, requireTenant } from './errors.ts';
import { parseBody } from './validation.ts';

export const personMessageBody = z
  .object({
    from: z.string().min(1).max(64).describe('the sender’s userid'),
    conversation: z
      .object({
        type: z.enum(['1', '2']).describe('"1" one-to-one, "2" group'),
        id: z.string().min(1).max(128).optional().describe('openConversationId; a group needs one'),
        title: z.string().max(100).optional().describe('the group’s name'),
      })
      .strict()
      .refine((c) => c.type === '1' || c.id !== undefined, 'a group conversation (type "2") needs its id'),
    text: z.string().min(1).max(5000),
    atBot: z.boolean().optional().describe('group: whether the person @-mentioned the bot (default true)'),
    atUsers: z.array(z.string().min(1).max(64)).max(100).optional().describe('others @-mentioned, by userid'),
  })
  .strict();

function botView(t: Tenant, app: App) {
  return {
    robotCode: app.appKey,
    name: app.robot!.name,
    appName: app.name,
    stream: app.robot!.stream,
    connections: t.bots.hub.connections(app.appKey),
    pending: t.bots.hub.pendingCount(app.appKey),
  };
}

export function registerBotAdmin(router: Router, sandbox: Sandbox): void {
  const botOf = (ctx: Context): { t: Tenant; robotCode: string } => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const robotCode = String(ctx.params.robotCode);
    try {
      t.bots.robot(robotCode);
    } catch (e) {
      if (isDingTalkError(e)) throw new AdminError(404, 'robotNotFound', e.reason);
      throw e;
    }
    return { t, robotCode };
  };

  router.get('/api/tenants/:corpId/bots', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    ctx.body = {
      bots: t
        .listApps()
        .filter((a) => a.robot)
        .map((a) => botView(t, a)),
    };
  });

  router.post('/api/tenants/:corpId/bots/:robotCode/messages', (ctx) => {
    const { t, robotCode } = botOf(ctx);
    const body = parseBody(personMessageBody, anyBody(ctx));
    try {
      const d = t.bots.deliver(robotCode, body);
      ctx.status = 201;
      ctx.body = d;
    } catch (e) {
      if (isDingTalkError(e)) throw new AdminError(400, e.kind, e.reason);
      throw e;
    }
  });

  router.get('/api/tenants/:corpId/bots/:robotCode/conversations/:conversationId/replies', (ctx) => {
    const { t, robotCode } = botOf(ctx);
    const conversationId = String(ctx.params.conversationId);
    ctx.body = { conversationId, replies: t.bots.conversations.list(conversationId, robotCode) };
  });
}
