/**
 * A tenant's chats (会话, docs/dingtalk/messaging.md#group-chats): who is in them and what was said
 * there. A group chat (群会话) has two names — `chatid` (chat…, the legacy /chat/* API's) and
 * `openConversationId` (cid…==, the robot and new APIs') — an owner, member users, the app bots
 * (robotCodes) added to it, settings, and a message list. A one-to-one chat (kind `oto`) is between
 * one person and one bot: its openConversationId is the conversationId the bot's callbacks carry.
 * Custom robots (../messaging/robots.ts), apps (/chat/send), people (the console's chat page, the
 * admin API) and bots (sessionWebhook replies, cards) all post here. Each chat keeps its last
 * `chatLimit` messages (a ring), so memory stays flat.
 */
import { createHash } from 'node:crypto';
import { newOpenConversationId } from '../ids.ts';
import type { Content, Mentions } from '../messaging/message-content.ts';

/** The group's settings as /chat/create takes them (0 or 1 each; absent means 0). */
export interface ChatSettings {
  /** 新成员是否可查看100条历史消息: 1 can, 0 cannot. */
  showHistoryType: number;
  /** 群可搜索: 1 yes. */
  searchable: number;
  /** 入群需群主或群管理员同意: 1 yes. */
  validationType: number;
  /** @all 权限: 0 everyone, 1 only the owner. */
  mentionAllAuthority: number;
  /** 管理类型: 0 everyone may manage, 1 only the owner. */
  managementType: number;
  /** 群禁言: 1 everyone but the owner is muted. */
  chatBannedType: number;
}

export const DEFAULT_CHAT_SETTINGS: Readonly<ChatSettings> = {
  showHistoryType: 0,
  searchable: 0,
  validationType: 0,
  mentionAllAuthority: 0,
  managementType: 0,
  chatBannedType: 0,
};

export interface ChatConfig {
  /** `group` (群会话, the default) or `oto`: one person and one bot (人与机器人的单聊). */
  kind?: 'group' | 'oto';
  /** openConversationId (cid…==), what the robot API names a group by. */
  openConversationId: string;
  /** chatid (chat + 32 hex), what /chat/send and /chat/get name it by; derived when a snapshot has none. */
  chatid?: string;
  name: string;
  ownerUserid: string;
  memberUserids: string[];
  /** The app bots in it, by robotCode (= AppKey); a one-to-one chat has exactly one. */
  robotCodes?: string[];
  settings?: ChatSettings;
  /** 群类型 conversationTag: 2 an internal (企业) group, the kind /chat/create makes. */
  conversationTag?: number;
  /** The app that created it through /chat/create (absent for seeded or console-made chats). */
  createdByAppKey?: string;
  /** Tenant clock ms (absent in older snapshots). */
  createdAt?: number;
}

/** A chat as the sandbox holds it: every optional part filled in. */
export type Chat = Required<Omit<ChatConfig, 'createdByAppKey'>> & Pick<ChatConfig, 'createdByAppKey'>;

/** Who said it: a person of the group, an app (/chat/send), a custom robot, an app's robot. */
export type ChatSender =
  | { kind: 'person'; userid: string; name: string }
  | { kind: 'app'; appKey: string; agentId: number; name: string }
  | { kind: 'robot'; robotId: string; name: string }
  | { kind: 'appRobot'; appKey: string; name: string };

export interface ChatMessage {
  id: string;
  sender: ChatSender;
  msgtype: string;
  raw: unknown;
  content: Content;
  at: Mentions;
  sentAt: number;
  /** When someone opened the chat in the console after it arrived. */
  readAt: number | null;
  /** processQueryKey of an enterprise robot's group message. */
  processQueryKey?: string;
  /** A person's message to a bot: the callback's msgId (what emotion/reply names as openMsgId). */
  openMsgId?: string;
  /** When the sender recalled it (撤回, tenant clock ms); the chat shows it as recalled. */
  recalledAt?: number;
  /** Bots' reactions on it (机器人贴表情, POST /v1.0/robot/emotion/reply), in the order put on. */
  reactions?: Reaction[];
}

/** A bot's reaction on a message: its robotCode and the emotion's name (e.g. 🤔思考中). */
export interface Reaction {
  robotCode: string;
  emotionName: string;
  emotionType: number;
  at: number;
}

export interface ChatOptions {
  /** Messages kept per chat (oldest dropped first; default 200). */
  chatLimit?: number;
}

/** Chat histories as JSON (the robots' throttling state rides along, see Robots). */
export interface ChatMessagesSnapshot {
  msgSeq: number;
  messages: [string, ChatMessage[]][];
}

/** chatid for an openConversationId: stable, so a restored snapshot keeps its chatids (U: shape). */
export const chatidFor = (openConversationId: string): string =>
  `chat${createHash('md5').update(openConversationId).digest('hex')}`;

/** The one-to-one chat between a person and a bot: the same id every time (U: shape). */
export function oneToOneChatId(robotCode: string, userid: string): string {
  const digest = createHash('sha256').update(`oto:${robotCode}:${userid}`).digest('base64');
  return `cid${digest.slice(0, 22)}==`;
}

export const NO_MENTIONS: Mentions = { atMobiles: [], atUserIds: [], isAtAll: false };

export class Chats {
  private readonly chats = new Map<string, Chat>();
  private readonly byChatid = new Map<string, string>();
  private readonly messages = new Map<string, ChatMessage[]>();
  private msgSeq = 0;
  readonly chatLimit: number;

  constructor(options: ChatOptions = {}) {
    this.chatLimit = options.chatLimit ?? 200;
  }

  add(input: ChatConfig | (Partial<ChatConfig> & { name: string }), now = 0): Chat {
    const openConversationId = input.openConversationId ?? newOpenConversationId();
    const chat: Chat = {
      kind: input.kind ?? 'group',
      openConversationId,
      chatid: input.chatid ?? chatidFor(openConversationId),
      name: input.name,
      ownerUserid: input.ownerUserid ?? '',
      memberUserids: [...new Set(input.memberUserids ?? [])],
      robotCodes: [...new Set(input.robotCodes ?? [])],
      settings: { ...DEFAULT_CHAT_SETTINGS, ...input.settings },
      conversationTag: input.conversationTag ?? 2,
      createdAt: input.createdAt ?? now,
      ...(input.createdByAppKey ? { createdByAppKey: input.createdByAppKey } : {}),
    };
    if (this.chats.has(openConversationId)) throw new Error(`chat ${openConversationId} exists`);
    if (this.byChatid.has(chat.chatid)) throw new Error(`chat ${chat.chatid} exists`);
    this.chats.set(openConversationId, chat);
    this.byChatid.set(chat.chatid, openConversationId);
    this.messages.set(openConversationId, []);
    return chat;
  }

  /** By openConversationId. */
  get(openConversationId: string): Chat | undefined {
    return this.chats.get(openConversationId);
  }

  /** By chatid. */
  byId(chatid: string): Chat | undefined {
    const id = this.byChatid.get(chatid);
    return id === undefined ? undefined : this.chats.get(id);
  }

  list(): Chat[] {
    return [...this.chats.values()];
  }

  /** The chats a bot is in (groups it was added to, its one-to-one chats). */
  withRobot(robotCode: string): Chat[] {
    return this.list().filter((c) => c.robotCodes.includes(robotCode));
  }

  /** The one-to-one chat of a person and a bot, made the first time either writes (named for the bot). */
  oneToOne(to: { robotCode: string; userid: string; name: string }, now: number): Chat {
    const id = oneToOneChatId(to.robotCode, to.userid);
    return (
      this.chats.get(id) ??
      this.add(
        {
          kind: 'oto',
          openConversationId: id,
          name: to.name,
          ownerUserid: to.userid,
          memberUserids: [to.userid],
          robotCodes: [to.robotCode],
          conversationTag: 0,
        },
        now,
      )
    );
  }

  post(openConversationId: string, message: Omit<ChatMessage, 'id' | 'readAt'>): ChatMessage {
    const list = this.messages.get(openConversationId);
    if (!list) throw new Error(`no chat ${openConversationId}`);
    const full: ChatMessage = {
      ...message,
      id: `msg${(++this.msgSeq).toString(36).padStart(6, '0')}`,
      readAt: null,
    };
    list.push(full);
    if (list.length > this.chatLimit) list.splice(0, list.length - this.chatLimit);
    return full;
  }

  /** A message of the chat by id, callback msgId (openMsgId) or processQueryKey. */
  find(
    openConversationId: string,
    by: { openMsgId: string } | { processQueryKey: string },
  ): ChatMessage | undefined {
    const list = this.messages.get(openConversationId) ?? [];
    return 'openMsgId' in by
      ? list.find((m) => m.openMsgId === by.openMsgId)
      : list.find((m) => m.processQueryKey === by.processQueryKey);
  }

  /** A chat's messages, oldest first. */
  messagesOf(openConversationId: string): ChatMessage[] {
    return [...(this.messages.get(openConversationId) ?? [])];
  }

  /** Opening the chat marks what is in it read. */
  markRead(openConversationId: string, now: number): number {
    let n = 0;
    for (const m of this.messages.get(openConversationId) ?? []) {
      if (m.readAt === null) {
        m.readAt = now;
        n++;
      }
    }
    return n;
  }

  messagesSnapshot(): ChatMessagesSnapshot {
    return {
      msgSeq: this.msgSeq,
      messages: [...this.messages].map(([id, list]) => [id, structuredClone(list)]),
    };
  }

  restoreMessages(snap: ChatMessagesSnapshot): void {
    this.msgSeq = snap.msgSeq;
    for (const [id, list] of snap.messages)
      if (this.chats.has(id)) this.messages.set(id, structuredClone(list));
  }
}
