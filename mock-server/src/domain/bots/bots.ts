/**
 * A tenant's bots (机器人 on internal apps, docs/dingtalk/stream.md): the Stream gateway's tickets,
 * the connections and what is pushed over them (StreamHub), the sessions replies go through, and the
 * files people send them. What is said lives in the tenant's chats (../chats/chats.ts): a group the
 * bot is in, or the person's one-to-one chat with it; a person's message and the bot's replies are
 * messages of that chat. An app is a bot when it has the robot capability (`app.robot`); its
 * robotCode is its AppKey (C).
 */
import type { App } from '../apps/apps.ts';
import type { User } from '../directory/directory.ts';
import { because, DingTalkError } from '../errors.ts';
import { newRequestId } from '../ids.ts';
import type { Journal } from '../journal/journal.ts';
import { parseRobotWebhookBody } from '../messaging/robot-message.ts';
import type { FaultRules } from '../../faults/engine.ts';
import { NO_MENTIONS, type Chat, type ChatMessage, type Chats } from '../chats/chats.ts';
import type { MediaStore } from '../messaging/media.ts';
import type { Content, Mentions } from '../messaging/message-content.ts';
import { MessageFiles, type FileUrl } from './message-files.ts';
import { BotSessions } from './sessions.ts';
import {
  oneToOneConversationId,
  robotCallbackData,
  TOPIC_ROBOT,
  unknownUser,
  type PersonMessage,
  type SentFile,
} from './person-message.ts';
import { StreamHub, type StreamEvent, type StreamLink, type StreamOptions } from './stream-hub.ts';
import { StreamTickets } from './stream-tickets.ts';
import { httpModeUrl, outgoingPost, type OutgoingPost } from './outgoing.ts';

/** Journal route ids of Stream traffic (fault rules may name them: a disconnect on stream.callback). */
export const STREAM_ROUTE_IDS = ['stream.connect', 'stream.callback', 'stream.event', 'stream.ack'] as const;

/** Where a reply's sessionWebhook points when the bot is not connected (DingTalk's own host). */
export const DINGTALK_OAPI = 'https://oapi.dingtalk.com';

export interface BotsDeps {
  corpId: string;
  clock: { now(): number };
  journal: Journal;
  apps: { getApp(appKey: string): App | undefined };
  directory: { getUser(userid: string): User | undefined };
  faults: FaultRules;
  /** The tenant's chats, where what people and bots say lands. */
  chats: Chats;
  /** The tenant's media files: what people send to bots, what download URLs serve. */
  media: MediaStore;
}

/** A bot's message in a chat, as the admin API's replies list shows it. */
export interface BotReply {
  id: string;
  robotCode: string;
  conversationId: string;
  msgtype: string;
  raw: unknown;
  content: Content;
  at: Mentions;
  sentAt: number;
}

export interface Delivered {
  /** Whether it went to the bot (a group message without @bot is not pushed). */
  pushed: boolean;
  /** How: over Stream, or POSTed to the bot's message URL (HTTP mode). */
  via?: 'stream' | 'http';
  /** The Stream messageId (headers.messageId), when pushed. */
  messageId?: string;
  conversationId: string;
  /** The person's message in the chat. */
  chatMessageId: string;
  /** The callback's data, as pushed. */
  data?: Record<string, unknown>;
  /** Why it was not pushed. */
  reason?: string;
}

export class Bots {
  readonly tickets = new StreamTickets();
  readonly hub: StreamHub;
  readonly sessions = new BotSessions();
  readonly files = new MessageFiles();
  /** HTTP mode: the transport listens here for each message to POST (events/robot-http-pusher.ts). */
  readonly outgoing = new Set<(post: OutgoingPost) => void>();

  constructor(
    private readonly deps: BotsDeps,
    options: StreamOptions = {},
  ) {
    this.hub = new StreamHub(
      {
        now: () => deps.clock.now(),
        appIdOf: (appKey) => deps.apps.getApp(appKey)?.appId ?? '',
        record: (e) => this.record(e),
        fault: (link: StreamLink, topic, type) => {
          const rule = deps.faults.fire({
            host: 'stream',
            route: type === 'EVENT' ? 'stream.event' : 'stream.callback',
            appKey: link.appKey,
            fields: { topic },
          });
          if (rule?.action.type !== 'disconnect') return undefined;
          return { how: rule.action.drop ? 'drop' : 'system', ruleId: rule.id, reason: rule.action.reason };
        },
      },
      options,
    );
  }

  /** The bot whose robotCode this is: an app of the corp with the robot capability. */
  robot(robotCode: string): App {
    const app = this.deps.apps.getApp(robotCode);
    if (app?.robot) return app;
    throw new DingTalkError(
      'robotCodeNotFound',
      app
        ? because(`应用「${app.name}」没有添加机器人能力`, `app "${app.name}" has no robot capability`)
        : because(
            `组织 ${this.deps.corpId} 没有 robotCode 为 ${robotCode} 的机器人（robotCode 是应用的 AppKey）`,
            `corp ${this.deps.corpId} has no robot with robotCode ${robotCode} (a robotCode is its app's AppKey)`,
          ),
    );
  }

  /**
   * The chat a person's message goes to: their one-to-one chat with the bot (made on first use), or
   * a group the bot is in and the person is a member of.
   */
  chatOf(app: App, sender: User, conversation: PersonMessage['conversation']): Chat {
    const chats = this.deps.chats;
    if (conversation.type === '1') {
      const id = oneToOneConversationId(app.appKey, sender.userid);
      if (conversation.id !== undefined && conversation.id !== id)
        throw new DingTalkError(
          'chatNotFound',
          because(
            `${conversation.id} 不是 ${sender.userid} 与机器人「${app.robot!.name}」的单聊（应为 ${id}）`,
            `${conversation.id} is not ${sender.userid}'s one-to-one chat with bot "${app.robot!.name}" (that is ${id})`,
          ),
        );
      return chats.oneToOne(
        { robotCode: app.appKey, userid: sender.userid, name: app.robot!.name },
        this.deps.clock.now(),
      );
    }
    const chat = conversation.id === undefined ? undefined : chats.get(conversation.id);
    if (!chat || chat.kind !== 'group')
      throw new DingTalkError(
        'chatNotFound',
        because(
          `组织 ${this.deps.corpId} 没有 openConversationId 为 ${conversation.id ?? '（空）'} 的群`,
          `corp ${this.deps.corpId} has no group with openConversationId ${conversation.id ?? '(empty)'}`,
        ),
      );
    if (!chat.robotCodes.includes(app.appKey))
      throw new DingTalkError(
        'robotCodeNotFound',
        because(
          `机器人「${app.robot!.name}」不在群「${chat.name}」中`,
          `bot "${app.robot!.name}" is not in group "${chat.name}"`,
        ),
      );
    if (!chat.memberUserids.includes(sender.userid))
      throw new DingTalkError(
        'notChatMember',
        because(
          `${sender.userid} 不在群「${chat.name}」中`,
          `${sender.userid} is not in group "${chat.name}"`,
        ),
        { variant: 'sender' },
      );
    return chat;
  }

  /**
   * A person writes to the bot: the message lands in the chat, and — one-to-one always, in a group
   * only with @bot — is pushed as the callback on /v1.0/im/bot/messages/get with its own session.
   */
  deliver(robotCode: string, msg: PersonMessage): Delivered {
    const app = this.robot(robotCode);
    const sender = this.deps.directory.getUser(msg.from);
    if (!sender) throw unknownUser(msg.from, 'from');
    const type = msg.conversation.type;
    const chat = this.chatOf(app, sender, msg.conversation);
    const conversationId = chat.openConversationId;
    const now = this.deps.clock.now();
    const file = this.sentFile(robotCode, msg);
    const atBot = type === '2' && msg.atBot !== false;
    const posted = this.deps.chats.post(conversationId, {
      sender: { kind: 'person', userid: sender.userid, name: sender.name },
      msgtype: file ? msg.msgtype! : 'text',
      raw: msg,
      content: file
        ? personFileContent(msg.msgtype!, file)
        : { type: 'text', content: atBot ? `@${app.robot!.name} ${msg.text ?? ''}` : (msg.text ?? '') },
      at: { ...NO_MENTIONS, atUserIds: msg.atUsers ?? [] },
      sentAt: now,
    });
    if (type === '2' && !atBot) {
      return {
        pushed: false,
        conversationId,
        chatMessageId: posted.id,
        reason: '群消息没有 @机器人，不推送 (a group message that does not @ the bot is not pushed)',
      };
    }
    const session = this.sessions.open(
      { robotCode, conversationId, conversationType: type, senderStaffId: sender.userid },
      now,
    );
    const base = this.hub.oapiBaseFor(app.appKey, TOPIC_ROBOT) ?? DINGTALK_OAPI;
    const data = robotCallbackData({
      robot: { robotCode, corpId: this.deps.corpId },
      sender,
      msg: { ...msg, conversationId, conversation: { ...msg.conversation, title: chat.name } },
      session: {
        url: `${base}/robot/sendBySession?session=${session.session}`,
        createdAt: session.createdAt,
        expiresAt: session.expiresAt,
      },
      directory: this.deps.directory,
      ...(file && { file }),
    });
    // What emotion/reply names the message by (openMsgId).
    posted.openMsgId = String(data.msgId);
    const url = httpModeUrl(app);
    if (url) {
      const post = outgoingPost(app, url, data, { now, conversationId, chatMessageId: posted.id });
      for (const send of this.outgoing) send(post);
      return { pushed: true, via: 'http', conversationId, chatMessageId: posted.id, data };
    }
    const messageId = this.hub.publish(app.appKey, TOPIC_ROBOT, data);
    return { pushed: true, via: 'stream', messageId, conversationId, chatMessageId: posted.id, data };
  }

  /** A file message's file: the media must exist; each send gets its own download codes. */
  private sentFile(robotCode: string, msg: PersonMessage): SentFile | undefined {
    const msgtype = msg.msgtype ?? 'text';
    if (msgtype === 'text') return undefined;
    const media = msg.mediaId === undefined ? undefined : this.deps.media.get(msg.mediaId);
    if (!media)
      throw new DingTalkError(
        'mediaIdInvalid',
        because(
          `${msgtype} 消息需要 mediaId：本组织上传的媒体文件（收到 ${msg.mediaId ?? '（没有）'}）`,
          `a ${msgtype} message needs mediaId, a media file of this corp (got ${msg.mediaId ?? '(none)'})`,
        ),
        { param: 'mediaId' },
      );
    return {
      downloadCode: this.files.issue(robotCode, media.mediaId),
      ...(msgtype === 'picture' && { pictureDownloadCode: this.files.issue(robotCode, media.mediaId) }),
      mediaId: media.mediaId,
      fileName: media.fileName,
      extension: media.extension,
    };
  }

  /** 下载机器人接收消息的文件内容: a downloadCode of this bot's → a URL token (DOWNLOAD_URL_TTL_MS). */
  download(downloadCode: string, robotCode: string): FileUrl {
    return this.files.download(downloadCode, robotCode, this.deps.clock.now());
  }

  /**
   * The bot replies through a message's sessionWebhook (POST /robot/sendBySession?session=): the
   * session must be one this sandbox pushed and unexpired (300001 otherwise), the body a robot
   * message, and the conversation under its 20 a minute. The reply is a message of the chat.
   */
  reply(session: string, body: Record<string, unknown>): ChatMessage {
    const now = this.deps.clock.now();
    const found = this.sessions.find(session, now);
    if (!found.ok) throw new DingTalkError('sessionNotFound', found.why);
    const s = found.session;
    if (!this.deps.chats.get(s.conversationId))
      throw new DingTalkError(
        'sessionNotFound',
        because(`会话 ${s.conversationId} 已不存在`, `conversation ${s.conversationId} is gone`),
      );
    return this.postReply(s.robotCode, s.conversationId, body, now);
  }

  /**
   * HTTP mode: the answer to a POST is itself a message (the legacy outgoing robot's reply, U) — it
   * lands in the conversation as a reply would, under the same 20 a minute. Throws when it is not a
   * robot message (the transport journals why).
   */
  replyInAnswer(robotCode: string, conversationId: string, body: Record<string, unknown>): ChatMessage {
    if (!this.deps.chats.get(conversationId))
      throw new DingTalkError(
        'sessionNotFound',
        because(`会话 ${conversationId} 已不存在`, `conversation ${conversationId} is gone`),
      );
    return this.postReply(robotCode, conversationId, body, this.deps.clock.now());
  }

  private postReply(
    robotCode: string,
    conversationId: string,
    body: Record<string, unknown>,
    now: number,
  ): ChatMessage {
    const parsed = parseRobotWebhookBody(body);
    this.sessions.admit(conversationId, now);
    const app = this.deps.apps.getApp(robotCode);
    return this.deps.chats.post(conversationId, {
      sender: { kind: 'appRobot', appKey: robotCode, name: app?.robot?.name ?? app?.name ?? robotCode },
      msgtype: parsed.msgtype,
      raw: body,
      content: parsed.content,
      at: parsed.at,
      sentAt: now,
    });
  }

  /** What a bot said in a conversation (its replies and cards), oldest first; optionally one bot's. */
  replies(conversationId: string, robotCode?: string): BotReply[] {
    return this.deps.chats.messagesOf(conversationId).flatMap((m) =>
      m.sender.kind === 'appRobot' && (robotCode === undefined || m.sender.appKey === robotCode)
        ? [
            {
              id: m.id,
              robotCode: m.sender.appKey,
              conversationId,
              msgtype: m.msgtype,
              raw: m.raw,
              content: m.content,
              at: m.at,
              sentAt: m.sentAt,
            },
          ]
        : [],
    );
  }

  /** The robotCode of the session, for the journal (undefined when unknown). */
  sessionOwner(session: string): string | undefined {
    const found = this.sessions.find(session, Number.NEGATIVE_INFINITY);
    return found.ok ? found.session.robotCode : undefined;
  }

  /** Every connection closed (the tenant is removed). */
  detach(): void {
    this.hub.closeAll();
  }

  /** A Stream event in the tenant's journal: route stream.*, host `stream`. */
  record(e: StreamEvent): void {
    const route =
      e.kind === 'ack' || e.kind === 'duplicateAck' || e.kind === 'unknownAck' || e.kind === 'eventLater'
        ? 'stream.ack'
        : e.frame === 'EVENT'
          ? 'stream.event'
          : e.kind === 'push' ||
              e.kind === 'repush' ||
              e.kind === 'queued' ||
              e.kind === 'queueFull' ||
              e.kind === 'giveUp'
            ? 'stream.callback'
            : 'stream.connect';
    const what = [
      e.kind,
      e.topic,
      e.detail,
      e.messageId && `messageId=${e.messageId}`,
      e.connectionId && `connectionId=${e.connectionId}`,
    ]
      .filter(Boolean)
      .join(' ');
    this.deps.journal.record({
      at: this.deps.clock.now(),
      requestId: newRequestId(),
      host: 'stream',
      method: 'WS',
      path: what,
      route,
      status: e.ok ? 200 : (STATUS[e.kind] ?? 400),
      outcome: e.ok ? 'ok' : 'refused',
      ...(e.ok ? {} : { code: e.kind }),
      reason: e.reason.en,
      reasonZh: e.reason.zh,
      appKey: e.appKey,
      durationMs: 0,
    });
  }
}

const STATUS: Partial<Record<StreamEvent['kind'], number>> = {
  unknownAck: 404,
  duplicateAck: 409,
  giveUp: 410,
  queueFull: 507,
  badFrame: 400,
  eventLater: 503,
  eventTimeout: 504,
  eventLost: 502,
};

/** How a person's file shows in the chat (the console renders image, file and voice contents). */
function personFileContent(msgtype: string, f: SentFile): Content {
  if (msgtype === 'picture') return { type: 'image', mediaId: f.mediaId, url: '' };
  if (msgtype === 'audio') return { type: 'voice', mediaId: f.mediaId, duration: 0 };
  return { type: 'file', mediaId: f.mediaId, fileName: f.fileName, fileType: f.extension };
}
