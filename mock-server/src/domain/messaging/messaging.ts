/**
 * A tenant's messaging: work notifications (工作通知) and enterprise robot messages into people's
 * inboxes (Mailbox), group chats (Chats) and the custom robots posting into them (Robots), and the
 * flow control DingTalk applies.
 * Recipient lists are resolved here the way DingTalk does: departments expand to every member of
 * every sub-department; unknown or resigned users are invalid; users outside the app's visible
 * range are left out (forbidden_user_id_list, U); flow-controlled users land in forbidden_list.
 */
import { isVisibleTo, type App } from '../apps/apps.ts';
import { Chats, type ChatConfig, type ChatOptions } from '../chats/chats.ts';
import type { Directory } from '../directory/directory.ts';
import { FlowControl, type FlowControlSnapshot } from './flow-control.ts';
import { newProcessQueryKey, newTaskIdBase } from '../ids.ts';
import {
  Mailbox,
  type Delivery,
  type ForbiddenEntry,
  type MailboxOptions,
  type MailboxSnapshot,
} from './mailbox.ts';
import type { Content } from './message-content.ts';
import {
  Robots,
  type ChatHistorySnapshot,
  type RobotConfig,
  type RobotHooks,
  type RobotOptions,
} from './robots.ts';
import type { ParsedWorkMessage } from './work-message.ts';

export interface MessagingOptions extends MailboxOptions, RobotOptions, ChatOptions {
  /** Messages per user per day per app before 143105 (default 500). */
  dailyCap?: number;
}

export interface MessagingSnapshot {
  chats: ChatConfig[];
  robots: RobotConfig[];
  /** What was sent and who read it (absent in configuration-only snapshots). */
  messages?: {
    nextTaskId: number;
    mailbox: MailboxSnapshot;
    chatHistory: ChatHistorySnapshot;
    flow: FlowControlSnapshot;
  };
}

export interface WorkNoticeRequest {
  useridList: string[];
  deptIdList: number[];
  toAllUser: boolean;
  msg: ParsedWorkMessage;
}

/** The work-notice limits of the legacy Java SDK (C: checkMaxListSize 5000 / 500). */
export const MAX_USERIDS_PER_SEND = 5000;
export const MAX_DEPTS_PER_SEND = 500;
/** 接收消息的用户userId列表，每次最多传20个 (C: oToMessages/batchSend doc). */
export const MAX_ROBOT_OTO_USERS = 20;

/** An enterprise robot's one-to-one message (批量发送人与机器人会话中机器人消息) to `userIds`. */
export interface RobotOtoRequest {
  userIds: string[];
  msgKey: string;
  /** msgParam as sent, parsed. */
  raw: unknown;
  content: Content;
}

export class Messaging {
  readonly mailbox: Mailbox;
  readonly flow: FlowControl;
  readonly chats: Chats;
  readonly robots: Robots;
  private nextTaskId = newTaskIdBase();

  constructor(hooks: RobotHooks, options: MessagingOptions = {}) {
    this.mailbox = new Mailbox(options);
    this.flow = new FlowControl(options.dailyCap);
    this.chats = new Chats(options);
    this.robots = new Robots(hooks, this.chats, options);
  }

  restore(snapshot: Partial<MessagingSnapshot>, now: number): void {
    for (const c of snapshot.chats ?? []) this.chats.add(structuredClone(c), now);
    for (const r of snapshot.robots ?? []) this.robots.addRobot(structuredClone(r), now);
    const m = snapshot.messages;
    if (m) {
      this.nextTaskId = m.nextTaskId;
      this.mailbox.restore(m.mailbox);
      this.robots.restoreHistory(m.chatHistory);
      this.flow.restore(m.flow);
    }
  }

  toSnapshot(): MessagingSnapshot {
    return {
      chats: this.chats.list().map((c) => structuredClone(c)),
      robots: this.robots.listRobots().map((r) => structuredClone(r)),
      messages: {
        nextTaskId: this.nextTaskId,
        mailbox: this.mailbox.toSnapshot(),
        chatHistory: this.robots.historySnapshot(),
        flow: this.flow.toSnapshot(),
      },
    };
  }

  /** 发送工作通知: resolve recipients, apply flow control, deliver once. */
  sendWorkNotice(app: App, dir: Directory, req: WorkNoticeRequest, now: number): Delivery {
    const recipients: string[] = [];
    const invalid: string[] = [];
    const forbidden: string[] = [];
    const forbiddenList: ForbiddenEntry[] = [];
    const invalidDepts: number[] = [];
    const seen = new Set<string>();
    const hash = FlowControl.contentHash(req.msg.raw);
    const duplicates = this.flow.alreadySent(
      app.appKey,
      hash,
      now,
      (t) => this.mailbox.findByTaskId(t)?.recipients,
    );
    const consider = (userid: string) => {
      if (seen.has(userid)) return;
      seen.add(userid);
      const u = dir.getUser(userid);
      if (!u || u.resigned) return void invalid.push(userid);
      if (!isVisibleTo(app, u, dir)) return void forbidden.push(userid);
      const code = duplicates.has(userid)
        ? '143106'
        : this.flow.count(app.appKey, userid, now)
          ? null
          : '143105';
      if (code) {
        forbidden.push(userid);
        forbiddenList.push({ code, count: 1, userid });
        return;
      }
      recipients.push(userid);
    };
    if (req.toAllUser) {
      for (const u of dir.allUsers()) if (!u.resigned) consider(u.userid);
    } else {
      for (const id of req.useridList) consider(id);
      for (const deptId of req.deptIdList) {
        if (!dir.getDepartment(deptId)) {
          invalidDepts.push(deptId);
          continue;
        }
        for (const d of dir.descendants(deptId)) for (const m of dir.membersOf(d)) consider(m);
      }
    }
    const taskId = this.nextTaskId++;
    // A send that reached nobody makes nobody a duplicate later: not remembered (else every
    // refused duplicate grew the day's list, walked again by each send — found by scripts/soak.ts).
    if (recipients.length > 0) this.flow.recordSend(app.appKey, hash, taskId, now);
    return this.mailbox.deliver({
      taskId,
      key: String(taskId),
      appKey: app.appKey,
      agentId: app.agentId,
      message: {
        source: 'workNotice',
        msgtype: req.msg.msgtype,
        raw: req.msg.raw,
        content: req.msg.content,
        sender: { kind: 'app', appKey: app.appKey, agentId: app.agentId, name: app.name },
        sentAt: now,
      },
      recipients,
      invalidUserids: invalid,
      forbiddenUserids: forbidden,
      invalidDeptIds: invalidDepts,
      forbiddenList,
    });
  }

  /** 批量发送人与机器人会话中机器人消息: unknown, resigned or out-of-range users are invalid (U). */
  sendRobotOto(app: App, dir: Directory, req: RobotOtoRequest, now: number): Delivery {
    const { userIds, ...msg } = req;
    const recipients: string[] = [];
    const invalid: string[] = [];
    for (const id of new Set(userIds)) {
      const u = dir.getUser(id);
      if (!u || u.resigned || !isVisibleTo(app, u, dir)) invalid.push(id);
      else recipients.push(id);
    }
    return this.mailbox.deliver({
      taskId: this.nextTaskId++,
      key: newProcessQueryKey(),
      appKey: app.appKey,
      agentId: app.agentId,
      message: {
        source: 'appRobot',
        msgtype: msg.msgKey,
        raw: msg.raw,
        content: msg.content,
        sender: { kind: 'appRobot', appKey: app.appKey, name: app.name },
        sentAt: now,
      },
      recipients,
      invalidUserids: invalid,
    });
  }
}
