/**
 * A tenant's bots (机器人 on internal apps, docs/dingtalk/stream.md): the Stream gateway's tickets,
 * the connections and what is pushed over them (StreamHub), and the conversations replies go to.
 * An app is a bot when it has the robot capability (`app.robot`); its robotCode is its AppKey (C).
 */
import type { App } from '../apps/apps.ts';
import type { User } from '../directory/directory.ts';
import { because, DingTalkError } from '../errors.ts';
import { newRequestId } from '../ids.ts';
import type { Journal } from '../journal/journal.ts';
import { parseRobotWebhookBody } from '../messaging/robot-message.ts';
import type { FaultRules } from '../../faults/engine.ts';
import { BotConversations, type BotReply } from './conversations.ts';
import {
  oneToOneConversationId,
  robotCallbackData,
  TOPIC_ROBOT,
  unknownUser,
  type PersonMessage,
} from './person-message.ts';
import { StreamHub, type StreamEvent, type StreamLink, type StreamOptions } from './stream-hub.ts';
import { StreamTickets } from './stream-tickets.ts';

/** Journal route ids of Stream traffic (fault rules may name them: a disconnect on stream.callback). */
export const STREAM_ROUTE_IDS = ['stream.connect', 'stream.callback', 'stream.ack'] as const;

/** Where a reply's sessionWebhook points when the bot is not connected (DingTalk's own host). */
export const DINGTALK_OAPI = 'https://oapi.dingtalk.com';

export interface BotsDeps {
  corpId: string;
  clock: { now(): number };
  journal: Journal;
  apps: { getApp(appKey: string): App | undefined };
  directory: { getUser(userid: string): User | undefined };
  faults: FaultRules;
}

export interface Delivered {
  /** Whether it went to the bot (a group message without @bot is not pushed). */
  pushed: boolean;
  /** The Stream messageId (headers.messageId), when pushed. */
  messageId?: string;
  conversationId: string;
  /** The callback's data, as pushed. */
  data?: Record<string, unknown>;
  /** Why it was not pushed. */
  reason?: string;
}

export class Bots {
  readonly tickets = new StreamTickets();
  readonly hub: StreamHub;
  readonly conversations = new BotConversations();

  constructor(
    private readonly deps: BotsDeps,
    options: StreamOptions = {},
  ) {
    this.hub = new StreamHub(
      {
        now: () => deps.clock.now(),
        appIdOf: (appKey) => deps.apps.getApp(appKey)?.appId ?? '',
        record: (e) => this.record(e),
        fault: (link: StreamLink, topic) => {
          const rule = deps.faults.fire({
            host: 'stream',
            route: 'stream.callback',
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

  /** A person writes to the bot: the callback on /v1.0/im/bot/messages/get, with its own session. */
  deliver(robotCode: string, msg: PersonMessage): Delivered {
    const app = this.robot(robotCode);
    const sender = this.deps.directory.getUser(msg.from);
    if (!sender) throw unknownUser(msg.from, 'from');
    const type = msg.conversation.type;
    const conversationId = msg.conversation.id || oneToOneConversationId(robotCode, sender.userid);
    if (type === '2' && msg.atBot === false) {
      return {
        pushed: false,
        conversationId,
        reason: '群消息没有 @机器人，不推送 (a group message that does not @ the bot is not pushed)',
      };
    }
    const now = this.deps.clock.now();
    const session = this.conversations.open(
      { robotCode, conversationId, conversationType: type, senderStaffId: sender.userid },
      now,
    );
    const base = this.hub.oapiBaseFor(app.appKey, TOPIC_ROBOT) ?? DINGTALK_OAPI;
    const data = robotCallbackData({
      robot: { robotCode, corpId: this.deps.corpId },
      sender,
      msg: { ...msg, conversationId },
      session: {
        url: `${base}/robot/sendBySession?session=${session.session}`,
        createdAt: session.createdAt,
        expiresAt: session.expiresAt,
      },
      directory: this.deps.directory,
    });
    const messageId = this.hub.publish(app.appKey, TOPIC_ROBOT, data);
    return { pushed: true, messageId, conversationId, data };
  }

  /**
   * The bot replies through a message's sessionWebhook (POST /robot/sendBySession?session=): the
   * session must be one this sandbox pushed and unexpired (300001 otherwise), the body a robot
   * message, and the conversation under its 20 a minute.
   */
  reply(session: string, body: Record<string, unknown>): BotReply {
    const now = this.deps.clock.now();
    const found = this.conversations.find(session, now);
    if (!found.ok) throw new DingTalkError('sessionNotFound', found.why);
    const parsed = parseRobotWebhookBody(body);
    const s = found.session;
    this.conversations.admit(s.conversationId, now);
    return this.conversations.reply({
      robotCode: s.robotCode,
      conversationId: s.conversationId,
      msgtype: parsed.msgtype,
      raw: body,
      content: parsed.content,
      at: parsed.at,
      sentAt: now,
    });
  }

  /** The robotCode of the session, for the journal (undefined when unknown). */
  sessionOwner(session: string): string | undefined {
    const found = this.conversations.find(session, Number.NEGATIVE_INFINITY);
    return found.ok ? found.session.robotCode : undefined;
  }

  /** Every connection closed (the tenant is removed). */
  detach(): void {
    this.hub.closeAll();
  }

  /** A Stream event in the tenant's journal: route stream.*, host `stream`. */
  record(e: StreamEvent): void {
    const route =
      e.kind === 'ack' || e.kind === 'duplicateAck' || e.kind === 'unknownAck'
        ? 'stream.ack'
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
};
