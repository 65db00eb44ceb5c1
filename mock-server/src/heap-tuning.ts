/**
 * The V8 heap as a process that serves the sandbox wants it: a young generation large enough that
 * few calls wait for its collections.
 *
 * Every call in flight waits out a young-generation collection (a scavenge, 0.3–1.5 ms under load),
 * so the p99 latency is set by how many calls a scavenge catches: the calls per second times the bytes
 * each allocates, over the young generation's size. With V8's default cap (16 MB per semi-space) a
 * scavenge comes every ~1,000 calls of `topapi/v2/user/get` and catches the ten in flight, ~1 % of
 * calls — the p99 itself; with 32 MB half as many calls wait and the p99 falls clear of them (npm run
 * bench: p99 2.18× → 1.46× a bare Koa server's, CPU per call −10 %; decision 0011, 2026-12-06
 * addendum). Full collections did not appear under load, and the young generation shrinks back when
 * the load stops (the benchmark's RSS after/before: 1.00×).
 *
 * The cap is read once, when V8 sets up the heap: it must be on node's command line (or in
 * NODE_OPTIONS) and is ignored when set at run time. Every launcher the repository owns passes
 * SERVE_NODE_FLAGS (`npm run serve`, `npm start`, the container, the benchmark's sandbox process:
 * test/unit/heap-tuning.test.ts checks each); the `dingtalk-sandbox` bin cannot carry it portably
 * (`#!/usr/bin/env node`), so it runs with V8's defaults unless NODE_OPTIONS says otherwise (README).
 */
import { getHeapSpaceStatistics } from 'node:v8';

/** Node's flags for a process that serves the sandbox (see the file's comment). */
export const SERVE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/** The young generation's size now (both semi-spaces), in bytes: for tests and diagnostics. */
export function youngGenerationSize(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}
