/**
 * Journal entries grouped into flows — one login, one sync — so a person sees where a flow broke.
 * A flow is the calls of one app close together in (tenant) time; a call that starts a login (the
 * authorize page, the legacy QR page, the client's requestAuthCode) starts a new flow; calls with no
 * app (a phone page, an unknown token) join the flow that was active last. Consecutive repeats of
 * the same step (QR status polling) are folded into one step with a count.
 */
import type { JournalEntry, Outcome } from './journal.ts';

export interface FlowStep {
  entry: JournalEntry;
  /** How many identical consecutive calls this step stands for (same route and outcome). */
  repeats: number;
  /** The last of the folded calls. */
  last: JournalEntry;
}

export interface Flow {
  /** The seq of its first call: a stable id for links. */
  id: number;
  appKey?: string;
  userids: string[];
  startedAt: number;
  endedAt: number;
  steps: FlowStep[];
  /** Every call's seq, folded repeats included. */
  seqs: number[];
  counts: Record<Outcome, number>;
  /** The first call that did not succeed: where the flow broke. */
  brokeAt?: JournalEntry;
}

/** Routes that begin a login: a new flow starts at them. */
const STARTS = [
  /^login\.oauth2\.auth$/,
  /^login\.qrcode$/,
  /^oapi\.connect\.(qrconnect|sns_authorize)$/,
  /^client\..*(requestAuthCode|getAuthCode)/i,
];
export const startsFlow = (route: string | null): boolean =>
  route !== null && STARTS.some((r) => r.test(route));

interface Building {
  flow: Flow;
  entries: JournalEntry[];
}

/** Group entries (oldest first) into flows (returned newest first). */
export function groupFlows(entries: readonly JournalEntry[], gapMs = 60_000): Flow[] {
  const done: Building[] = [];
  const open = new Map<string, Building>();
  let lastActive: Building | undefined;

  const start = (key: string, e: JournalEntry): Building => {
    const b: Building = {
      flow: {
        id: e.seq,
        appKey: e.appKey,
        userids: [],
        startedAt: e.at,
        endedAt: e.at,
        steps: [],
        seqs: [],
        counts: { ok: 0, refused: 0, fault: 0, error: 0 },
      },
      entries: [],
    };
    const previous = open.get(key);
    if (previous) done.push(previous);
    open.set(key, b);
    return b;
  };

  for (const e of entries) {
    const key = e.appKey ?? '';
    let b: Building | undefined;
    if (key === '' && lastActive && e.at - lastActive.flow.endedAt <= gapMs) b = lastActive;
    else {
      const current = open.get(key);
      const fresh =
        !current ||
        e.at - current.flow.endedAt > gapMs ||
        (startsFlow(e.route) && current.entries.length > 0);
      b = fresh ? start(key, e) : current;
    }
    if (!b.flow.appKey && e.appKey) b.flow.appKey = e.appKey;
    b.entries.push(e);
    b.flow.endedAt = Math.max(b.flow.endedAt, e.at);
    lastActive = b;
  }
  done.push(...open.values());
  return done.map(finish).sort((a, b) => b.id - a.id);
}

function finish(b: Building): Flow {
  const f = b.flow;
  for (const e of b.entries) {
    f.counts[e.outcome]++;
    f.seqs.push(e.seq);
    if (e.userid && !f.userids.includes(e.userid)) f.userids.push(e.userid);
    if (!f.brokeAt && e.outcome !== 'ok') f.brokeAt = e;
    const prev = f.steps[f.steps.length - 1];
    if (
      prev &&
      prev.entry.route !== null &&
      prev.entry.route === e.route &&
      prev.entry.outcome === e.outcome &&
      e.outcome === 'ok'
    ) {
      prev.repeats++;
      prev.last = e;
    } else f.steps.push({ entry: e, repeats: 1, last: e });
  }
  return f;
}
