/**
 * Work-notification flow control (流控), silent as DingTalk's: over-limit recipients are left out
 * and reported in getsendresult's forbidden_list, the send itself succeeds (C: asyncsend_v2 and
 * getsendresult docs). Rules per app and user per day: one message of the same content; at most
 * 500 messages for an internal app (ISV apps: 100, not modelled). Days are China days (UTC+8, U).
 */
import { createHash } from 'node:crypto';

export const DAILY_CAP_INTERNAL_APP = 500;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

interface Record {
  day: number;
  count: number;
  hashes: Set<string>;
}

export type FlowVerdict = null | '143105' | '143106';

export class FlowControl {
  private readonly records = new Map<string, Record>();

  constructor(readonly dailyCap = DAILY_CAP_INTERNAL_APP) {}

  static contentHash(raw: unknown): string {
    return createHash('sha1').update(JSON.stringify(raw)).digest('base64');
  }

  /** Whether the app may send `hash` to `userid` now; counts the message when admitted. */
  admit(appKey: string, userid: string, hash: string, now: number): FlowVerdict {
    const day = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS);
    const key = `${appKey}\u0000${userid}`;
    let r = this.records.get(key);
    if (!r || r.day !== day) this.records.set(key, (r = { day, count: 0, hashes: new Set() }));
    if (r.count >= this.dailyCap) return '143105';
    if (r.hashes.has(hash)) return '143106';
    r.count++;
    r.hashes.add(hash);
    return null;
  }

  /** Forget everything (a new day for every user). */
  reset(): void {
    this.records.clear();
  }
}
