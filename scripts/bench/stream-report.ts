/** The Stream parts' judged rows: one bot against a bare `ws` server, and 1,000 bots' memory. */
import type { BotsFigures } from './bots.ts';
import { fmt, ratio, type Row } from './stats.ts';
import type { PushRun, StreamFigures } from './stream.ts';

const MB = 1024 * 1024;

/** Best of the rounds: the highest rate, the lowest percentiles (as the HTTP rows take them). */
export function bestRun(runs: readonly PushRun[]): PushRun {
  return {
    msgsPerSec: Math.max(...runs.map((r) => r.msgsPerSec)),
    p50Ms: Math.min(...runs.map((r) => r.p50Ms)),
    p99Ms: Math.min(...runs.map((r) => r.p99Ms)),
    count: runs[0]?.count ?? 0,
  };
}

/** "1234–1456": the spread of a figure over the rounds. */
const spread = (runs: readonly PushRun[], pick: (r: PushRun) => number, digits: number) =>
  `${fmt(Math.min(...runs.map(pick)), digits)}–${fmt(Math.max(...runs.map(pick)), digits)}`;

export function streamRows(s?: StreamFigures): Row[] {
  if (!s) return [];
  const sb = bestRun(s.sandbox);
  const bare = bestRun(s.bare);
  const admin = bestRun(s.admin);
  return [
    {
      figure: `Stream push+ack msg/s (${s.frameBytes} B frames)`,
      sandbox: `${fmt(sb.msgsPerSec, 0)} (${spread(s.sandbox, (r) => r.msgsPerSec, 0)})`,
      reference: `bare ws ${fmt(bare.msgsPerSec, 0)} (${spread(s.bare, (r) => r.msgsPerSec, 0)})`,
      value: ratio(sb.msgsPerSec, bare.msgsPerSec),
      unit: '×',
      target: { op: '>=', limit: 0.2 },
    },
    {
      figure: 'Stream push→ack p50',
      sandbox: `${fmt(sb.p50Ms, 3)} ms (${spread(s.sandbox, (r) => r.p50Ms, 3)})`,
      reference: `bare ws ${fmt(bare.p50Ms, 3)} ms`,
      value: sb.p50Ms,
      unit: ' ms',
      target: { op: '<=', limit: 5 },
    },
    {
      figure: 'Stream push→ack p99',
      sandbox: `${fmt(sb.p99Ms, 3)} ms (${spread(s.sandbox, (r) => r.p99Ms, 3)})`,
      reference: `bare ws ${fmt(bare.p99Ms, 3)} ms`,
      value: sb.p99Ms,
      unit: ' ms',
      target: { op: '<=', limit: 20 },
    },
    {
      figure: 'Stream via admin API msg/s',
      sandbox: `${fmt(admin.msgsPerSec, 0)}, p50 ${fmt(admin.p50Ms, 2)} ms, p99 ${fmt(admin.p99Ms, 2)} ms`,
      reference: `in-process ${fmt(sb.msgsPerSec, 0)} (${fmt(ratio(admin.msgsPerSec, sb.msgsPerSec), 2)}×)`,
      value: admin.msgsPerSec,
      unit: ' msg/s',
      target: { op: '>=', limit: 500 },
    },
  ];
}

export function botsRows(b?: BotsFigures): Row[] {
  if (!b) return [];
  const at = (label: string) => b.readings.find((r) => r.label === label)!;
  const apps = at(`${b.config.bots} apps`);
  const connected = at(`${b.config.bots} connected`);
  const rounds = b.readings.filter((r) => r.label.startsWith('round '));
  const last = rounds.at(-1)!;
  // Every bounded store is full once each chat holds chatLimit messages: compare after that.
  const fullAfter = Math.min(rounds.length - 1, Math.ceil(b.config.chatLimit / b.config.perBot));
  const full = rounds[Math.max(0, fullAfter)]!;
  const perConnRss = (connected.rss - apps.rss) / b.config.bots;
  const perConnHeap = (connected.heapUsed - apps.heapUsed) / b.config.bots;
  const best = bestRun(b.rounds);
  return [
    {
      figure: `${b.config.bots} bots: memory per connection (GC)`,
      sandbox: `RSS ${fmt(perConnRss / 1024, 1)} KB, heap ${fmt(perConnHeap / 1024, 1)} KB`,
      reference: `${b.connectedAtEnd} connected at the end, ${b.pingsAnsweredAtEnd} answering pings`,
      value: perConnRss / 1024,
      unit: ' KB',
      target: { op: '<=', limit: 200 },
    },
    {
      figure: `${b.config.bots} bots: heap ${last.label} / ${full.label} (GC)`,
      sandbox: `${fmt(last.heapUsed / MB, 1)} MB after ${last.messages} messages`,
      reference: `${fmt(full.heapUsed / MB, 1)} MB after ${full.messages}`,
      value: ratio(last.heapUsed, full.heapUsed),
      unit: '×',
      target: { op: '<=', limit: 1.05 },
    },
    {
      figure: `${b.config.bots} bots: RSS ${last.label} / ${full.label} (GC)`,
      sandbox: `${fmt(last.rss / MB, 1)} MB`,
      reference: `${fmt(full.rss / MB, 1)} MB`,
      value: ratio(last.rss, full.rss),
      unit: '×',
      target: { op: '<=', limit: 1.1 },
    },
    {
      figure: `${b.config.bots} bots: push+ack msg/s`,
      sandbox: `${fmt(best.msgsPerSec, 0)} (${spread(b.rounds, (r) => r.msgsPerSec, 0)}), p99 ${fmt(best.p99Ms, 2)} ms`,
      reference: `connect all: ${fmt(b.connectMs / 1000, 1)} s`,
      value: best.msgsPerSec,
      unit: ' msg/s',
      target: { op: '>=', limit: 1000 },
    },
  ];
}
