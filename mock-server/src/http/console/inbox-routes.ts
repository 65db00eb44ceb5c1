/**
 * The console's message pages (M1–M4): everyone of a tenant with unread counts (paged), one
 * person's inbox, one message (opening it marks it read); chats are chat-routes.ts'. Rendered in the console's shell under 消息 in the sandbox navigation.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { VNode } from 'preact';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { AdminError } from '../admin/errors.ts';
import { page, render, tenantOr404, type ConsoleContext } from './http.ts';
import { chatTitle } from './chat-page.tsx';
import { InboxIndexPage, MessagePage, UserInboxPage } from './inbox-pages.tsx';

const PAGE_SIZE = 50;

const notFound = (message: string) => new AdminError(404, 'notFound', message);

export function registerInboxPages(router: Router, c: ConsoleContext): void {
  const show = (ctx: Context, t: Tenant, title: string, vnode: VNode) =>
    render(c, ctx, { title, corp: t, section: 'inbox' }, vnode);

  // Everyone of the tenant with unread counts (paged), and the group chats.
  page(router, c, '/tenants/:corpId/inbox', (ctx) => {
    const t = tenantOr404(c, ctx);
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
    const botName = (code: string) => t.getApp(code)?.robot?.name;
    const chats = t.messaging.chats.list().map((chat) => {
      const msgs = t.messaging.chats.messagesOf(chat.openConversationId);
      return {
        chat,
        title: chatTitle(chat, (uid) => t.directory.getUser(uid)?.name ?? uid),
        bots: chat.robotCodes.flatMap((code) => botName(code) ?? []),
        count: msgs.length,
        unread: msgs.filter((m) => m.readAt === null).length,
      };
    });
    const bots = t.listApps().flatMap((a) => (a.robot ? [{ robotCode: a.appKey, name: a.robot.name }] : []));
    show(ctx, t, '消息', InboxIndexPage({ tenant: t, rows, page: pageNo, pages, chats, bots }));
  });

  // One person's messages, newest first.
  page(router, c, '/tenants/:corpId/inbox/:userid', (ctx) => {
    const t = tenantOr404(c, ctx);
    const userid = String(ctx.params.userid);
    const user = t.directory.getUser(userid);
    if (!user) throw notFound(`组织内没有成员 ${userid}`);
    show(
      ctx,
      t,
      `${user.name} 的消息`,
      UserInboxPage({ tenant: t, userid, name: user.name, items: t.messaging.mailbox.inbox(userid) }),
    );
  });

  // One message: opening it marks it read (getsendresult / readStatus see it).
  page(router, c, '/tenants/:corpId/inbox/:userid/:messageId', (ctx) => {
    const t = tenantOr404(c, ctx);
    const userid = String(ctx.params.userid);
    const messageId = String(ctx.params.messageId);
    const user = t.directory.getUser(userid);
    const mailbox = t.messaging.mailbox;
    if (!user || !mailbox.markRead(userid, messageId, t.clock.now()))
      throw notFound(`${userid} 没有消息 ${messageId}`);
    show(
      ctx,
      t,
      `${user.name} 的消息`,
      MessagePage({ tenant: t, userid, name: user.name, item: mailbox.item(userid, messageId)! }),
    );
  });
}
