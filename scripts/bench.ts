/**
 * `npm run bench`: the sandbox core's benchmark, in one run on loopback. Prints a table of figures
 * with PASS/FAIL against each target and writes them to bench-results.json. A report, not a gate:
 * it exits 0 even when a target is missed.
 *
 *   1. server CPU time per request, req/s and p99 of GET /gettoken and POST /topapi/v2/user/get,
 *      sandbox vs a bare Koa server answering the same JSON (both in child processes, autocannon here)
 *   2. the sandbox's RSS before and after those load runs (each read after a full GC)
 *   3. one v2/user/list page on a 1k-user vs a 100k-user tenant (median of sequential requests)
 *   4. load time and RSS of the 100k-user tenant
 *   5. cold start of `dingtalk-sandbox serve` vs the bare Koa script (spawn → first HTTP 200)
 *   6. Stream: messages pushed to a connected bot and acked per second, push → ack p50/p99, vs a bare
 *      `ws` server pushing frames of the same size (bench/stream.ts); the same through the admin API
 *   7. 1,000 bots connected to one sandbox: memory per connection and across rounds of messages and
 *      pings, each reading after a full GC (bench/bots.ts)
 *
 * Knobs (environment): BENCH_CONNECTIONS (10), BENCH_DURATION seconds per run (4), BENCH_ROUNDS (3),
 * BENCH_COLD_RUNS (7), BENCH_LIST_REQUESTS (1000), BENCH_LARGE_USERS (100000); BENCH_PROF=DIR writes
 * CPU profiles of the server processes to DIR (open them in Chrome DevTools); BENCH_ONLY=list of
 * parts (throughput,tenants,cold) measures only those (default: all); BENCH_HEAP_DEFAULTS=1 runs the
 * sandbox with V8's default young-generation cap instead of `serve`'s (heap-tuning.ts, decision 0011).
 * Stream: BENCH_STREAM_COUNT messages per run (5000), BENCH_STREAM_WINDOW unacked at most (8); bots:
 * BENCH_BOTS (1000), BENCH_BOTS_ROUNDS (6), BENCH_BOTS_PER_ROUND messages per bot a round (10),
 * BENCH_BOTS_PING_MS (2000), BENCH_BOTS_CHAT_LIMIT messages kept per chat (20).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callJson, callOk, closeAgent, timeSequential, type JsonCall } from './bench/http.ts';
import { load } from './bench/load.ts';
import { coldStart, forkServer, SANDBOX_NODE_FLAGS, type ServerChild } from './bench/processes.ts';
import { rows, type ListFigures, type ServerRun } from './bench/report.ts';
import { judge, median, renderTable, type JudgedRow } from './bench/stats.ts';
import { botsBench } from './bench/bots.ts';
import { streamBench } from './bench/stream.ts';
import { botsRows, streamRows } from './bench/stream-report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNNER = join(ROOT, 'scripts/bench/sandbox-runner.mjs');
const BARE = join(ROOT, 'scripts/bench/bare-koa.mjs');
const CLI = join(ROOT, 'dist/cli.js');
const BARE_WS = join(ROOT, 'scripts/bench/bare-ws.mjs');

const envInt = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const cfg = {
  connections: envInt('BENCH_CONNECTIONS', 10),
  durationSec: envInt('BENCH_DURATION', 4),
  /** Long enough for the heap to reach its working size before the "before" reading. */
  warmupSec: envInt('BENCH_DURATION', 4),
  rounds: envInt('BENCH_ROUNDS', 3),
  coldRuns: envInt('BENCH_COLD_RUNS', 7),
  listRequests: envInt('BENCH_LIST_REQUESTS', 1000),
  smallUsers: 1000,
  largeUsers: envInt('BENCH_LARGE_USERS', 100_000),
  pageSize: 100,
  stream: {
    count: envInt('BENCH_STREAM_COUNT', 5000),
    window: envInt('BENCH_STREAM_WINDOW', 8),
    rounds: envInt('BENCH_ROUNDS', 3),
  },
  bots: {
    bots: envInt('BENCH_BOTS', 1000),
    rounds: envInt('BENCH_BOTS_ROUNDS', 6),
    perBot: envInt('BENCH_BOTS_PER_ROUND', 10),
    pingMs: envInt('BENCH_BOTS_PING_MS', 2000),
    chatLimit: envInt('BENCH_BOTS_CHAT_LIMIT', 20),
    window: envInt('BENCH_STREAM_WINDOW', 8),
  },
};
const PARTS = ['throughput', 'tenants', 'cold', 'stream', 'bots'] as const;
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const unknownPart = only.find((p) => !(PARTS as readonly string[]).includes(p));
if (unknownPart) throw new Error(`BENCH_ONLY: unknown part "${unknownPart}" (${PARTS.join(', ')})`);
const runs = (part: (typeof PARTS)[number]) => only.length === 0 || only.includes(part);

const progress = (line: string) => process.stderr.write(`· ${line}\n`);

interface Credentials {
  appKey: string;
  appSecret: string;
}

/** The default tenant's main app, read from the admin API. */
async function mainApp(server: ServerChild): Promise<Credentials> {
  const { body } = await callJson(server.url, { method: 'GET', path: '/__sandbox/api/tenants' });
  const tenants = (body as { tenants: { default: boolean; apps: Credentials[] }[] }).tenants;
  const app = tenants.find((t) => t.default)?.apps[0];
  if (!app) throw new Error('the sandbox has no default tenant with an app');
  return app;
}

async function tokenOf(server: ServerChild): Promise<{ gettoken: JsonCall; token: string; body: unknown }> {
  const { appKey, appSecret } = await mainApp(server);
  const gettoken: JsonCall = {
    method: 'GET',
    path: `/gettoken?appkey=${encodeURIComponent(appKey)}&appsecret=${encodeURIComponent(appSecret)}`,
  };
  const body = await callOk(server.url, gettoken);
  return { gettoken, token: String(body.access_token), body };
}

// ---- 1 + 2: throughput and latency against bare Koa, RSS around the load ----

/** Best of the rounds (highest req/s, lowest p99 and CPU), each round measured on both servers in turn. */
function best(runs: ServerRun[]): ServerRun {
  const top = runs.reduce((a, b) => (b.reqPerSec > a.reqPerSec ? b : a));
  const least = (pick: (r: ServerRun) => number) => Math.min(...runs.map(pick));
  return {
    ...top,
    p50Ms: least((r) => r.p50Ms),
    p99Ms: least((r) => r.p99Ms),
    cpuUsPerRequest: least((r) => r.cpuUsPerRequest),
  };
}

async function throughput(tmp: string) {
  const sandbox = await forkServer(RUNNER, [], { nodeFlags: SANDBOX_NODE_FLAGS });
  const { gettoken, token, body: tokenBody } = await tokenOf(sandbox);
  const userGet: JsonCall = {
    method: 'POST',
    path: `/topapi/v2/user/get?access_token=${token}`,
    json: { userid: 'manager1471' },
  };
  const userBody = await callOk(sandbox.url, userGet);
  // The bare server answers exactly what the sandbox answered, captured once.
  const bodiesFile = join(tmp, 'bodies.json');
  writeFileSync(bodiesFile, JSON.stringify({ '/gettoken': tokenBody, '/topapi/v2/user/get': userBody }));
  const bare = await forkServer(BARE, ['--bodies', bodiesFile]);

  const calls = [gettoken, userGet];
  const servers = [
    ['bare', bare],
    ['sandbox', sandbox],
  ] as const;
  try {
    for (const call of calls) {
      for (const [name, server] of servers) {
        progress(`warm-up ${name} ${call.method} ${call.path.split('?')[0]} (${cfg.warmupSec} s)`);
        await load(server.url, call, { connections: cfg.connections, durationSec: cfg.warmupSec });
      }
    }
    // Memory is read twice at each end: as found, and after a full collection (judged: the heap's
    // sawtooth between collections would otherwise decide the ratio).
    const memBefore = { raw: await sandbox.usage(), collected: await sandbox.usage({ gc: true }) };
    const runs = new Map<string, ServerRun[]>();
    for (let round = 1; round <= cfg.rounds; round++) {
      for (const call of calls) {
        for (const [name, server] of servers) {
          const path = call.path.split('?')[0]!;
          progress(`round ${round}/${cfg.rounds}: ${name} ${call.method} ${path} (${cfg.durationSec} s)`);
          const cpuBefore = (await server.usage()).cpuUs;
          const r = await load(server.url, call, {
            connections: cfg.connections,
            durationSec: cfg.durationSec,
          });
          const cpuUsPerRequest = ((await server.usage()).cpuUs - cpuBefore) / r.responses;
          if (r.non2xx > 0 || r.errors > 0 || r.responses === 0) {
            throw new Error(`${name} ${path}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.responses} ok`);
          }
          const key = `${name} ${path}`;
          runs.set(key, [...(runs.get(key) ?? []), { ...r, cpuUsPerRequest }]);
        }
      }
    }
    const memAfter = { raw: await sandbox.usage(), collected: await sandbox.usage({ gc: true }) };
    const paths = calls.map((call) => {
      const path = `${call.method} ${call.path.split('?')[0]!}`;
      return {
        path,
        sandbox: best(runs.get(`sandbox ${call.path.split('?')[0]!}`)!),
        bare: best(runs.get(`bare ${call.path.split('?')[0]!}`)!),
      };
    });
    return { paths, memBefore, memAfter, bodiesFile };
  } finally {
    await Promise.all([sandbox.stop(), bare.stop()]);
  }
}

// ---- 3 + 4: one v2/user/list page, small vs large tenant; the large tenant's load ----

/** A tenant's server and its two v2/user/list calls (cursor 0 and the middle of the root department). */
interface ListTarget {
  server: ServerChild;
  rootMembers: number;
  calls: { cursor: number; call: JsonCall }[];
}

async function listTarget(server: ServerChild): Promise<ListTarget> {
  const { token } = await tokenOf(server);
  const listid = await callOk(server.url, {
    method: 'POST',
    path: `/topapi/user/listid?access_token=${token}`,
    json: { dept_id: 1 },
  });
  const rootMembers = (listid.result as { userid_list: string[] }).userid_list.length;
  // "The middle": the middle page that is still a full page of `pageSize` users.
  const middle = Math.max(0, Math.floor((rootMembers - cfg.pageSize) / 2));
  const calls = [];
  for (const cursor of [0, middle]) {
    const call: JsonCall = {
      method: 'POST',
      path: `/topapi/v2/user/list?access_token=${token}`,
      json: { dept_id: 1, cursor, size: cfg.pageSize },
    };
    const page = await callOk(server.url, call);
    const listed = (page.result as { list: unknown[] }).list.length;
    if (listed !== Math.min(cfg.pageSize, rootMembers - cursor)) {
      throw new Error(`page at ${cursor}: ${listed} users`);
    }
    calls.push({ cursor, call });
  }
  return { server, rootMembers, calls };
}

/**
 * Median latency of each call on both tenants, measured in alternating batches so that a change in
 * the machine's load during the run weighs on both sides alike.
 */
async function listLatencies(targets: ListTarget[]): Promise<ListFigures[]> {
  const batches = 10;
  const perBatch = Math.ceil(cfg.listRequests / batches);
  const times = targets.map((t) => t.calls.map(() => [] as number[]));
  for (const t of targets)
    for (const c of t.calls) await timeSequential(t.server.url, c.call, 0, perBatch * 2);
  for (let b = 0; b < batches; b++) {
    for (let ti = 0; ti < targets.length; ti++) {
      const t = targets[ti]!;
      for (let ci = 0; ci < t.calls.length; ci++) {
        times[ti]![ci]!.push(...(await timeSequential(t.server.url, t.calls[ci]!.call, perBatch, 0)));
      }
    }
  }
  return targets.map((t, ti) => ({
    users: t.server.ready.users ?? NaN,
    rootMembers: t.rootMembers,
    cursors: t.calls.map((c, ci) => ({ cursor: c.cursor, medianMs: median(times[ti]![ci]!) })),
  }));
}

async function tenants() {
  // The large tenant first, alone: its generation and load are timed inside its process.
  progress(`${cfg.largeUsers}-user tenant: generate + load`);
  const large = await forkServer(RUNNER, ['--users', String(cfg.largeUsers)], {
    timeoutMs: 180_000,
    nodeFlags: SANDBOX_NODE_FLAGS,
  });
  let small: ServerChild | undefined;
  try {
    small = await forkServer(RUNNER, ['--users', String(cfg.smallUsers)], { nodeFlags: SANDBOX_NODE_FLAGS });
    progress(
      `v2/user/list × ${cfg.listRequests} on the ${cfg.smallUsers}- and ${cfg.largeUsers}-user tenants`,
    );
    const [smallList, largeList] = await listLatencies([await listTarget(small), await listTarget(large)]);
    return {
      smallList: smallList!,
      largeList: largeList!,
      largeLoad: {
        users: large.ready.users ?? NaN,
        generateMs: large.ready.generateMs ?? NaN,
        loadMs: large.ready.loadMs ?? NaN,
        rssBytes: large.ready.rss ?? NaN,
      },
    };
  } finally {
    await Promise.all([large.stop(), small?.stop()]);
  }
}

// ---- 5: cold start ----

async function coldStarts(bodiesFile: string | undefined) {
  const sandboxArgs = (port: number) => [CLI, 'serve', '--port', String(port)];
  // The bare server answers the health check without the captured bodies too.
  const bareArgs = (port: number) => [
    BARE,
    '--port',
    String(port),
    ...(bodiesFile ? ['--bodies', bodiesFile] : []),
  ];
  const health = '/__sandbox/health';
  // One untimed start of each, so both read their files from a warm page cache.
  await coldStart(sandboxArgs, health);
  await coldStart(bareArgs, health);
  const sandbox: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < cfg.coldRuns; i++) {
    progress(`cold start ${i + 1}/${cfg.coldRuns}`);
    bare.push(await coldStart(bareArgs, health));
    sandbox.push(await coldStart(sandboxArgs, health));
  }
  return { sandboxMs: median(sandbox), bareMs: median(bare), sandboxRuns: sandbox, bareRuns: bare };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const tmp = mkdtempSync(join(tmpdir(), 'dingtalk-sandbox-bench-'));
  try {
    const t = runs('throughput') ? await throughput(tmp) : undefined;
    const l = runs('tenants') ? await tenants() : undefined;
    const c = runs('cold') ? await coldStarts(t?.bodiesFile) : undefined;
    const st = runs('stream') ? await streamBench(RUNNER, BARE_WS, cfg.stream, progress) : undefined;
    const b = runs('bots') ? await botsBench(RUNNER, cfg.bots, progress) : undefined;
    const judged: JudgedRow[] = [...rows(t, l, c), ...streamRows(st), ...botsRows(b)].map(judge);
    const missed = judged.filter((r) => !r.pass);
    // The load average tells whether other work shared the machine (figures are noisier then).
    const machine =
      `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ` +
      `load average ${loadAtStart.map((n) => n.toFixed(1)).join(' ')} at start`;
    process.stdout.write(
      `\ndingtalk-sandbox benchmark — ${machine}\n` +
        `load: ${cfg.connections} connections, ${cfg.durationSec} s per run, best of ${cfg.rounds} rounds; ` +
        `list: median of ${cfg.listRequests} sequential requests; cold start: median of ${cfg.coldRuns}` +
        `${only.length ? `; only ${only.join(', ')}` : ''}` +
        `${process.env.BENCH_HEAP_DEFAULTS ? "; sandbox heap: V8's defaults (BENCH_HEAP_DEFAULTS)" : ''}\n\n` +
        `${renderTable(judged)}\n\n` +
        (missed.length === 0
          ? 'All targets met.\n'
          : `MISSED ${missed.length} target(s): ${missed.map((r) => r.figure).join('; ')}\n`),
    );
    const report = {
      at: new Date().toISOString(),
      machine,
      config: { ...cfg, sandboxHeap: process.env.BENCH_HEAP_DEFAULTS ? 'v8-defaults' : 'serve' },
      throughput: t?.paths,
      memory: t && { before: t.memBefore, after: t.memAfter },
      userList: l && { small: l.smallList, large: l.largeList },
      largeTenant: l?.largeLoad,
      coldStart: c,
      stream: st,
      bots: b,
      rows: judged,
      missed: missed.map((r) => r.figure),
    };
    writeFileSync(join(ROOT, 'bench-results.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write('Written to bench-results.json\n');
  } finally {
    closeAgent();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
