#!/usr/bin/env node
/** dingtalk-sandbox — command line. `serve` runs the sandbox on one base URL for all DingTalk hosts. */
import { Command, InvalidArgumentError } from 'commander';
import pc from 'picocolors';
import { generateTenant } from './fixtures/generate.ts';
import { keepYoungGenerationSmallOnceServing } from './heap-tuning.ts';
import { createLogger } from './logger.ts';
import { loadSnapshot } from './snapshots.ts';
import { exposureNotice } from './http/admin/gate.ts';
import { StateFileError } from './persistence.ts';
import { startSandbox } from './start.ts';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
  return n;
};

const program = new Command()
  .name('dingtalk-sandbox')
  .description('A local DingTalk (钉钉) open platform for integration tests')
  .version('0.1.0');

program
  .command('serve')
  .description('serve every DingTalk host, the console and the admin API on one base URL')
  .option('-p, --port <port>', 'port to listen on (0 = any free port)', int('port'), 3700)
  .option('-H, --host <host>', 'interface to listen on (loopback keeps the admin API private)', '127.0.0.1')
  .option('-t, --tenant <file>', 'default tenant snapshot (JSON); the committed default tenant otherwise')
  .option('-u, --users <n>', 'generate the default tenant with this many users instead', int('users'))
  .option('-s, --seed <n>', 'generator seed (with --users)', int('seed'))
  .option('--journal-size <n>', 'journal entries kept per tenant', int('journal size'), 1000)
  .option('--state <file>', 'keep every tenant in this file across restarts (atomic writes)')
  .option(
    '--admin-token <token>',
    'require this token on the admin API (or env DINGTALK_SANDBOX_ADMIN_TOKEN)',
  )
  .option(
    '--public-host <name>',
    'a host name the admin API and the console answer besides loopback ones and IP addresses (repeatable; or env DINGTALK_SANDBOX_PUBLIC_HOSTS, comma-separated)',
    (v: string, all: string[]) => [...all, v],
    [] as string[],
  )
  .option('--log-level <level>', 'fatal|error|warn|info|debug|silent', 'info')
  .action(
    async (opts: {
      port: number;
      host: string;
      tenant?: string;
      users?: number;
      seed?: number;
      journalSize: number;
      logLevel: string;
      state?: string;
      adminToken?: string;
      publicHost: string[];
    }) => {
      const logger = createLogger(opts.logLevel as 'info');
      const snapshot = opts.tenant
        ? loadSnapshot(opts.tenant)
        : opts.users !== undefined
          ? generateTenant({ users: opts.users, seed: opts.seed })
          : undefined;
      const adminToken = opts.adminToken ?? process.env.DINGTALK_SANDBOX_ADMIN_TOKEN;
      const running = await startSandbox({
        port: opts.port,
        host: opts.host,
        snapshot,
        journalSize: opts.journalSize,
        logger,
        statePath: opts.state,
        adminToken,
        publicHosts: [
          ...opts.publicHost,
          ...(process.env.DINGTALK_SANDBOX_PUBLIC_HOSTS ?? '').split(',').map((h) => h.trim()),
        ].filter(Boolean),
      });
      // This process serves calls: short young-generation collections (heap-tuning.ts).
      keepYoungGenerationSmallOnceServing(running.server);
      printBanner(running.url, running.defaultTenant);
      const exposure = exposureNotice(opts.host, adminToken);
      if (exposure) process.stdout.write(`${pc.yellow(`  note: ${exposure}`)}\n`);
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        void running.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    },
  );

program
  .command('generate')
  .description('write a generated tenant snapshot (JSON) — e.g. a large tenant for benchmarks')
  .option('-u, --users <n>', 'number of users', int('users'), 60)
  .option('-s, --seed <n>', 'generator seed', int('seed'))
  .option('-o, --out <file>', 'output file (stdout when omitted)')
  .action(async (opts: { users: number; seed?: number; out?: string }) => {
    const json = JSON.stringify(generateTenant({ users: opts.users, seed: opts.seed }));
    if (!opts.out) {
      process.stdout.write(`${json}\n`);
      return;
    }
    const { writeFileSync } = await import('node:fs');
    writeFileSync(opts.out, `${json}\n`);
    process.stderr.write(`wrote ${opts.out} (${opts.users} users)\n`);
  });

program
  .command('client')
  .description(
    'open a headed Chromium window as the DingTalk client (PC, iOS or Android) on a URL, for manual QA',
  )
  .argument('[url]', "page to open (default: the app's PC or mobile home URL; $CORPID$ is replaced)")
  .requiredOption('--platform <platform>', 'pc | ios | android')
  .requiredOption('--user <userid>', 'the person signed in to the client')
  .option('--app <appKey>', "the micro-app whose page is open (default: the corp's first app)")
  .option('--corp <corpId>', "the corp (default: the sandbox's default tenant)")
  .option('--sandbox <baseUrl>', 'base URL of a running sandbox', 'http://127.0.0.1:3700')
  .action(
    async (
      url: string | undefined,
      opts: { platform: string; user: string; app?: string; corp?: string; sandbox: string },
    ) => {
      // Lazy: Playwright and the shim load only for this command, never for `serve`.
      const { runClientCommand, ClientCommandError } = await import('./client-shim/cli-client.ts');
      try {
        await runClientCommand({ ...opts, ...(url ? { url } : {}) });
      } catch (e) {
        if (!(e instanceof ClientCommandError)) throw e;
        process.stderr.write(`${pc.red('error')}: ${e.message}\n`);
        process.exitCode = 1;
      }
    },
  );

function printBanner(url: string, tenant: Awaited<ReturnType<typeof startSandbox>>['defaultTenant']): void {
  const main = tenant.listApps()[0];
  const lines = [
    pc.bold('dingtalk-sandbox is running'),
    `  base URL (oapi, api, login)  ${pc.cyan(url)}`,
    `  console                      ${pc.cyan(`${url}/__sandbox/`)}`,
    `  admin API                    ${pc.cyan(`${url}/__sandbox/api/tenants`)}`,
    `  default tenant               ${tenant.name}  corpId ${pc.yellow(tenant.corpId)}`,
  ];
  if (main) {
    lines.push(
      `  main app "${main.name}"`,
      `    AppKey     ${pc.yellow(main.appKey)}`,
      `    AppSecret  ${pc.yellow(main.appSecret)}`,
      `    AgentId    ${pc.yellow(String(main.agentId))}`,
    );
  }
  lines.push(`  inboxes                      ${pc.cyan(`${url}/__sandbox/tenants/${tenant.corpId}/inbox`)}`);
  for (const r of tenant.messaging.robots.listRobots()) {
    lines.push(`  robot "${r.name}"  ${pc.cyan(`${url}/robot/send?access_token=${r.accessToken}`)}`);
    if (r.secret) lines.push(`    secret     ${pc.yellow(r.secret)}`);
    if (r.keywords.length) lines.push(`    keywords   ${r.keywords.join(' ')}`);
  }
  if (main) lines.push(`  try: curl '${url}/gettoken?appkey=${main.appKey}&appsecret=${main.appSecret}'`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // A port in use or an unusable state file is a person's to fix: one line, no stack.
  const problem = startProblem(e);
  if (!problem) throw e;
  process.stderr.write(`${pc.red('error')}: ${problem}\n`);
  process.exit(1);
}

function startProblem(e: unknown): string | null {
  if (e instanceof StateFileError) return `${e.message} — fix or remove it to start from the default tenant`;
  const err = e as NodeJS.ErrnoException & { port?: number; address?: string };
  if (err?.syscall !== 'listen') return null;
  const where = `${err.address ?? ''}:${err.port ?? ''}`;
  if (err.code === 'EADDRINUSE')
    return `${where} is already in use (another sandbox?) — stop it or pick another --port`;
  if (err.code === 'EACCES') return `not allowed to listen on ${where} — pick another --port`;
  return `cannot listen on ${where}: ${err.message}`;
}
