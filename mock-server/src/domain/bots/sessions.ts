/**
 * What a bot's replies go through (docs/dingtalk/stream.md): every pushed message carries its own
 * `sessionWebhook` (`/robot/sendBySession?session=…`) valid until `sessionWebhookExpiredTime` — 90
 * minutes after the message on the tenant's clock (C: every sample) — and a reply through it lands in
 * the message's chat (../chats/chats.ts: the group, or the person's one-to-one chat with the bot).
 * Replies are throttled at 20 a minute per conversation (U: by analogy with the custom robot's
 * limit). Bounded: sessions and the conversations whose recent replies are counted.
 */
import { randomBytes } from 'node:crypto';
import { because, DingTalkError, type Reason } from '../errors.ts';

export const SESSION_TTL_MS = 90 * 60_000;
export const REPLIES_PER_MINUTE = 20;

export interface BotSession {
  session: string;
  robotCode: string;
  conversationId: string;
  conversationType: '1' | '2';
  /** The person whose message opened it. */
  senderStaffId: string;
  createdAt: number;
  expiresAt: number;
}

export interface SessionLimits {
  sessions?: number;
  /** Conversations whose last minute of replies is remembered. */
  conversations?: number;
}

export class BotSessions {
  private readonly sessions = new Map<string, BotSession>();
  private readonly recent = new Map<string, number[]>();
  private readonly limits: Required<SessionLimits>;

  constructor(limits: SessionLimits = {}) {
    this.limits = { sessions: 10_000, conversations: 1_000, ...limits };
  }

  /** Sessions held (at most `limits.sessions`). */
  get size(): number {
    return this.sessions.size;
  }

  /** A session for one pushed message. */
  open(input: Omit<BotSession, 'session' | 'createdAt' | 'expiresAt'>, now: number): BotSession {
    // Oldest first, and every session lives SESSION_TTL_MS: the expired ones are at the front, so
    // pruning stops at the first live one (a scan of all 10,000 on every push cost ~2 ms; the bench).
    for (const [k, s] of this.sessions) {
      if (s.expiresAt > now) break;
      this.sessions.delete(k);
    }
    while (this.sessions.size >= this.limits.sessions)
      this.sessions.delete(this.sessions.keys().next().value!);
    const s: BotSession = {
      ...input,
      session: randomBytes(16).toString('hex'),
      createdAt: now,
      expiresAt: now + SESSION_TTL_MS,
    };
    this.sessions.set(s.session, s);
    return s;
  }

  /** The session a sendBySession call names, or why there is none (300001 session 不存在). */
  find(session: string, now: number): { ok: true; session: BotSession } | { ok: false; why: Reason } {
    const s = this.sessions.get(session);
    if (!s)
      return {
        ok: false,
        why: because(
          `session ${session || '（空）'} 不是本沙箱推送的消息的 sessionWebhook`,
          `session ${session || '(empty)'} is no sessionWebhook of a message this sandbox pushed`,
        ),
      };
    if (now >= s.expiresAt) {
      const ago = Math.round((now - s.expiresAt) / 1000);
      return {
        ok: false,
        why: because(
          `sessionWebhook 已于 ${ago} 秒前过期（sessionWebhookExpiredTime，按组织时钟）`,
          `the sessionWebhook expired ${ago} s ago (sessionWebhookExpiredTime, on the tenant's clock)`,
        ),
      };
    }
    return { ok: true, session: s };
  }

  /** 20 replies a minute per conversation (a sliding minute); the 21st is refused. */
  admit(conversationId: string, now: number): void {
    const recent = (this.recent.get(conversationId) ?? []).filter((t) => t > now - 60_000);
    this.recent.delete(conversationId);
    while (this.recent.size >= this.limits.conversations)
      this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(conversationId, recent);
    if (recent.length >= REPLIES_PER_MINUTE) {
      const wait = Math.ceil((recent[0]! + 60_000 - now) / 1000);
      throw new DingTalkError(
        'robotRateLimited',
        because(
          `会话 ${conversationId} 最近一分钟已回复 ${recent.length} 条（上限 ${REPLIES_PER_MINUTE} 条），${wait} 秒后可再发`,
          `conversation ${conversationId} already got ${recent.length} replies in the last minute (limit ${REPLIES_PER_MINUTE}); again in ${wait} s`,
        ),
      );
    }
    recent.push(now);
  }
}
