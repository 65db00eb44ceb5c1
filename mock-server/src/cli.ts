#!/usr/bin/env node
/** dingtalk-sandbox — command line. `serve` runs the sandbox on one base URL for all DingTalk hosts. */
import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { pino } from 'pino';
import pc from 'picocolors';
import { verifyConfigEvents } from './config/events.ts';
import { describeFailure } from './config/failure.ts';
import { findConfigFile, loadConfig } from './config/load.ts';
import { readyLine, sandboxUrls } from './config/ready.ts';
import { configJsonSchema, LOG_LEVELS } from './config/schema.ts';
import {
  ENV_HELP,
  hostList,
  readSwitchEnv,
  wholeNumber,
  withFileValues,
  type ServeOptions,
} from './config/serve-options.ts';
import { readTenantFile } from './config/tenant-file.ts';
import { tenantsFromConfig } from './config/tenants.ts';
import { packageVersion } from './config/version.ts';
import { generateTenant } from './fixtures/generate.ts';
import { openApiJson } from './openapi/index.ts';
import { ALL_ROUTES } from './http/app.ts';
import { exposureNotice } from './http/admin/gate.ts';
import { createLogger } from './logger.ts';
import { startSandbox } from './start.ts';

const knownRoutes = () => ALL_ROUTES.map((r) => r.id);

/** Commander's own refusals (unknown option, bad value) in the one-line form, with where to look. */
const oneLineErrors = (help: string) => ({
  outputError: (message: string, write: (s: string) => void) =>
    write(
      `${message
        .trim()
        .replace(/\s*\n\s*/g, ' ')
        .replace(/\.$/, '')}; see ${help}\n`,
    ),
});

const program = new Command()
  .name('dingtalk-sandbox')
  .description('A local DingTalk (钉钉) open platform for integration tests')
  .version(packageVersion())
  .configureOutput(oneLineErrors('dingtalk-sandbox --help'));

program
  .command('serve')
  .description('serve every DingTalk host, the console and the admin API on one base URL')
  .configureOutput(oneLineErrors('dingtalk-sandbox serve --help'))
  .addOption(
    new Option(
      '-c, --config <file>',
      'config file (JSON or YAML; default: dingtalk-sandbox.config.json in the working directory)',
    ).env('DINGTALK_SANDBOX_CONFIG'),
  )
  .addOption(
    new Option('-p, --port <port>', 'port to listen on (0 = any free port)')
      .argParser(wholeNumber('port', 0, 65535))
      .default(3700)
      .env('DINGTALK_SANDBOX_PORT'),
  )
  .addOption(
    new Option('-H, --host <host>', 'interface to listen on (loopback keeps the admin API private)')
      .default('127.0.0.1')
      .env('DINGTALK_SANDBOX_HOST'),
  )
  .addOption(
    new Option(
      '-t, --tenant <file>',
      'default tenant snapshot (JSON); the committed default tenant otherwise',
    ).env('DINGTALK_SANDBOX_TENANT'),
  )
  .addOption(
    new Option('-u, --users <n>', 'generate the default tenant with this many users instead')
      .argParser(wholeNumber('users', 1, 200_000))
      .env('DINGTALK_SANDBOX_USERS'),
  )
  .addOption(
    new Option('-s, --seed <n>', 'generator seed (with --users)')
      .argParser(wholeNumber('seed'))
      .env('DINGTALK_SANDBOX_SEED'),
  )
  .addOption(
    new Option('--journal-size <n>', 'journal entries kept per tenant')
      .argParser(wholeNumber('journal size', 1, 1_000_000))
      .default(1000)
      .env('DINGTALK_SANDBOX_JOURNAL_SIZE'),
  )
  .addOption(
    new Option('--state <file>', 'keep every tenant in this file across restarts (atomic writes)').env(
      'DINGTALK_SANDBOX_STATE',
    ),
  )
  .addOption(
    new Option('--admin-token <token>', 'require this token on the admin API and the console').env(
      'DINGTALK_SANDBOX_ADMIN_TOKEN',
    ),
  )
  .addOption(
    new Option(
      '--public-host <name>',
      'a host name the admin API and the console answer besides loopback ones and IP addresses (repeatable, or comma-separated)',
    )
      .argParser(hostList)
      .default([] as string[])
      .env('DINGTALK_SANDBOX_PUBLIC_HOSTS'),
  )
  .addOption(
    new Option('--log-level <level>', 'what is logged')
      .choices(LOG_LEVELS)
      .default('info')
      .env('DINGTALK_SANDBOX_LOG_LEVEL'),
  )
  .addOption(
    new Option(
      '--verbose',
      'one log line per DingTalk call: method, path (secrets masked), outcome, reason (= --log-level debug)',
    ).env('DINGTALK_SANDBOX_VERBOSE'),
  )
  .addOption(
    new Option(
      '--ready-json',
      'once listening, print one JSON line with the URLs on stdout (banner and logs go to stderr)',
    ).env('DINGTALK_SANDBOX_READY_JSON'),
  )
  .addOption(
    new Option(
      '--proxy',
      'also serve an HTTP proxy for HTTPS_PROXY / HTTP_PROXY clients: *.dingtalk.com answered here (TLS with the local CA), every other host refused',
    ).env('DINGTALK_SANDBOX_PROXY'),
  )
  .addOption(
    new Option('--proxy-port <port>', "the proxy's port (0 = any free port)")
      .argParser(wholeNumber('proxy port', 0, 65535))
      .default(3701)
      .env('DINGTALK_SANDBOX_PROXY_PORT'),
  )
  .addOption(
    new Option(
      '--tls',
      "also listen with HTTPS for DingTalk's own host names (oapi/api/login/wss-open-connection.dingtalk.com), with the local CA",
    ).env('DINGTALK_SANDBOX_TLS'),
  )
  .addOption(
    new Option('--tls-port <port>', "the HTTPS listener's port (0 = any free port)")
      .argParser(wholeNumber('TLS port', 0, 65535))
      .default(3443)
      .env('DINGTALK_SANDBOX_TLS_PORT'),
  )
  .addOption(
    new Option(
      '--ca-dir <dir>',
      'where the local CA is made once and kept (default ~/.cache/dingtalk-sandbox/ca)',
    ).env('DINGTALK_SANDBOX_CA_DIR'),
  )
  // More listeners (--tls, --proxy) add their options above and their URLs to `urls` below.
  .addHelpText('after', ENV_HELP)
  .action(async (flags: ServeOptions, cmd: Command) => {
    const configPath = findConfigFile(flags.config);
    const loaded = configPath ? await loadConfig(configPath) : null;
    const opts = withFileValues(cmd, flags, loaded && { path: loaded.path, serve: loaded.config.serve });
    const out = opts.readyJson ? process.stderr : process.stdout;
    const logger = createLogger(
      opts.verbose ? 'debug' : opts.logLevel,
      opts.readyJson ? pino.destination(2) : undefined,
    );
    const fileTenants = loaded?.config.tenants;
    // A flag or variable naming the default tenant wins over the file's tenants.
    const snapshot = opts.tenant
      ? readTenantFile(opts.tenant, knownRoutes)
      : opts.users !== undefined
        ? generateTenant({ users: opts.users, seed: opts.seed })
        : undefined;
    const tenants =
      !snapshot && fileTenants?.length
        ? tenantsFromConfig(fileTenants, { file: configPath!.split(/[\\/]/).pop()!, knownRoutes })
        : undefined;
    // Apps whose `events` say `verify: true` pass check_url before the sandbox starts (config/events.ts).
    if (tenants) await verifyConfigEvents(fileTenants!, tenants, { file: configPath!.split(/[\\/]/).pop()! });
    const adminToken = opts.adminToken || undefined;
    const running = await startSandbox({
      port: opts.port,
      host: opts.host,
      snapshot,
      tenants,
      journalSize: opts.journalSize,
      logger,
      statePath: opts.state,
      adminToken,
      publicHosts: opts.publicHost,
      ...(opts.tls && { tls: { port: opts.tlsPort, caDir: opts.caDir } }),
      ...(opts.proxy && { proxy: { port: opts.proxyPort, caDir: opts.caDir } }),
    });
    const urls = sandboxUrls(running.url);
    if (running.tls) urls.tls = running.tls.url;
    if (running.proxy) urls.proxy = running.proxy.url;
    printBanner(out, running.url, running.defaultTenant);
    const notes = [exposureNotice(opts.host, adminToken)];
    if (loaded) notes.push(`config: ${loaded.path}`);
    if (
      tenants &&
      opts.state &&
      existsSync(opts.state) &&
      running.defaultTenant.corpId !== tenants[0]!.corpId
    )
      notes.push(
        `the state file ${opts.state} holds saved tenants: they are served, not the config file's (delete it to start from the file)`,
      );
    if (running.tls)
      out.write(
        `  HTTPS (*.dingtalk.com)       ${pc.cyan(running.tls.url)}  CA ${pc.cyan(running.tls.caPath)} (also ${running.url}/__sandbox/ca.pem)\n`,
      );
    if (running.proxy)
      out.write(
        `  proxy (HTTPS_PROXY)          ${pc.cyan(running.proxy.url)}  trusting ${pc.cyan(running.proxy.caPath)}\n`,
      );
    for (const n of notes) if (n) out.write(`${pc.yellow(`  note: ${n}`)}\n`);
    if (opts.readyJson)
      process.stdout.write(
        readyLine({
          ready: true,
          version: packageVersion(),
          pid: process.pid,
          port: running.port,
          urls,
          defaultTenant: { corpId: running.defaultTenant.corpId, name: running.defaultTenant.name },
          config: loaded?.path ?? null,
        }),
      );
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      void running.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });

program
  .command('generate')
  .description('write a generated tenant snapshot (JSON) — e.g. a large tenant for benchmarks')
  .configureOutput(oneLineErrors('dingtalk-sandbox generate --help'))
  .option('-u, --users <n>', 'number of users', wholeNumber('users', 1, 1_000_000), 60)
  .option('-s, --seed <n>', 'generator seed', wholeNumber('seed'))
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
  .command('config-schema')
  .description('print the config file\'s JSON Schema (for editors: "$schema" in the file)')
  .action(() => {
    process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  });

program
  .command('openapi')
  .description('print the OpenAPI 3.1 document of the DingTalk hosts and the admin API (docs/decisions/0023)')
  .option('-o, --out <file>', 'output file (stdout when omitted)')
  .action(async (opts: { out?: string }) => {
    const json = openApiJson(ALL_ROUTES);
    if (!opts.out) return void process.stdout.write(json);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(opts.out, json);
    process.stderr.write(`wrote ${opts.out}\n`);
  });

program
  .command('client')
  .description(
    'open a headed Chromium window as the DingTalk client (PC, iOS or Android) on a URL, for manual QA',
  )
  .configureOutput(oneLineErrors('dingtalk-sandbox client --help'))
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

function printBanner(
  out: NodeJS.WritableStream,
  url: string,
  tenant: Awaited<ReturnType<typeof startSandbox>>['defaultTenant'],
): void {
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
  out.write(`${lines.join('\n')}\n`);
}

try {
  readSwitchEnv(process.env);
  await program.parseAsync(process.argv);
} catch (e) {
  // Whatever stops the start is one line on stderr and exit code 1: never a stack, never the
  // bundle's source line (docs/config.md, "When it does not start").
  process.stderr.write(`${pc.red('error')}: ${describeFailure(e)}\n`);
  process.exit(1);
}
