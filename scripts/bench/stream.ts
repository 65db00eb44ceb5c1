/**
 * `BENCH_ONLY=stream`: messages pushed to one connected bot and acked, the sandbox beside a bare `ws`
 * server in the same run. Both servers are child processes timing their own pushes (push-loop.mjs:
 * from just before the push to the ack's arrival, `window` unacked at most); the bot is a raw `ws`
 * client in this process acking every CALLBACK. The sandbox's pushes are person messages delivered
 * in-process (`tenant.bots.deliver`: chat post, session, callback data, push, journal); the bare
 * server sends a copy of the sandbox's CALLBACK frame (same size, new messageId). A third figure
 * drives the same pushes through the admin API (POST …/bots/{robotCode}/messages) from here, to show
 * what the HTTP call in front costs.
 */
import type { ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { callJson } from './http.ts';
import { forkServer, SANDBOX_NODE_FLAGS, type ServerChild } from './processes.ts';
import { percentile } from './stats.ts';
import { connectBare, connectBot, type BotClient, type DownFrame } from './stream-client.ts';

export interface StreamConfig {
  /** Messages per measured run. */
  count: number;
  /** Unacked pushes at most (a bot's SDK acks each callback as it comes). */
  window: number;
  rounds: number;
}

/** One measured run: pushed-and-acked per second and push → ack latency. */
export interface PushRun {
  msgsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  count: number;
}

export interface StreamFigures {
  sandbox: PushRun[];
  bare: PushRun[];
  admin: PushRun[];
  frameBytes: number;
}

interface Pushed {
  count: number;
  acked: number;
  elapsedMs: number;
  latenciesMs: number[];
  stalled: boolean;
  inflightAfter?: number;
  error?: string;
}

/** Ask a benchmark child over IPC and wait for its answer of type `answer`. */
export function ask<T>(child: ChildProcess, msg: object, answer: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string }) => {
      if (m?.type !== answer) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the child exited (${code}) before ${answer}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(msg);
  });
}

export function runOf(r: Pushed, what: string): PushRun {
  if (r.error) throw new Error(`${what}: ${r.error}`);
  if (r.stalled || r.acked !== r.count) throw new Error(`${what}: ${r.acked} of ${r.count} acked (stalled)`);
  if (r.inflightAfter) throw new Error(`${what}: ${r.inflightAfter} pushes still unacked in the hub`);
  return {
    msgsPerSec: (r.count / r.elapsedMs) * 1000,
    p50Ms: percentile(r.latenciesMs, 50),
    p99Ms: percentile(r.latenciesMs, 99),
    count: r.count,
  };
}

/** The default tenant's bot (the app with the robot capability) and its credentials. */
export async function defaultBot(
  server: ServerChild,
): Promise<{ appKey: string; appSecret: string; corpId: string }> {
  const { body } = await callJson(server.url, { method: 'GET', path: '/__sandbox/api/tenants' });
  const tenant = (body as { tenants: { corpId: string; default: boolean }[] }).tenants.find(
    (t) => t.default,
  )!;
  const bots = await callJson(server.url, {
    method: 'GET',
    path: `/__sandbox/api/tenants/${tenant.corpId}/bots`,
  });
  const robotCode = (bots.body as { bots: { robotCode: string }[] }).bots[0]!.robotCode;
  const apps = await callJson(server.url, {
    method: 'GET',
    path: `/__sandbox/api/tenants/${tenant.corpId}/apps`,
  });
  const app = (apps.body as { apps: { appKey: string; appSecret: string }[] }).apps.find(
    (a) => a.appKey === robotCode,
  )!;
  return { appKey: app.appKey, appSecret: app.appSecret, corpId: tenant.corpId };
}

/**
 * The same pushes through the admin API: `window` calls in flight, each timed from its start to the
 * bot's ack of the frame it caused (matched by the text, which carries the call's number).
 */
async function viaAdmin(
  on: { server: ServerChild; bot: { appKey: string; corpId: string }; client: BotClient },
  cfg: StreamConfig,
  tag: string,
): Promise<PushRun> {
  const { server, bot, client } = on;
  const started = new Map<number, number>();
  const latencies: number[] = [];
  const prefix = `admin ${tag} `;
  const allAcked = new Promise<void>((resolve, reject) => {
    const stall = setTimeout(() => {
      client.ws.off('message', onFrame);
      reject(new Error(`admin pushes: ${latencies.length} of ${cfg.count} reached the bot in 60 s`));
    }, 60_000);
    const onFrame = (raw: Buffer) => {
      const frame = JSON.parse(raw.toString('utf8')) as DownFrame;
      if (frame.type !== 'CALLBACK') return;
      const text = (JSON.parse(frame.data) as { text?: { content?: string } }).text?.content ?? '';
      if (!text.startsWith(prefix)) return;
      const i = Number(text.slice(prefix.length));
      latencies.push(performance.now() - started.get(i)!);
      if (latencies.length === cfg.count) {
        clearTimeout(stall);
        client.ws.off('message', onFrame);
        resolve();
      }
    };
    client.ws.on('message', onFrame);
  });
  const path = `/__sandbox/api/tenants/${bot.corpId}/bots/${bot.appKey}/messages`;
  const sockets = new Agent({ keepAlive: true, maxSockets: cfg.window });
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < cfg.count) {
      const i = next++;
      started.set(i, performance.now());
      const { status, body } = await callJson(
        server.url,
        {
          method: 'POST',
          path,
          json: { from: 'manager1471', conversation: { type: '1' }, text: `${prefix}${i}` },
        },
        sockets,
      );
      if (status !== 201)
        throw new Error(`admin push answered ${status} ${JSON.stringify(body).slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: cfg.window }, worker));
  await allAcked;
  const elapsedMs = performance.now() - t0;
  sockets.destroy();
  await noneUnacked(server, bot);
  return {
    msgsPerSec: (cfg.count / elapsedMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    count: cfg.count,
  };
}

/** Every push acked as far as the hub knows (its acks may trail the frames by a moment). */
export async function noneUnacked(
  server: ServerChild,
  bot: { appKey: string; corpId: string },
): Promise<void> {
  for (let tries = 0; ; tries++) {
    const { body } = await callJson(server.url, {
      method: 'GET',
      path: `/__sandbox/api/tenants/${bot.corpId}/bots`,
    });
    const mine = (body as { bots: { robotCode: string; pending: { inflight: number } }[] }).bots.find(
      (b) => b.robotCode === bot.appKey,
    );
    if (mine?.pending.inflight === 0) return;
    if (tries >= 50) throw new Error(`${mine?.pending.inflight} pushes to ${bot.appKey} still unacked`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function streamBench(
  runner: string,
  bareWs: string,
  cfg: StreamConfig,
  progress: (line: string) => void,
): Promise<StreamFigures> {
  const sandbox = await forkServer(runner, [], { nodeFlags: SANDBOX_NODE_FLAGS });
  let bare: ServerChild | undefined;
  const clients: { close(): Promise<void> }[] = [];
  try {
    const bot = await defaultBot(sandbox);
    const client = await connectBot(sandbox.url, bot);
    clients.push(client);
    const pushSandbox = async (count: number) =>
      runOf(
        await ask<Pushed>(
          sandbox.child,
          { type: 'streamPush', robotCodes: [bot.appKey], from: 'manager1471', count, window: cfg.window },
          'streamPushed',
        ),
        'sandbox',
      );
    progress(`stream warm-up: sandbox (${cfg.count} messages)`);
    await pushSandbox(cfg.count);
    const frame = client.firstCallback!;
    const frameBytes = Buffer.byteLength(JSON.stringify(frame));
    bare = await forkServer(bareWs, []);
    const bareClient = await connectBare(bare.url.replace(/^http/, 'ws'));
    clients.push(bareClient);
    const pushBare = async (count: number) =>
      runOf(
        await ask<Pushed>(
          bare!.child,
          { type: 'streamPush', count, window: cfg.window, frame },
          'streamPushed',
        ),
        'bare ws',
      );
    progress(`stream warm-up: bare ws (${cfg.count} messages)`);
    await pushBare(cfg.count);
    const figures: StreamFigures = { sandbox: [], bare: [], admin: [], frameBytes };
    for (let round = 1; round <= cfg.rounds; round++) {
      progress(
        `stream round ${round}/${cfg.rounds}: bare ws, sandbox, admin API (${cfg.count} messages each)`,
      );
      figures.bare.push(await pushBare(cfg.count));
      figures.sandbox.push(await pushSandbox(cfg.count));
      figures.admin.push(await viaAdmin({ server: sandbox, bot, client }, cfg, String(round)));
    }
    return figures;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([sandbox.stop(), bare?.stop()]);
  }
}
