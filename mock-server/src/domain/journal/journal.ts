/**
 * The request journal: every call with its outcome and, for every refusal, the reason in words.
 * Bounded per tenant (a ring of configurable size) so memory stays flat under any load.
 *
 * The ring is kept in columns (typed arrays for numbers, one array for string references), not as
 * one object per call: recording copies a call's fields into slots (allocated as calls come) and
 * keeps no object of its own. An entry object per call lived through several young-generation
 * collections (a ring of 1,000 holds ~20–50 ms of traffic under load) and was then promoted, which
 * made every collection longer and the tail latency of every call worse (npm run bench; decision
 * 0011). For the same reason a request id of the sandbox's own shape (14 lowercase letters and
 * digits, ids.ts) is kept as two numbers rather than as its string. Entries are built again when the
 * journal is read, as plain objects with their fields in the documented order.
 */
export type Outcome = 'ok' | 'refused' | 'fault' | 'error';

export interface JournalEntry {
  seq: number;
  /** Tenant-clock time of the call, ms since the epoch. */
  at: number;
  requestId: string;
  host: string;
  method: string;
  /** Path with secret query values masked. */
  path: string;
  /** Route id such as `oapi.user.get`, or null when no route matched. */
  route: string | null;
  status: number;
  outcome: Outcome;
  /** errcode (legacy) or code (new API) of a refusal. */
  code?: string;
  /** Why the call was refused, in words. */
  reason?: string;
  /** The same in Chinese (the console shows it first). */
  reasonZh?: string;
  appKey?: string;
  userid?: string;
  ip?: string;
  durationMs: number;
}

export interface JournalQuery {
  sinceSeq?: number;
  sinceAt?: number;
  route?: string;
  outcome?: Outcome;
  limit?: number;
}

const OUTCOMES: readonly Outcome[] = ['ok', 'refused', 'fault', 'error'];
const OUTCOME_INDEX: Record<Outcome, number> = { ok: 0, refused: 1, fault: 2, error: 3 };

/** The string fields of an entry, in the order of their slots in `strings`. */
const REQUEST_ID = 0;
const HOST = 1;
const METHOD = 2;
const PATH = 3;
const ROUTE = 4;
const CODE = 5;
const REASON = 6;
const APP_KEY = 7;
const USERID = 8;
const IP = 9;
const REASON_ZH = 10;
const STRINGS = 11;

/** newRequestId's shape: 4 + 10 base-36 digits, each part exact in a double (36^10 < 2^53). */
const ID_HEAD = 4;
const ID_TAIL = 10;
const NUMERIC_ID = new RegExp(`^[0-9a-z]{${ID_HEAD + ID_TAIL}}$`);

/** Slots a journal starts with; it doubles them as calls come, up to its capacity. */
const INITIAL_SLOTS = 64;

export class Journal {
  private seqs: Float64Array;
  private ats: Float64Array;
  private durations: Float64Array;
  private statuses: Uint16Array;
  private outcomes: Uint8Array;
  /** A numeric request id's two parts (when its string slot is empty). */
  private idHeads: Float64Array;
  private idTails: Float64Array;
  /** STRINGS slots per entry; `undefined` for an absent optional field, `null` for no route. */
  private readonly strings: (string | null | undefined)[] = [];
  /**
   * Slots allocated so far (≤ capacity): a tenant that sees few calls — most test tenants — keeps
   * a small journal; the ring wraps only once all `capacity` slots exist.
   */
  private slots: number;
  /** The slot the next entry goes to. */
  private next = 0;
  /** How many slots hold an entry (≤ capacity). */
  private count = 0;
  private seq = 0;

  constructor(readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('journal capacity must be ≥ 1');
    this.slots = Math.min(capacity, INITIAL_SLOTS);
    this.seqs = new Float64Array(this.slots);
    this.ats = new Float64Array(this.slots);
    this.durations = new Float64Array(this.slots);
    this.statuses = new Uint16Array(this.slots);
    this.outcomes = new Uint8Array(this.slots);
    this.idHeads = new Float64Array(this.slots);
    this.idTails = new Float64Array(this.slots);
    this.addStringSlots(this.slots);
  }

  /** Store an entry, numbering it; its fields are copied (the object is not kept). Returns its seq. */
  record(entry: Omit<JournalEntry, 'seq'>): number {
    const slot = this.next;
    if (slot === this.slots) this.grow();
    const seq = ++this.seq;
    this.seqs[slot] = seq;
    this.ats[slot] = entry.at;
    this.durations[slot] = entry.durationMs;
    // Statuses outside a Uint16 do not occur (HTTP statuses are 3 digits); clamp rather than wrap.
    this.statuses[slot] = Math.min(Math.max(entry.status, 0), 0xffff);
    this.outcomes[slot] = OUTCOME_INDEX[entry.outcome];
    const s = this.strings;
    const base = slot * STRINGS;
    const id = entry.requestId;
    if (id.length === ID_HEAD + ID_TAIL && NUMERIC_ID.test(id)) {
      this.idHeads[slot] = parseInt(id.slice(0, ID_HEAD), 36);
      this.idTails[slot] = parseInt(id.slice(ID_HEAD), 36);
      s[base + REQUEST_ID] = undefined;
    } else {
      s[base + REQUEST_ID] = id;
    }
    s[base + HOST] = entry.host;
    s[base + METHOD] = entry.method;
    s[base + PATH] = entry.path;
    s[base + ROUTE] = entry.route;
    s[base + CODE] = entry.code;
    s[base + REASON] = entry.reason;
    s[base + APP_KEY] = entry.appKey;
    s[base + USERID] = entry.userid;
    s[base + IP] = entry.ip;
    s[base + REASON_ZH] = entry.reasonZh;
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.count < this.capacity) this.count++;
    return seq;
  }

  /** Entries oldest first, filtered. */
  query(q: JournalQuery = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const first = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const slot = (first + i) % this.capacity;
      if (q.sinceSeq !== undefined && this.seqs[slot]! <= q.sinceSeq) continue;
      if (q.sinceAt !== undefined && this.ats[slot]! < q.sinceAt) continue;
      if (q.route !== undefined && this.strings[slot * STRINGS + ROUTE] !== q.route) continue;
      if (q.outcome !== undefined && OUTCOMES[this.outcomes[slot]!] !== q.outcome) continue;
      out.push(this.entryAt(slot));
    }
    return q.limit !== undefined ? out.slice(-q.limit) : out;
  }

  get size(): number {
    return this.count;
  }

  /** The sequence number of the newest entry (0 when empty). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Forget every entry; numbering goes on (a reader's `sinceSeq` stays meaningful). */
  clear(): void {
    this.strings.fill(undefined);
    this.next = 0;
    this.count = 0;
  }

  /** Twice the slots (at most `capacity`), entries kept where they are: the ring has not wrapped yet. */
  private grow(): void {
    const slots = Math.min(this.capacity, this.slots * 2);
    this.seqs = widened(this.seqs, slots);
    this.ats = widened(this.ats, slots);
    this.durations = widened(this.durations, slots);
    this.statuses = widened(this.statuses, slots);
    this.outcomes = widened(this.outcomes, slots);
    this.idHeads = widened(this.idHeads, slots);
    this.idTails = widened(this.idTails, slots);
    this.addStringSlots(slots - this.slots);
    this.slots = slots;
  }

  private addStringSlots(entries: number): void {
    for (let i = 0; i < entries * STRINGS; i++) this.strings.push(undefined);
  }

  /** The entry in a slot, its fields in the documented order (test/contract/journal-entry.test.ts). */
  private entryAt(slot: number): JournalEntry {
    const s = this.strings;
    const base = slot * STRINGS;
    const entry: Omit<JournalEntry, 'seq' | 'durationMs'> & Partial<JournalEntry> = {
      at: this.ats[slot]!,
      requestId:
        s[base + REQUEST_ID] ??
        this.idHeads[slot]!.toString(36).padStart(ID_HEAD, '0') +
          this.idTails[slot]!.toString(36).padStart(ID_TAIL, '0'),
      host: s[base + HOST] as string,
      method: s[base + METHOD] as string,
      path: s[base + PATH] as string,
      route: s[base + ROUTE] ?? null,
      status: this.statuses[slot]!,
      outcome: OUTCOMES[this.outcomes[slot]!]!,
    };
    const code = s[base + CODE];
    if (code != null) entry.code = code;
    const reason = s[base + REASON];
    if (reason != null) entry.reason = reason;
    const reasonZh = s[base + REASON_ZH];
    if (reasonZh != null) entry.reasonZh = reasonZh;
    const appKey = s[base + APP_KEY];
    if (appKey != null) entry.appKey = appKey;
    const userid = s[base + USERID];
    if (userid != null) entry.userid = userid;
    const ip = s[base + IP];
    if (ip != null) entry.ip = ip;
    entry.durationMs = this.durations[slot]!;
    entry.seq = this.seqs[slot]!;
    return entry as JournalEntry;
  }
}

/** A copy of a column with `slots` slots, its entries where they were. */
function widened<T extends Float64Array | Uint16Array | Uint8Array>(column: T, slots: number): T {
  const copy = new (column.constructor as new (length: number) => T)(slots);
  copy.set(column);
  return copy;
}
