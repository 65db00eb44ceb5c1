// The benchmark's reference: a bare Koa server (koa only: no router, no body parser, no journal) that
// answers the JSON bodies captured once from the sandbox. Started like the sandbox: node on plain JS.
//   node scripts/bench/bare-koa.mjs [--port N] [--bodies FILE]
// FILE maps a path to the JSON body it answers ({"/gettoken": {...}, ...}). Under fork() it reports
// {type:'ready', port} and answers {type:'usage'} with its resident set size and CPU time.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import Koa from 'koa';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const bodies = arg('--bodies') ? JSON.parse(readFileSync(arg('--bodies'), 'utf8')) : {};
const health = { ok: true, tenants: 1 };

const app = new Koa();
app.use((ctx) => {
  if (ctx.path === '/__sandbox/health') ctx.body = health;
  else if (Object.hasOwn(bodies, ctx.path)) ctx.body = bodies[ctx.path];
  else ctx.status = 404;
});

const server = app.listen(Number(arg('--port') ?? 0), '127.0.0.1', () => {
  if (process.send) process.send({ type: 'ready', port: server.address().port });
});
server.keepAliveTimeout = 5_000;

process.on('message', (msg) => {
  if (msg?.type === 'usage') {
    // {gc: true}: a full collection first (the child runs with --expose-gc), so two readings are
    // taken at the same point of the collector's cycle rather than anywhere on its sawtooth.
    if (msg.gc && typeof globalThis.gc === 'function') globalThis.gc();
    const cpu = process.cpuUsage();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ type: 'usage', rss, heapUsed, cpuUs: cpu.user + cpu.system });
  }
  if (msg?.type === 'stop') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
