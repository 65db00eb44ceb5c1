/**
 * The custom robots (自定义机器人) that post into group chats through a webhook
 * (docs/dingtalk/robots.md). A robot has an access token (its webhook URL), and the security settings
 * the group's admin chose: a signing secret (加签, `SEC…`), keywords (自定义关键词), an IP list.
 * The chats themselves, and what is said in them, are ../chats/chats.ts.
 */
import { ipInList } from '../apps/apps.ts';
import type { Chats, ChatMessagesSnapshot } from '../chats/chats.ts';
import { because, DingTalkError } from '../errors.ts';
import { newRobotSecret, newRobotToken } from '../ids.ts';
import { checkRobotSignature } from '../signatures/robot.ts';
import { allText, type Content } from './message-content.ts';

export type { ChatConfig, ChatMessage, ChatSender } from '../chats/chats.ts';

export interface RobotConfig {
  /** The sandbox's own id for the robot (DingTalk shows none). */
  id: string;
  name: string;
  /** The group it posts into. */
  openConversationId: string;
  /** The webhook's access_token. */
  accessToken: string;
  /** 加签 secret (`SEC…`), or '' when the robot does not sign. */
  secret: string;
  /** 自定义关键词: a message must contain at least one (when any are set). */
  keywords: string[];
  /** IP地址（段）: empty means no restriction. */
  ipAllowList: string[];
  createdAt: number;
}

/** 每个机器人每分钟最多发送20条消息 (C: robot send doc). */
export const ROBOT_PER_MINUTE = 20;
/** 如果超过20条，会限流10分钟 (C: robot send doc). */
export const ROBOT_PENALTY_MS = 10 * 60_000;

export interface RobotOptions {
  /** How long a robot stays throttled after its 21st message in a minute (default 10 min). */
  penaltyMs?: number;
}

export interface RobotHooks {
  robotAdded(accessToken: string): void;
  robotRemoved(accessToken: string): void;
}

export interface CallerInput {
  timestamp: string | undefined;
  sign: string | undefined;
  ip: string;
}

/** Chat histories (../chats/chats.ts) and robot throttling state, as JSON. */
export interface ChatHistorySnapshot extends ChatMessagesSnapshot {
  recent: [string, number[]][];
  throttledUntil: [string, number][];
}

export class Robots {
  private readonly robots = new Map<string, RobotConfig>();
  private readonly recent = new Map<string, number[]>();
  private readonly throttledUntil = new Map<string, number>();
  readonly penaltyMs: number;

  constructor(
    private readonly hooks: RobotHooks,
    private readonly chats: Chats,
    options: RobotOptions = {},
  ) {
    this.penaltyMs = options.penaltyMs ?? ROBOT_PENALTY_MS;
  }

  historySnapshot(): ChatHistorySnapshot {
    return {
      ...this.chats.messagesSnapshot(),
      recent: [...this.recent].map(([id, times]) => [id, [...times]]),
      throttledUntil: [...this.throttledUntil],
    };
  }

  restoreHistory(snap: ChatHistorySnapshot): void {
    this.chats.restoreMessages(snap);
    for (const [id, times] of snap.recent) this.recent.set(id, [...times]);
    for (const [id, until] of snap.throttledUntil) this.throttledUntil.set(id, until);
  }

  // ---- robots ----

  addRobot(
    input: Partial<RobotConfig> & { name: string; openConversationId: string },
    now: number,
  ): RobotConfig {
    if (!this.chats.get(input.openConversationId)) throw new Error(`no chat ${input.openConversationId}`);
    const robot: RobotConfig = {
      id: input.id ?? `robot${this.robots.size + 1}`,
      name: input.name,
      openConversationId: input.openConversationId,
      accessToken: input.accessToken ?? newRobotToken(),
      secret: input.secret ?? '',
      keywords: [...(input.keywords ?? [])],
      ipAllowList: [...(input.ipAllowList ?? [])],
      createdAt: input.createdAt ?? now,
    };
    if (this.robots.has(robot.id)) throw new Error(`robot ${robot.id} exists`);
    this.hooks.robotAdded(robot.accessToken);
    this.robots.set(robot.id, robot);
    return robot;
  }

  getRobot(id: string): RobotConfig | undefined {
    return this.robots.get(id);
  }

  findByToken(accessToken: string): RobotConfig | undefined {
    for (const r of this.robots.values()) if (r.accessToken === accessToken) return r;
    return undefined;
  }

  listRobots(): RobotConfig[] {
    return [...this.robots.values()];
  }

  removeRobot(id: string): void {
    const r = this.robots.get(id);
    if (!r) throw new Error(`no robot ${id}`);
    this.robots.delete(id);
    this.hooks.robotRemoved(r.accessToken);
  }

  /** A new signing secret (重置加签). */
  static newSecret(): string {
    return newRobotSecret();
  }

  detach(): void {
    for (const r of this.robots.values()) this.hooks.robotRemoved(r.accessToken);
  }

  // ---- the webhook's checks, in the order DingTalk answers them (U: order) ----

  /** 加签 (signatures/robot.ts) and IP list (before the body is read); throws 310000 with DingTalk's text. */
  checkCaller(robot: RobotConfig, input: CallerInput, now: number): void {
    if (robot.secret) checkRobotSignature(robot, input, now);
    if (robot.ipAllowList.length > 0 && !ipInList(robot.ipAllowList, input.ip)) {
      throw new DingTalkError(
        'robotSecurity',
        because(
          `调用方 IP ${input.ip} 不在机器人「${robot.name}」的 IP 地址（段）内（${robot.ipAllowList.join('、')}）`,
          `caller ${input.ip} is not in robot "${robot.name}"'s IP list (${robot.ipAllowList.join(', ')})`,
        ),
        { variant: 'ip', ip: input.ip },
      );
    }
  }

  /** 自定义关键词: the message must contain one of them (any of its texts, U: which fields count). */
  checkKeywords(robot: RobotConfig, content: Content): void {
    if (robot.keywords.length > 0) {
      const text = allText(content);
      if (!robot.keywords.some((k) => text.includes(k))) {
        throw new DingTalkError(
          'robotSecurity',
          because(
            `消息中不含机器人「${robot.name}」的任何自定义关键词（${robot.keywords.join('、')}）`,
            `the message contains none of robot "${robot.name}"'s keywords (${robot.keywords.join(', ')})`,
          ),
          { variant: 'keywords' },
        );
      }
    }
  }

  /** 20 messages a minute; the 21st throttles the robot for `penaltyMs` (tenant clock). */
  admit(robot: RobotConfig, now: number): void {
    const until = this.throttledUntil.get(robot.id) ?? 0;
    if (until > now) {
      throw new DingTalkError(
        'robotRateLimited',
        because(
          `机器人「${robot.name}」一分钟内发送超过 ${ROBOT_PER_MINUTE} 条，被限流，还需 ${Math.ceil((until - now) / 1000)} 秒`,
          `robot "${robot.name}" is throttled for another ${Math.ceil((until - now) / 1000)} s after sending more than ${ROBOT_PER_MINUTE} messages in a minute`,
        ),
      );
    }
    const recent = (this.recent.get(robot.id) ?? []).filter((t) => t > now - 60_000);
    if (recent.length >= ROBOT_PER_MINUTE) {
      this.recent.set(robot.id, recent);
      if (this.penaltyMs > 0) this.throttledUntil.set(robot.id, now + this.penaltyMs);
      throw new DingTalkError(
        'robotRateLimited',
        because(
          `机器人「${robot.name}」最近一分钟已发送 ${recent.length} 条（上限 ${ROBOT_PER_MINUTE} 条）`,
          `robot "${robot.name}" already sent ${recent.length} messages in the last minute (limit ${ROBOT_PER_MINUTE})`,
        ),
      );
    }
    recent.push(now);
    this.recent.set(robot.id, recent);
  }
}
