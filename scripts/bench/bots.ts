/**
 * `BENCH_ONLY=bots`: 1,000 bots connected to one sandbox. "A bot" is what DingTalk has: an app with the
 * robot capability and its own Stream connection (one ticket, one WebSocket) — 1,000 apps of one
 * tenant, made by importing a tenant through the admin API (an export of the default tenant whose
 * apps are 1,000 copies of its bot; `?fresh=true` gives each its own AppKey and secret). Each bot
 * connects with a raw `ws` client (stream-client.ts), acks every callback and SYSTEM ping (the sandbox
 * pings every BENCH_BOTS_PING_MS) and pings at the WebSocket level itself. Then rounds of person
 * messages to every bot in turn (in-process pushes, stream-push.mjs); after each round the sandbox's
 * RSS and heap are read after a full GC. Chats keep BENCH_BOTS_CHAT_LIMIT messages each here (200 by
 * default) so that every bounded store — chats, sessions (10,000), acked ids, the journal's ring — is
 * full within the first rounds: from then on the readings must stay flat.
 */
import { callJson } from './http.ts';
import { forkServer, SANDBOX_NODE_FLAGS, type ServerChild, type Usage } from './processes.ts';
import { ask, runOf, type PushRun } from './stream.ts';
import { connectBot, type BotClient } from './stream-client.ts';

export interface BotsConfig {
  bots: number;
  rounds: number;
  /** Messages to each bot per round. */
  perBot: number;
  pingMs: number;
  chatLimit: number;
  window: number;
}

export interface MemoryPoint {
  label: string;
  /** Messages pushed and acked so far. */
  messages: number;
  rss: number;
  heapUsed: number;
}

export interface BotsFigures {
  config: BotsConfig;
  readings: MemoryPoint[];
  connectMs: number;
  rounds: PushRun[];
  /** Connections the sandbox lists at the end, and those whose pings were answered. */
  connectedAtEnd: number;
  pingsAnsweredAtEnd: number;
  /** What the clients saw: callbacks and SYSTEM pings acked, WebSocket pongs. */
  clientCounts: { callbacks: number; pings: number; pongs: number };
}

interface Exported {
  corpId: string;
  apps: { appKey: string; name: string; robot?: { name: string; stream: boolean } }[];
}

/** A tenant of `n` bot apps, imported through the admin API; its corpId and the apps' credentials. */
async function botTenant(
  server: ServerChild,
  n: number,
): Promise<{ corpId: string; apps: { appKey: string; appSecret: string }[] }> {
  const { body: tenants } = await callJson(server.url, { method: 'GET', path: '/__sandbox/api/tenants' });
  const source = (tenants as { tenants: { corpId: string; default: boolean }[] }).tenants.find(
    (t) => t.default,
  )!;
  const { body } = await callJson(server.url, {
    method: 'GET',
    path: `/__sandbox/api/tenants/${source.corpId}/export`,
  });
  const snap = body as Exported;
  const bot = snap.apps.find((a) => a.robot)!;
  snap.apps = Array.from({ length: n }, (_, i) => ({
    ...structuredClone(bot),
    name: `压测机器人${i + 1}`,
    robot: { name: `压测机器人${i + 1}`, stream: true },
  }));
  const imported = await callJson(server.url, {
    method: 'POST',
    path: '/__sandbox/api/tenants/import?fresh=true',
    json: snap,
  });
  if (imported.status !== 201) throw new Error(`import answered ${imported.status}`);
  const corpId = (imported.body as { corpId: string }).corpId;
  const { body: listed } = await callJson(server.url, {
    method: 'GET',
    path: `/__sandbox/api/tenants/${corpId}/apps`,
  });
  return { corpId, apps: (listed as { apps: { appKey: string; appSecret: string }[] }).apps };
}

export async function botsBench(
  runner: string,
  cfg: BotsConfig,
  progress: (line: string) => void,
): Promise<BotsFigures> {
  const sandbox = await forkServer(
    runner,
    ['--ping-ms', String(cfg.pingMs), '--chat-limit', String(cfg.chatLimit)],
    { nodeFlags: SANDBOX_NODE_FLAGS },
  );
  const clients: BotClient[] = [];
  const readings: MemoryPoint[] = [];
  let messages = 0;
  const read = async (label: string) => {
    const u: Usage = await sandbox.usage({ gc: true });
    readings.push({ label, messages, rss: u.rss, heapUsed: u.heapUsed });
  };
  try {
    await read('started');
    progress(`bots: importing a tenant of ${cfg.bots} bot apps`);
    const { corpId, apps } = await botTenant(sandbox, cfg.bots);
    await read(`${cfg.bots} apps`);
    const t0 = performance.now();
    for (let i = 0; i < apps.length; i += 20) {
      clients.push(
        ...(await Promise.all(
          apps.slice(i, i + 20).map((a) => connectBot(sandbox.url, a, { wsPingMs: cfg.pingMs })),
        )),
      );
      if ((i + 20) % 200 === 0) progress(`bots: ${clients.length}/${apps.length} connected`);
    }
    const connectMs = performance.now() - t0;
    await read(`${cfg.bots} connected`);
    const robotCodes = apps.map((a) => a.appKey);
    const rounds: PushRun[] = [];
    for (let round = 1; round <= cfg.rounds; round++) {
      const count = cfg.bots * cfg.perBot;
      progress(
        `bots: round ${round}/${cfg.rounds}, ${count} messages to ${cfg.bots} bots, pings every ${cfg.pingMs} ms`,
      );
      const started = performance.now();
      const r = await ask<Parameters<typeof runOf>[0]>(
        sandbox.child,
        { type: 'streamPush', corpId, robotCodes, from: 'manager1471', count, window: cfg.window },
        'streamPushed',
      );
      rounds.push(runOf(r, `bots round ${round}`));
      messages += count;
      // At least one ping period a round, so every connection is pinged (and pings) while it lasts.
      const rest = cfg.pingMs - (performance.now() - started);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      await read(`round ${round}`);
    }
    const { body } = await callJson(sandbox.url, {
      method: 'GET',
      path: `/__sandbox/api/tenants/${corpId}/bots`,
    });
    const conns = (body as { bots: { connections: { pingsAnswered: number }[] }[] }).bots.flatMap(
      (b) => b.connections,
    );
    const clientCounts = { callbacks: 0, pings: 0, pongs: 0 };
    for (const c of clients) {
      clientCounts.callbacks += c.counts.callbacks;
      clientCounts.pings += c.counts.pings;
      clientCounts.pongs += c.counts.pongs;
    }
    return {
      config: cfg,
      readings,
      connectMs,
      rounds,
      connectedAtEnd: conns.length,
      pingsAnsweredAtEnd: conns.filter((c) => c.pingsAnswered > 0).length,
      clientCounts,
    };
  } finally {
    for (let i = 0; i < clients.length; i += 100)
      await Promise.all(clients.slice(i, i + 100).map((c) => c.close()));
    await sandbox.stop();
  }
}
