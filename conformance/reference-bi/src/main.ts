/**
 * The reference BI's entry: `tsx conformance/reference-bi/src/main.ts [options]`.
 * Options fall back to environment variables (BI_PORT, BI_DB, BI_PUBLIC_URL, DINGTALK_BASE, BI_KEYS…).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import type { LevelWithSilent } from 'pino';
import { startBi } from './app.ts';
import { DEFAULT_PORT, dingTalkHosts, type Bootstrap } from './config.ts';

export { createBiApp, startBi, type BiApp, type RunningBi } from './app.ts';
export type { BiOptions, Bootstrap, DingTalkHosts } from './config.ts';

const env = process.env;

async function main(): Promise<void> {
  const program = new Command('reference-bi')
    .description('观远 BI 参考集成：钉钉扫码登录、应用内免登、账户同步、订阅预警推送')
    .option('--port <n>', 'port to listen on (0 = any free port)', env.BI_PORT ?? String(DEFAULT_PORT))
    .option('--host <host>', 'interface to listen on', env.BI_HOST ?? '127.0.0.1')
    .option(
      '--db <file>',
      'SQLite database file (created and migrated on start)',
      env.BI_DB ?? '.state/reference-bi.sqlite',
    )
    .option(
      '--public-url <url>',
      'where people reach the BI (default http://127.0.0.1:<port>)',
      env.BI_PUBLIC_URL,
    )
    .option(
      '--dingtalk-base <url>',
      'one base URL for every DingTalk host (e.g. the sandbox)',
      env.DINGTALK_BASE,
    )
    .option(
      '--oapi-base <url>',
      'legacy host override (default https://oapi.dingtalk.com)',
      env.DINGTALK_OAPI_BASE,
    )
    .option('--api-base <url>', 'new host override (default https://api.dingtalk.com)', env.DINGTALK_API_BASE)
    .option(
      '--login-base <url>',
      'login page host override (default https://login.dingtalk.com)',
      env.DINGTALK_LOGIN_BASE,
    )
    .option(
      '--bootstrap <file>',
      'JSON file: DingTalk app, feature switch, users to create (seeds settings never saved)',
      env.BI_BOOTSTRAP,
    )
    .option('--keys <list>', 'comma-separated cookie signing keys (random per start if absent)', env.BI_KEYS)
    .option('--scheduler-interval <ms>', 'run due subscriptions and alerts every N ms (0 = off)', '30000')
    .option('--log-level <level>', 'pino level', env.BI_LOG_LEVEL ?? 'info')
    .parse();
  const o = program.opts<Record<string, string | undefined>>();

  const dbPath = o.db!;
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  const bootstrap = o.bootstrap ? (JSON.parse(readFileSync(o.bootstrap, 'utf8')) as Bootstrap) : undefined;
  const bi = await startBi({
    port: Number(o.port),
    host: o.host,
    dbPath,
    publicUrl: o.publicUrl,
    dingtalk: dingTalkHosts(o.dingtalkBase, { oapi: o.oapiBase, api: o.apiBase, login: o.loginBase }),
    keys: o.keys ? o.keys.split(',').filter(Boolean) : undefined,
    bootstrap,
    schedulerIntervalMs: Number(o.schedulerInterval),
    logLevel: o.logLevel as LevelWithSilent,
  });
  // One plain line for people and for tests that start the BI as a child process.
  process.stdout.write(`reference-bi listening on ${bi.url}\n`);
  const shutdown = () => {
    void bi.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  main().catch((e: unknown) => {
    process.stderr.write(`reference-bi failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
