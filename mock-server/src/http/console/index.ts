/**
 * The sandbox console's pages (HTML under /__sandbox/, mounted on the admin router). This is the
 * first slice — messages; the console issue adds the rest through the same layout.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { VNode } from 'preact';
import type { Sandbox } from '../../domain/sandbox.ts';
import type { Tenant } from '../../domain/tenant.ts';
import { callState } from '../middleware/request-context.ts';
import { ChatPage, InboxIndexPage, MessagePage, NotFoundPage, UserInboxPage } from './inbox-pages.tsx';
import { page } from './layout.tsx';

const PAGE_SIZE = 50;

function send(ctx: Context, vnode: VNode, status = 200): void {
  callState(ctx).silent = true;
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = page(vnode);
}

export function registerConsolePages(router: Router, sandbox: Sandbox): void {
  const withTenant = (ctx: Context, fn: (t: Tenant) => void): void => {
    const corpId = String(ctx.params.corpId ?? '');
    const t = sandbox.getTenant(corpId);
    if (!t) return send(ctx, NotFoundPage({ message: `没有 corpId 为 ${corpId} 的组织` }), 404);
    fn(t);
  };

  // Everyone of the tenant with unread counts (paged), and the group chats.
  router.get('/tenants/:corpId/inbox', (ctx) =>
    withTenant(ctx, (t) => {
      const mailbox = t.messaging.mailbox;
      const users = [...t.directory.allUsers()].filter((u) => !u.resigned);
      const pages = Math.max(1, Math.ceil(users.length / PAGE_SIZE));
      const pageNo = Math.min(pages, Math.max(1, Number(ctx.query.page) || 1));
      const rows = users.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE).map((u) => ({
        userid: u.userid,
        name: u.name,
        total: mailbox.inbox(u.userid).length,
        unread: mailbox.unreadCount(u.userid),
      }));
      const robots = t.messaging.robots;
      const chats = robots.listChats().map((chat) => {
        const msgs = robots.chatMessages(chat.openConversationId);
        return { chat, count: msgs.length, unread: msgs.filter((m) => m.readAt === null).length };
      });
      send(ctx, InboxIndexPage({ tenant: t, rows, page: pageNo, pages, chats }));
    }),
  );

  // One person's messages, newest first.
  router.get('/tenants/:corpId/inbox/:userid', (ctx) =>
    withTenant(ctx, (t) => {
      const userid = String(ctx.params.userid);
      const user = t.directory.getUser(userid);
      if (!user) return send(ctx, NotFoundPage({ message: `组织内没有成员 ${userid}` }), 404);
      send(
        ctx,
        UserInboxPage({ tenant: t, userid, name: user.name, items: t.messaging.mailbox.inbox(userid) }),
      );
    }),
  );

  // One message: opening it marks it read (getsendresult / readStatus see it).
  router.get('/tenants/:corpId/inbox/:userid/:messageId', (ctx) =>
    withTenant(ctx, (t) => {
      const userid = String(ctx.params.userid);
      const messageId = String(ctx.params.messageId);
      const user = t.directory.getUser(userid);
      const mailbox = t.messaging.mailbox;
      if (!user || !mailbox.markRead(userid, messageId, t.clock.now())) {
        return send(ctx, NotFoundPage({ message: `${userid} 没有消息 ${messageId}` }), 404);
      }
      send(ctx, MessagePage({ tenant: t, userid, name: user.name, item: mailbox.item(userid, messageId)! }));
    }),
  );

  // A group chat and what its robots posted; opening it marks its messages read.
  router.get('/tenants/:corpId/chats/:openConversationId', (ctx) =>
    withTenant(ctx, (t) => {
      const id = String(ctx.params.openConversationId);
      const robots = t.messaging.robots;
      const chat = robots.getChat(id);
      if (!chat) return send(ctx, NotFoundPage({ message: `没有群 ${id}` }), 404);
      const messages = robots.chatMessages(id);
      robots.markChatRead(id, t.clock.now());
      const members = chat.memberUserids.flatMap((uid) => {
        const u = t.directory.getUser(uid);
        return u ? [{ userid: u.userid, name: u.name, mobile: u.mobile }] : [];
      });
      send(ctx, ChatPage({ tenant: t, chat, messages, members }));
    }),
  );
}
