/**
 * Every message delivered to people of a tenant: work notifications (工作通知) and enterprise
 * robots' one-to-one messages. A message sent to 10,000 users is stored once, in its delivery (the
 * send task); each recipient's inbox holds a packed number pointing at (delivery, position), and
 * the delivery holds one read time per recipient. Bounded: each inbox is a ring (`inboxLimit`), and
 * deliveries are evicted oldest first beyond `maxDeliveries` or `maxRecipientSlots` in total, so
 * memory stays flat under any load. Evicted deliveries vanish from inboxes and result queries.
 */
import type { Content } from './message-content.ts';

export type Sender =
  | { kind: 'app'; appKey: string; agentId: number; name: string }
  | { kind: 'appRobot'; appKey: string; name: string };

export interface StoredMessage {
  source: 'workNotice' | 'appRobot';
  /** msgtype (work notification) or msgKey (robot template). */
  msgtype: string;
  /** The message as the caller sent it (parsed). */
  raw: unknown;
  content: Content;
  sender: Sender;
  sentAt: number;
}

/** A recipient filtered by flow control (forbidden_list): 143105 daily cap, 143106 duplicate. */
export interface ForbiddenEntry {
  code: '143105' | '143106';
  count: number;
  userid: string;
}

export interface Delivery {
  /** Internal sequence number (inbox references use it). */
  seq: number;
  /** task_id as DingTalk returns it. */
  taskId: number;
  /** processQueryKey for robot messages; String(taskId) for work notifications. */
  key: string;
  appKey: string;
  agentId: number;
  message: StoredMessage;
  /** Users the message reached, in send order. */
  recipients: string[];
  /** Read time per recipient (tenant clock ms), 0 while unread. */
  readAt: Float64Array;
  invalidUserids: string[];
  forbiddenUserids: string[];
  failedUserids: string[];
  invalidDeptIds: number[];
  forbiddenList: ForbiddenEntry[];
  recalledAt: number | null;
  /** OA status bar as last updated (status_bar/update). */
  statusBar: { value: string; bg: string } | null;
}

export interface InboxItem {
  /** The id of this message in the user's inbox (the delivery's task id as a string). */
  messageId: string;
  delivery: Delivery;
  readAt: number | null;
}

export interface MailboxOptions {
  /** Messages kept per user (oldest dropped first). */
  inboxLimit?: number;
  /** Deliveries (send tasks) kept per tenant. */
  maxDeliveries?: number;
  /** Recipients summed over all kept deliveries. */
  maxRecipientSlots?: number;
}

export const MAILBOX_DEFAULTS: Required<MailboxOptions> = {
  inboxLimit: 200,
  maxDeliveries: 2000,
  maxRecipientSlots: 500_000,
};

/** Positions inside a delivery fit in 21 bits; the rest of a packed reference is the sequence. */
const POS_BITS = 2 ** 21;
export const MAX_RECIPIENTS_PER_DELIVERY = POS_BITS - 1;

export interface NewDelivery {
  taskId: number;
  key: string;
  appKey: string;
  agentId: number;
  message: StoredMessage;
  recipients: string[];
  invalidUserids?: string[];
  forbiddenUserids?: string[];
  failedUserids?: string[];
  invalidDeptIds?: number[];
  forbiddenList?: ForbiddenEntry[];
}

/** A mailbox as JSON: deliveries (read times as plain arrays) and each inbox's references. */
export interface MailboxSnapshot {
  seq: number;
  deliveries: (Omit<Delivery, 'readAt'> & { readAt: number[] })[];
  inboxes: [string, number[]][];
}

export class Mailbox {
  readonly options: Required<MailboxOptions>;
  private readonly deliveries = new Map<number, Delivery>();
  private readonly byTaskId = new Map<number, number>();
  private readonly byKey = new Map<string, number>();
  private readonly inboxes = new Map<string, number[]>();
  private slots = 0;
  private seq = 0;

  constructor(options: MailboxOptions = {}) {
    this.options = { ...MAILBOX_DEFAULTS, ...options };
  }

  deliver(input: NewDelivery): Delivery {
    if (input.recipients.length > MAX_RECIPIENTS_PER_DELIVERY) {
      throw new RangeError(`a delivery holds at most ${MAX_RECIPIENTS_PER_DELIVERY} recipients`);
    }
    const d: Delivery = {
      seq: ++this.seq,
      taskId: input.taskId,
      key: input.key,
      appKey: input.appKey,
      agentId: input.agentId,
      message: input.message,
      recipients: input.recipients,
      readAt: new Float64Array(input.recipients.length),
      invalidUserids: input.invalidUserids ?? [],
      forbiddenUserids: input.forbiddenUserids ?? [],
      failedUserids: input.failedUserids ?? [],
      invalidDeptIds: input.invalidDeptIds ?? [],
      forbiddenList: input.forbiddenList ?? [],
      recalledAt: null,
      statusBar: input.message.content.type === 'oa' ? input.message.content.statusBar : null,
    };
    this.deliveries.set(d.seq, d);
    this.byTaskId.set(d.taskId, d.seq);
    this.byKey.set(d.key, d.seq);
    this.slots += d.recipients.length;
    const base = d.seq * POS_BITS;
    const limit = this.options.inboxLimit;
    for (let i = 0; i < d.recipients.length; i++) {
      const userid = d.recipients[i]!;
      let box = this.inboxes.get(userid);
      if (!box) this.inboxes.set(userid, (box = []));
      box.push(base + i);
      if (box.length > limit) box.splice(0, box.length - limit);
    }
    this.evict();
    return d;
  }

  private evict(): void {
    const { maxDeliveries, maxRecipientSlots } = this.options;
    for (const [seq, d] of this.deliveries) {
      if (this.deliveries.size <= maxDeliveries && this.slots <= maxRecipientSlots) break;
      if (this.deliveries.size === 1) break;
      this.deliveries.delete(seq);
      this.byTaskId.delete(d.taskId);
      this.byKey.delete(d.key);
      this.slots -= d.recipients.length;
    }
  }

  toSnapshot(): MailboxSnapshot {
    return {
      seq: this.seq,
      deliveries: [...this.deliveries.values()].map((d) => ({
        ...structuredClone({ ...d, readAt: [] as number[] }),
        readAt: Array.from(d.readAt),
      })),
      inboxes: [...this.inboxes].map(([userid, refs]) => [userid, [...refs]]),
    };
  }

  restore(snap: MailboxSnapshot): void {
    this.deliveries.clear();
    this.byTaskId.clear();
    this.byKey.clear();
    this.inboxes.clear();
    this.slots = 0;
    this.seq = snap.seq;
    for (const raw of snap.deliveries) {
      const d: Delivery = {
        ...structuredClone({ ...raw, readAt: [] }),
        readAt: Float64Array.from(raw.readAt),
      };
      this.deliveries.set(d.seq, d);
      this.byTaskId.set(d.taskId, d.seq);
      this.byKey.set(d.key, d.seq);
      this.slots += d.recipients.length;
    }
    for (const [userid, refs] of snap.inboxes) this.inboxes.set(userid, [...refs]);
  }

  findByTaskId(taskId: number): Delivery | undefined {
    const seq = this.byTaskId.get(taskId);
    return seq === undefined ? undefined : this.deliveries.get(seq);
  }

  findByKey(key: string): Delivery | undefined {
    const seq = this.byKey.get(key);
    return seq === undefined ? undefined : this.deliveries.get(seq);
  }

  /** A user's messages, newest first; recalled ones included (flagged on the delivery). */
  inbox(userid: string): InboxItem[] {
    const box = this.inboxes.get(userid);
    if (!box) return [];
    const out: InboxItem[] = [];
    const live: number[] = [];
    for (const ref of box) {
      const item = this.resolve(ref);
      if (!item) continue;
      live.push(ref);
      out.push(item);
    }
    // Drop references to evicted deliveries while we are here.
    if (live.length !== box.length) this.inboxes.set(userid, live);
    return out.reverse();
  }

  /** One message of a user's inbox by its id. */
  item(userid: string, messageId: string): InboxItem | undefined {
    const d = this.findByTaskId(Number(messageId));
    if (!d) return undefined;
    const pos = d.recipients.indexOf(userid);
    if (pos < 0) return undefined;
    return { messageId, delivery: d, readAt: d.readAt[pos]! || null };
  }

  /** Mark read (the first read time stays). Returns false when the user has no such message. */
  markRead(userid: string, messageId: string, now: number): boolean {
    const d = this.findByTaskId(Number(messageId));
    if (!d) return false;
    const pos = d.recipients.indexOf(userid);
    if (pos < 0) return false;
    if (!d.readAt[pos]) d.readAt[pos] = now;
    return true;
  }

  unreadCount(userid: string): number {
    let n = 0;
    for (const item of this.inbox(userid)) if (item.readAt === null && item.delivery.recalledAt === null) n++;
    return n;
  }

  /** Users who have an inbox (received anything still kept). */
  users(): string[] {
    return [...this.inboxes.keys()];
  }

  get deliveryCount(): number {
    return this.deliveries.size;
  }

  get recipientSlots(): number {
    return this.slots;
  }

  private resolve(ref: number): InboxItem | undefined {
    const seq = Math.floor(ref / POS_BITS);
    const pos = ref - seq * POS_BITS;
    const d = this.deliveries.get(seq);
    if (!d) return undefined;
    const read = d.readAt[pos]!;
    return { messageId: String(d.taskId), delivery: d, readAt: read ? read : null };
  }
}
