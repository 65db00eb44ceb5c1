/**
 * The console's chat page and its forms (B2, B3, B5, B7): a chat (group or one-to-one with a bot) as a
 * chosen person sees it, its conversation block alone for the page's polling (`?part=conv`), a
 * person's message to the chat's bots (the admin API's delivery: admin/bots.ts deliverPersonMessage →
 * Bots.deliver), a card button pressed as that person (the admin API's press: domain pressCard), and
 * opening a person's one-to-one chat with a bot. Refusals come back to the page as its flash message,
 * Chinese first with the English beside.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { renderToString } from 'preact-render-to-string';
import type { Chat } from '../../domain/chats/chats.ts';
import { isDingTalkError } from '../../domain/errors.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { deliverPersonMessage, personMessageBody } from '../admin/bots.ts';
import { cardPressBody, pressTenantCard } from '../admin/cards.ts';
import { AdminError } from '../admin/errors.ts';
import { leaveChat } from '../admin/messaging.ts';
import { parseBody } from '../admin/validation.ts';
import { anyBody } from '../middleware/body.ts';
import { ChatPage, chatPath, chatTitle, Conversation, type ChatBot, type ChatView } from './chat-page.tsx';
import {
  flashNext,
  form,
  formValue,
  listField,
  page,
  render,
  tenantOr404,
  type ConsoleContext,
} from './http.ts';
import { paths } from './paths.ts';

const refused = (zh: string, en: string) => new AdminError(400, 'refused', `${zh} (${en})`);

/** The domain's refusal in the console's words: Chinese first, English beside. */
function worded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isDingTalkError(e)) throw new AdminError(400, e.kind, `${e.reasonZh} (${e.reason})`);
    throw e;
  }
}

function chatOr404(t: Tenant, ctx: Context): Chat {
  const id = String(ctx.params.openConversationId);
  const chat = t.messaging.chats.get(id);
  if (!chat) throw new AdminError(404, 'chatNotFound', `没有会话 ${id} (no chat ${id})`);
  return chat;
}

/** The chat's app bots: its robotCodes that are bots of the tenant. */
function botsOf(t: Tenant, chat: Chat): ChatBot[] {
  return chat.robotCodes.flatMap((code) => {
    const app = t.getApp(code);
    return app?.robot ? [{ robotCode: code, name: app.robot.name }] : [];
  });
}

/** Who the page acts as: the asked person when they are in the chat, else its owner or first member. */
function personOf(chat: Chat, asked: unknown): string {
  if (chat.kind === 'oto') return chat.ownerUserid;
  if (typeof asked === 'string' && chat.memberUserids.includes(asked)) return asked;
  return chat.memberUserids.includes(chat.ownerUserid) ? chat.ownerUserid : (chat.memberUserids[0] ?? '');
}

function viewOf(t: Tenant, chat: Chat, as: string): Omit<ChatView, 'form'> {
  const members = chat.memberUserids.flatMap((uid) => {
    const u = t.directory.getUser(uid);
    return u ? [{ userid: u.userid, name: u.name, mobile: u.mobile }] : [];
  });
  const messages = t.messaging.chats.messagesOf(chat.openConversationId);
  return { tenant: t, chat, messages, members, bots: botsOf(t, chat), as };
}

/** A card button's params typed as JSON: an object (empty when left blank). */
function jsonObject(text: string | undefined): Record<string, unknown> {
  let v: unknown;
  try {
    v = text?.trim() ? JSON.parse(text) : {};
  } catch {
    throw refused('按钮参数 params 不是合法的 JSON', 'params is not valid JSON');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw refused('按钮参数 params 应为 JSON 对象', 'params must be a JSON object');
  return v as Record<string, unknown>;
}

/** media/upload's kind of a file the page read, by its browser-given type. */
function msgtypeOf(fileType: string): 'picture' | 'audio' | 'video' | 'file' {
  if (fileType.startsWith('image/')) return 'picture';
  if (fileType.startsWith('audio/')) return 'audio';
  if (fileType.startsWith('video/')) return 'video';
  return 'file';
}

export function registerChatPages(router: Router, c: ConsoleContext): void {
  /** Where a refused form goes back to: the chat (as the person who wrote), else the messages page. */
  const back = (ctx: Context): string => {
    const t = c.sandbox.getTenant(String(ctx.params.corpId ?? ''));
    if (!t) return paths.tenants;
    const chat = t.messaging.chats.get(String(ctx.params.openConversationId ?? ''));
    if (!chat) return paths.inbox(t.corpId);
    const b = anyBody(ctx) as Record<string, unknown>;
    return chatPath(t.corpId, chat.openConversationId, personOf(chat, b.from ?? b.as));
  };

  // A chat as one of its people sees it; `?part=conv` answers the conversation block alone.
  page(router, c, '/tenants/:corpId/chats/:openConversationId', (ctx) => {
    const t = tenantOr404(c, ctx);
    const chat = chatOr404(t, ctx);
    t.messaging.chats.markRead(chat.openConversationId, t.clock.now());
    const view = viewOf(t, chat, personOf(chat, ctx.query.as));
    if (ctx.query.part === 'conv') {
      ctx.status = 200;
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('cache-control', 'no-store');
      ctx.set('x-content-type-options', 'nosniff');
      ctx.set(
        'content-security-policy',
        "default-src 'none'; img-src 'self' data: https: http:; style-src 'unsafe-inline'",
      );
      ctx.body = renderToString(Conversation(view));
      return;
    }
    const title = chatTitle(chat, (uid) => view.members.find((m) => m.userid === uid)?.name ?? uid);
    render(
      c,
      ctx,
      { title, corp: t, section: 'inbox' },
      ChatPage({ ...view, form: (n, v) => formValue(ctx, n, v) }),
    );
  });

  // A person of the chat writes: text and/or a picture or file, to the bot @-mentioned (groups) or
  // the chat's bot (one-to-one), through the admin API's delivery.
  form(router, c, { path: '/tenants/:corpId/chats/:openConversationId/messages', back }, (ctx, b) => {
    const t = tenantOr404(c, ctx);
    const chat = chatOr404(t, ctx);
    const bots = botsOf(t, chat);
    if (bots.length === 0)
      throw refused('会话里没有应用机器人，无人可对话', 'no app bot in this chat: nobody to talk to');
    const from = (b.from ?? '').trim();
    if (!from) throw refused('请选择发送人', 'choose who you are');
    const text = b.text ?? '';
    const file = b.fileBase64 ? { fileName: b.fileName || 'file', base64: b.fileBase64 } : undefined;
    if (!text.trim() && !file) throw refused('请输入消息内容或选择文件', 'type a message or attach a file');
    const group = chat.kind === 'group';
    const at = group ? listField(b.at).filter((code) => bots.some((x) => x.robotCode === code)) : [];
    if (at.length > 1)
      throw refused('沙箱中一条消息只能 @ 一个机器人', 'in the sandbox a message @-mentions one bot at most');
    const robotCode = at[0] ?? bots[0]!.robotCode;
    const conversation = group
      ? { type: '2' as const, id: chat.openConversationId, title: chat.name }
      : { type: '1' as const, id: chat.openConversationId };
    const common = { from, conversation, ...(group && { atBot: at.length === 1 }) };
    const sent = [
      ...(text.trim() ? [{ ...common, text }] : []),
      ...(file ? [{ ...common, msgtype: msgtypeOf(b.fileType ?? ''), file }] : []),
    ].map((body) => worded(() => deliverPersonMessage(t, robotCode, parseBody(personMessageBody, body))));
    const bot = bots.find((x) => x.robotCode === robotCode)!.name;
    flashNext(
      c,
      ctx,
      sent.every((d) => d.pushed)
        ? { kind: 'ok', text: `已发送给机器人「${bot}」 (sent to bot "${bot}")` }
        : {
            kind: 'ok',
            text: '已发送；群消息没有 @机器人，未推送给机器人 (sent; not pushed: the message does not @ a bot)',
          },
    );
    return chatPath(t.corpId, chat.openConversationId, from);
  });

  // 退出该群: the person the page acts as leaves the group, as from their client (chat_quit for the
  // apps that subscribe); the page then shows the group as its owner sees it.
  form(router, c, { path: '/tenants/:corpId/chats/:openConversationId/quit', back }, (ctx, b) => {
    const t = tenantOr404(c, ctx);
    const chat = chatOr404(t, ctx);
    if (chat.kind !== 'group') throw refused('单聊不能退出', 'a one-to-one chat cannot be left');
    const as = (b.as ?? '').trim();
    worded(() => leaveChat(t, chat, as));
    const name = t.directory.getUser(as)?.name ?? as;
    flashNext(c, ctx, { kind: 'ok', text: `${name} 已退出群「${chat.name}」 (${as} left "${chat.name}")` });
    return chatPath(t.corpId, chat.openConversationId);
  });

  // A card's button pressed as a person of the chat: the card's app hears the callback over Stream.
  form(
    router,
    c,
    { path: '/tenants/:corpId/chats/:openConversationId/cards/:outTrackId/press', back },
    (ctx, b) => {
      const t = tenantOr404(c, ctx);
      const chat = chatOr404(t, ctx);
      const as = (b.as ?? '').trim();
      if (!chat.memberUserids.includes(as))
        throw refused(
          `${as || '（空）'} 不在会话「${chat.name}」中`,
          `${as || '(empty)'} is not in "${chat.name}"`,
        );
      const params = jsonObject(b.params);
      const outTrackId = String(ctx.params.outTrackId);
      const card = t.cards.get(outTrackId);
      const here = card?.spaces.some((s) => s.spaceId === chat.openConversationId);
      const press = parseBody(cardPressBody, {
        userid: as,
        params,
        actionIds: listField(b.actionIds),
        ...(here && { spaceId: chat.openConversationId }),
      });
      worded(() => pressTenantCard(t, outTrackId, press));
      flashNext(c, ctx, {
        kind: 'ok',
        text: '已按下按钮，回调已推送给机器人 (pressed: the callback went to the bot)',
      });
      return chatPath(t.corpId, chat.openConversationId, as);
    },
  );

  // Open (or make) a person's one-to-one chat with a bot.
  form(
    router,
    c,
    { path: '/tenants/:corpId/chats/oto', back: (ctx) => paths.inbox(String(ctx.params.corpId)) },
    (ctx, b) => {
      const t = tenantOr404(c, ctx);
      const app = worded(() => t.bots.robot(b.robotCode ?? ''));
      const userid = (b.userid ?? '').trim();
      const user = t.directory.getUser(userid);
      if (!user || user.resigned)
        throw refused(`组织内没有在职成员 ${userid || '（空）'}`, `no current member ${userid || '(empty)'}`);
      const chat = t.messaging.chats.oneToOne(
        { robotCode: app.appKey, userid, name: app.robot!.name },
        t.clock.now(),
      );
      return chatPath(t.corpId, chat.openConversationId);
    },
  );
}
