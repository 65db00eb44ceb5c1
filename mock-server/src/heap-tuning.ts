/**
 * The V8 heap as a process that serves the sandbox wants it: a young generation that stops growing
 * once the server is up.
 *
 * V8 starts the young generation small and doubles it (up to 16 MB per semi-space) whenever the bytes
 * that survived young collections add up to its size. Under load a server's young collections then
 * take 0.3–0.8 ms instead of ~0.1 ms, every call in flight waits for each of them, and a 16 MB young
 * generation gives V8's allocation-site pretenuring enough survivors to start moving request objects
 * to the old generation, which then needs full collections. That, not the request handling, was
 * most of the sandbox's p99 over a bare Koa server (decision 0011, `npm run bench`).
 *
 * Start-up keeps what it grew to (loading a tenant makes long-lived data), and so does the first
 * answer: right after a V8 flag is changed at run time, the code V8 compiles next is slower to come
 * (measured: the first answer 5–9 ms later, the cold start 5% longer; inferred: V8 checks its code
 * caches against the flags), so the flag is set once the first answer is out, when later answers
 * showed no cost. From then on the young generation keeps its size and its collections stay
 * frequent and short. CPU per request did not change measurably.
 *
 * Process-wide, so it is for processes that exist to serve the sandbox: `dingtalk-sandbox serve` and
 * `npm start` ask for it; `startSandbox` inside someone else's process (tests, Playwright fixtures)
 * leaves that process's heap alone.
 */
import type { Server } from 'node:http';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** `--semi-space-growth-factor=1`: the young generation keeps its current size. Safe to call twice. */
export function keepYoungGenerationSmall(): void {
  // Read by V8 each time it would grow the young generation, unlike `--max-semi-space-size`, which
  // is read once when the heap is set up and would be ignored here.
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** keepYoungGenerationSmall() once `server` has finished answering its first request. */
export function keepYoungGenerationSmallOnceServing(server: Server): void {
  server.once('request', (_req, res) => {
    res.once('close', () => setImmediate(keepYoungGenerationSmall));
  });
}

/** The young generation's size now (both semi-spaces), in bytes: for tests and diagnostics. */
export function youngGenerationSize(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}
