// The Stream benchmark's measuring loop, shared by the sandbox runner and the bare `ws` echo server
// so both are timed by the same code in their own process: push `count` messages keeping at most
// `window` unacked, time each from just before its push to its ack (performance.now(), one clock),
// and the whole run from the first push to the last ack. Bounded: it gives up when no ack has come
// for `stallMs` and says how many were acked.
import { performance } from 'node:perf_hooks';

/**
 * @param {{ count: number, window: number, stallMs?: number, push: (i: number) => string }} opts
 *   push(i) sends message i and returns the id its ack will name.
 * @returns {{ acked: (id: string) => void, done: Promise<{ count: number, acked: number, elapsedMs: number, latenciesMs: number[], stalled: boolean }> }}
 */
export function pushLoop({ count, window, stallMs = 30_000, push }) {
  const sentAt = new Map();
  const latencies = new Float64Array(count);
  let sent = 0;
  let acked = 0;
  let t0 = 0;
  let lastProgress = 0;
  let finish;
  const done = new Promise((resolve) => (finish = resolve));
  const end = (stalled) => {
    clearInterval(watchdog);
    finish({
      count,
      acked,
      elapsedMs: performance.now() - t0,
      latenciesMs: Array.from(latencies.subarray(0, acked)),
      stalled,
    });
  };
  const sendOne = () => {
    const i = sent++;
    const t = performance.now();
    sentAt.set(push(i), t);
  };
  const watchdog = setInterval(() => {
    if (performance.now() - lastProgress > stallMs) end(true);
  }, 1_000);
  t0 = performance.now();
  lastProgress = t0;
  for (let i = 0; i < Math.min(window, count); i++) sendOne();
  return {
    acked(id) {
      const t = sentAt.get(id);
      if (t === undefined) return;
      sentAt.delete(id);
      const now = performance.now();
      latencies[acked++] = now - t;
      lastProgress = now;
      if (acked === count) end(false);
      else if (sent < count) sendOne();
    },
    done,
  };
}
