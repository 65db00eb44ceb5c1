/**
 * Work-notification flow control (流控), silent as DingTalk's: over-limit recipients are left out
 * and reported in getsendresult's forbidden_list, the send itself succeeds (C: asyncsend_v2 and
 * getsendresult docs). Rules per app and user per day: one message of the same content (143106);
 * at most 500 messages for an internal app (143105; ISV apps: 100, not modelled). Days are China
 * days (UTC+8, U).
 *
 * Memory: a counter per (app, user), and per (app, content) today's task ids only — who already
 * got a content is read back from those tasks' recipient lists when the same content is sent
 * again. A task evicted from the mailbox is forgotten here too (the duplicate rule then lets the
 * content through again: bounded memory over exactness under extreme load).
 */
import { createHash } from 'node:crypto';

export const DAILY_CAP_INTERNAL_APP = 500;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

export const chinaDay = (now: number): number => Math.floor((now + CHINA_OFFSET_MS) / DAY_MS);

export interface FlowControlSnapshot {
  counts: [string, { day: number; count: number }][];
  sent: [string, { day: number; taskIds: number[] }][];
}

export class FlowControl {
  private readonly counts = new Map<string, { day: number; count: number }>();
  private readonly sent = new Map<string, { day: number; taskIds: number[] }>();

  toSnapshot(): FlowControlSnapshot {
    return { counts: structuredClone([...this.counts]), sent: structuredClone([...this.sent]) };
  }

  restore(snap: FlowControlSnapshot): void {
    for (const [k, v] of structuredClone(snap.counts)) this.counts.set(k, v);
    for (const [k, v] of structuredClone(snap.sent)) this.sent.set(k, v);
  }

  constructor(readonly dailyCap = DAILY_CAP_INTERNAL_APP) {}

  static contentHash(raw: unknown): string {
    return createHash('sha1').update(JSON.stringify(raw)).digest('base64');
  }

  /** Users who already received this content from this app today. */
  alreadySent(
    appKey: string,
    hash: string,
    now: number,
    recipientsOf: (taskId: number) => readonly string[] | undefined,
  ): ReadonlySet<string> {
    const entry = this.sent.get(`${appKey}\u0000${hash}`);
    const out = new Set<string>();
    if (!entry || entry.day !== chinaDay(now)) return out;
    for (const t of entry.taskIds) for (const u of recipientsOf(t) ?? []) out.add(u);
    return out;
  }

  /** Remember that a task delivered this content today. */
  recordSend(appKey: string, hash: string, taskId: number, now: number): void {
    const day = chinaDay(now);
    const key = `${appKey}\u0000${hash}`;
    const entry = this.sent.get(key);
    if (entry && entry.day === day) entry.taskIds.push(taskId);
    else this.sent.set(key, { day, taskIds: [taskId] });
    if (this.sent.size > 50_000) for (const [k, v] of this.sent) if (v.day !== day) this.sent.delete(k);
  }

  /** Count one message to `userid` toward today's cap; false (143105) when the cap is reached. */
  count(appKey: string, userid: string, now: number): boolean {
    const day = chinaDay(now);
    const key = `${appKey}\u0000${userid}`;
    let r = this.counts.get(key);
    if (!r || r.day !== day) this.counts.set(key, (r = { day, count: 0 }));
    if (r.count >= this.dailyCap) return false;
    r.count++;
    return true;
  }

  /** Forget everything (a new day for every user). */
  reset(): void {
    this.counts.clear();
    this.sent.clear();
  }
}
