// The sandbox under benchmark, in its own process (so the load generator does not share its event
// loop): the compiled package's startSandbox on a free loopback port, in a process set up as
// `dingtalk-sandbox serve` sets up its own.
//   node scripts/bench/sandbox-runner.mjs [--users N]
// Without --users it serves the committed default tenant. With --users it times generating that
// tenant and loading it into a Sandbox. Run under fork(): it reports
// {type:'ready', url, port, users, generateMs, loadMs, rss} and answers {type:'usage'} (RSS, CPU time) and {type:'stop'}.
// The Stream benchmark adds --ping-ms N (SYSTEM ping period), --chat-limit N (messages kept per chat)
// and {type:'streamPush', …} → {type:'streamPushed', …} (stream-push.mjs).
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const users = arg('--users') === undefined ? undefined : Number(arg('--users'));

const { startSandbox } = await import('../../dist/start.js');
let snapshot;
let generateMs = 0;
if (users !== undefined) {
  const { generateTenant } = await import('../../dist/fixtures/generate.js');
  const t0 = performance.now();
  snapshot = generateTenant({ users });
  generateMs = performance.now() - t0;
}
const t1 = performance.now();
const num = (name) => (arg(name) === undefined ? undefined : Number(arg(name)));
const running = await startSandbox({
  port: 0,
  snapshot,
  bots: { pingMs: num('--ping-ms') },
  messaging: { chatLimit: num('--chat-limit') },
});
const loadMs = performance.now() - t1;

process.send?.({
  type: 'ready',
  url: running.url,
  port: running.port,
  users: running.defaultTenant.directory.userCount,
  generateMs,
  loadMs,
  rss: process.memoryUsage.rss(),
});

process.on('message', (msg) => {
  if (msg?.type === 'usage') {
    // {gc: true}: a full collection first (the child runs with --expose-gc), so two readings are
    // taken at the same point of the collector's cycle rather than anywhere on its sawtooth.
    if (msg.gc && typeof globalThis.gc === 'function') globalThis.gc();
    const cpu = process.cpuUsage();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ type: 'usage', rss, heapUsed, cpuUs: cpu.user + cpu.system });
  }
  if (msg?.type === 'streamPush') {
    void import('./stream-push.mjs')
      .then(({ streamPush }) => streamPush(running, msg))
      .then((r) => process.send?.({ type: 'streamPushed', ...r }))
      .catch((e) => process.send?.({ type: 'streamPushed', error: String(e?.stack ?? e) }));
  }
  if (msg?.type === 'stop') void running.stop().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
