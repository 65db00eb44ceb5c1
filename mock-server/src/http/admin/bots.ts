/**
 * Admin API for bots (JSON under /__sandbox/api/tenants/:corpId/bots): the tenant's bots (apps with
 * the robot capability) with their Stream connections; a person's message delivered to a bot (what a
 * person typing in DingTalk does: the CALLBACK on /v1.0/im/bot/messages/get over the bot's Stream
 * connection) — text, or a picture/file/audio/video sent as a media id or as bytes (base64, what
 * the console's chat page sends); the chats a bot is in; and what the bot said in a conversation
 * (replies through the messages' sessionWebhooks, cards).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import * as z from 'zod';
import type { App } from '../../domain/apps/apps.ts';
import type { Delivered } from '../../domain/bots/bots.ts';
import { PERSON_MSGTYPES, type PersonMessage } from '../../domain/bots/person-message.ts';
import { isDingTalkError } from '../../domain/errors.ts';
import type { MediaType } from '../../domain/messaging/media.ts';
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
    msgtype: z.enum(PERSON_MSGTYPES).optional().describe('default text; the others carry a file'),
    text: z.string().min(1).max(5000).optional().describe('text: the words (required for text)'),
    mediaId: z.string().min(1).max(200).optional().describe('a file message’s media_id (media/upload)'),
    file: z
      .object({
        fileName: z.string().min(1).max(200),
        base64: z.string().min(1).max(1_000_000).describe('the bytes, base64'),
      })
      .strict()
      .optional()
      .describe('a file message’s bytes, kept in the media store (instead of mediaId)'),
    atBot: z.boolean().optional().describe('group: whether the person @-mentioned the bot (default true)'),
    atUsers: z.array(z.string().min(1).max(64)).max(100).optional().describe('others @-mentioned, by userid'),
  })
  .strict()
  .refine((m) => (m.msgtype ?? 'text') !== 'text' || m.text !== undefined, 'a text message needs text')
  .refine(
    (m) => (m.msgtype ?? 'text') === 'text' || (m.mediaId === undefined) !== (m.file === undefined),
    'a picture/file/audio/video message needs mediaId or file (one of them)',
  );

/** media/upload's type for a person's file message. */
const MEDIA_TYPE: Record<string, MediaType> = {
  picture: 'image',
  audio: 'voice',
  video: 'video',
  file: 'file',
};

/**
 * A person's message (the body above, parsed) delivered to a bot: bytes sent as `file` are kept in
 * the media store first. The admin API and the console's chat page both send through here; the
 * domain's refusals (DingTalkError) are left to each to word.
 */
export function deliverPersonMessage(
  t: Tenant,
  robotCode: string,
  { file, ...body }: z.infer<typeof personMessageBody>,
): Delivered {
  const msg: PersonMessage = { ...body };
  if (file) {
    const bytes = Buffer.from(file.base64, 'base64');
    const part = { fileName: file.fileName, declaredType: '', bytes, truncated: false };
    msg.mediaId = t.media.upload(MEDIA_TYPE[body.msgtype!], part, t.clock.now()).mediaId;
  }
  return t.bots.deliver(robotCode, msg);
}

function botView(t: Tenant, app: App) {
  return {
    robotCode: app.appKey,
    name: app.robot!.name,
    appName: app.name,
    stream: app.robot!.stream,
    messageUrl: app.robot!.messageUrl ?? '',
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
      ctx.body = deliverPersonMessage(t, robotCode, body);
      ctx.status = 201;
    } catch (e) {
      if (isDingTalkError(e)) throw new AdminError(400, e.kind, e.reason);
      throw e;
    }
  });

  router.get('/api/tenants/:corpId/bots/:robotCode/conversations/:conversationId/replies', (ctx) => {
    const { t, robotCode } = botOf(ctx);
    const conversationId = String(ctx.params.conversationId);
    ctx.body = { conversationId, replies: t.bots.replies(conversationId, robotCode) };
  });

  // The chats a bot is in: its groups and its one-to-one chats (the console's chat page lists them).
  router.get('/api/tenants/:corpId/bots/:robotCode/chats', (ctx) => {
    const { t, robotCode } = botOf(ctx);
    ctx.body = {
      chats: t.messaging.chats.withRobot(robotCode).map((c) => ({
        openConversationId: c.openConversationId,
        kind: c.kind,
        name: c.name,
        memberUserids: c.memberUserids,
        messages: t.messaging.chats.messagesOf(c.openConversationId).length,
      })),
    };
  });
}
