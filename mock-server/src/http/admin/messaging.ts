/**
 * Admin API for messaging (JSON under /__sandbox/api/tenants/:corpId/…): inboxes with read state,
 * marking read, custom robots (list, create) and the messages in their groups, group chats and a
 * person leaving one.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import * as z from 'zod';
import type { InboxItem } from '../../domain/messaging/mailbox.ts';
import { preview } from '../../domain/messaging/message-content.ts';
import type { ChatMessage, RobotConfig } from '../../domain/messaging/robots.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import type { Chat } from '../../domain/chats/chats.ts';
import { quitChat } from '../../domain/chats/group-chats.ts';
import { isDingTalkError } from '../../domain/errors.ts';
import { anyBody } from '../middleware/body.ts';
import { AdminError } from './index.ts';
import { addRobotTo, createRobotBody } from './robot-ops.ts';
import { parseBody } from './validation.ts';

/**
 * 群会话用户主动退群 in tenant `t`, as from the person's client (the admin API and the console's chat
 * page): the change goes to the tenant's event outbox (chat_quit). Refusals are DingTalkErrors.
 */
export function leaveChat(t: Tenant, chat: Chat, userid: string): void {
  quitChat({ dir: t.directory, changed: (change) => t.events.record(change, t.clock.now()) }, chat, userid);
}

/** POST …/chats/:chatid/quit: who leaves. */
export const quitChatBody = z.object({ userid: z.string().min(1) }).strict();

export function inboxItemView(item: InboxItem) {
  const d = item.delivery;
  const m = d.message;
  return {
    messageId: item.messageId,
    taskId: d.taskId,
    ...(m.source === 'appRobot' ? { processQueryKey: d.key } : {}),
    source: m.source,
    sender: m.sender,
    msgtype: m.msgtype,
    title: preview(m.content),
    msg: m.raw,
    content: m.content,
    sentAt: m.sentAt,
    read: item.readAt !== null,
    readAt: item.readAt,
    recalled: d.recalledAt !== null,
    ...(d.statusBar ? { statusBar: d.statusBar } : {}),
  };
}

export function robotView(r: RobotConfig, t: Tenant, origin: string) {
  return {
    id: r.id,
    name: r.name,
    openConversationId: r.openConversationId,
    chatName: t.messaging.chats.get(r.openConversationId)?.name ?? '',
    webhook: `${origin}/robot/send?access_token=${r.accessToken}`,
    accessToken: r.accessToken,
    secret: r.secret,
    keywords: r.keywords,
    ipAllowList: r.ipAllowList,
    createdAt: r.createdAt,
  };
}

export function chatMessageView(m: ChatMessage) {
  return {
    messageId: m.id,
    sender: m.sender,
    msgtype: m.msgtype,
    title: preview(m.content),
    msg: m.raw,
    content: m.content,
    at: m.at,
    sentAt: m.sentAt,
    read: m.readAt !== null,
    readAt: m.readAt,
    ...(m.processQueryKey ? { processQueryKey: m.processQueryKey } : {}),
    ...(m.openMsgId ? { openMsgId: m.openMsgId } : {}),
    ...(m.recalledAt !== undefined ? { recalledAt: m.recalledAt } : {}),
    ...(m.reactions ? { reactions: m.reactions } : {}),
  };
}

export function registerMessagingAdmin(router: Router, sandbox: Sandbox): void {
  const tenantOf = (ctx: Context): Tenant => {
    const corpId = String(ctx.params.corpId ?? '');
    const t = sandbox.getTenant(corpId);
    if (!t) throw new AdminError(404, 'tenantNotFound', `no tenant with corpId ${corpId}`);
    return t;
  };

  router.get('/api/tenants/:corpId/inbox', (ctx) => {
    const t = tenantOf(ctx);
    const mailbox = t.messaging.mailbox;
    ctx.body = {
      users: mailbox.users().map((userid) => ({
        userid,
        name: t.directory.getUser(userid)?.name ?? '',
        total: mailbox.inbox(userid).length,
        unread: mailbox.unreadCount(userid),
      })),
    };
  });

  router.get('/api/tenants/:corpId/inbox/:userid', (ctx) => {
    const t = tenantOf(ctx);
    const userid = String(ctx.params.userid);
    const user = t.directory.getUser(userid);
    if (!user) throw new AdminError(404, 'userNotFound', `no user ${userid} in corp ${t.corpId}`);
    const items = t.messaging.mailbox.inbox(userid);
    ctx.body = {
      userid,
      name: user.name,
      unread: t.messaging.mailbox.unreadCount(userid),
      messages: items.map(inboxItemView),
    };
  });

  router.post('/api/tenants/:corpId/inbox/:userid/:messageId/read', (ctx) => {
    const t = tenantOf(ctx);
    const { userid, messageId } = ctx.params as { userid: string; messageId: string };
    if (!t.messaging.mailbox.markRead(userid, messageId, t.clock.now())) {
      throw new AdminError(404, 'messageNotFound', `user ${userid} has no message ${messageId}`);
    }
    ctx.body = inboxItemView(t.messaging.mailbox.item(userid, messageId)!);
  });

  router.get('/api/tenants/:corpId/robots', (ctx) => {
    const t = tenantOf(ctx);
    ctx.body = { robots: t.messaging.robots.listRobots().map((r) => robotView(r, t, originOf(ctx))) };
  });

  router.post('/api/tenants/:corpId/robots', (ctx) => {
    const t = tenantOf(ctx);
    const parsed = createRobotBody.safeParse(anyBody(ctx));
    if (!parsed.success) throw new AdminError(400, 'invalidBody', z.prettifyError(parsed.error));
    const robot = addRobotTo(t, parsed.data);
    ctx.status = 201;
    ctx.body = robotView(robot, t, originOf(ctx));
  });

  router.get('/api/tenants/:corpId/robots/:robotId/messages', (ctx) => {
    const t = tenantOf(ctx);
    const robot = t.messaging.robots.getRobot(String(ctx.params.robotId));
    if (!robot)
      throw new AdminError(
        404,
        'robotNotFound',
        `no robot ${String(ctx.params.robotId)} in corp ${t.corpId}`,
      );
    const messages = t.messaging.chats
      .messagesOf(robot.openConversationId)
      .filter((m) => m.sender.kind === 'robot' && m.sender.robotId === robot.id);
    ctx.body = { robot: robotView(robot, t, originOf(ctx)), messages: messages.map(chatMessageView) };
  });

  router.get('/api/tenants/:corpId/chats', (ctx) => {
    const t = tenantOf(ctx);
    const chats = t.messaging.chats;
    ctx.body = {
      chats: chats.list().map((c) => ({ ...c, messages: chats.messagesOf(c.openConversationId).length })),
    };
  });

  router.get('/api/tenants/:corpId/chats/:openConversationId/messages', (ctx) => {
    const t = tenantOf(ctx);
    const id = String(ctx.params.openConversationId);
    // By openConversationId or by chatid (the legacy /chat/* API's name for it).
    const chat = t.messaging.chats.get(id) ?? t.messaging.chats.byId(id);
    if (!chat) throw new AdminError(404, 'chatNotFound', `no group ${id} in corp ${t.corpId}`);
    ctx.body = { chat, messages: t.messaging.chats.messagesOf(chat.openConversationId).map(chatMessageView) };
  });

  // 群会话用户主动退群: a person leaves a group, as from their DingTalk client; apps that subscribe to
  // chat_quit are told (HTTP push or Stream). The owner hands the group over first (/chat/update owner).
  router.post('/api/tenants/:corpId/chats/:chatid/quit', (ctx) => {
    const t = tenantOf(ctx);
    const id = String(ctx.params.chatid);
    const { userid } = parseBody(quitChatBody, anyBody(ctx));
    const chat = t.messaging.chats.byId(id) ?? t.messaging.chats.get(id);
    if (chat?.kind !== 'group')
      throw new AdminError(404, 'chatNotFound', `no group ${id} in corp ${t.corpId}`);
    try {
      quitChat(
        { dir: t.directory, changed: (change) => t.events.record(change, t.clock.now()) },
        chat,
        userid,
      );
    } catch (e) {
      if (isDingTalkError(e)) throw new AdminError(409, e.kind, e.reason);
      throw e;
    }
    ctx.body = { chatid: chat.chatid, memberUserids: chat.memberUserids };
  });
}

/** The base URL the caller used (Koa 3's ctx.origin is the Origin header, not this). */
function originOf(ctx: Context): string {
  return `${ctx.protocol}://${ctx.host}`;
}
