/**
 * `npm start`: the sandbox on 3700 with its default tenant, and the reference BI on 3710 configured
 * against it (观远BI's credentials, DingTalk enabled, admin/admin123 bound to manager1471, a few users
 * bound to directory users, one left unbound) — so a newcomer can sign in with DingTalk at once.
 * This script may import the sandbox; the BI itself never does (it only gets base URLs).
 *
 * State survives restarts: the sandbox keeps every tenant in `.state/sandbox.json` and the BI its
 * database in `.state/reference-bi.sqlite`; the BI's bootstrap only seeds what was never saved.
 * `--fresh` (SANDBOX_FRESH=1) forgets both and starts clean. Options: `npm start -- --help`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { startBi, type RunningBi } from '../conformance/reference-bi/src/app.ts';
import { dingTalkHosts, type Bootstrap } from '../conformance/reference-bi/src/config.ts';
import { getSetting } from '../conformance/reference-bi/src/db/settings.ts';
import { newAesKey } from '../conformance/reference-bi/src/events/callback-crypto.ts';
import { StateFileError } from '../mock-server/src/persistence.ts';
import { startSandbox, type RunningSandbox } from '../mock-server/src/start.ts';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const ADMIN_USERID = 'manager1471';
const BI_APP_NAME = '观远BI';

const port = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n > 65_535)
    throw new InvalidArgumentError('expected a port number (0–65535)');
  return n;
};

const program = new Command('npm start')
  .usage('[-- options]')
  .description('the DingTalk sandbox and the reference BI (观远 BI) configured against it')
  .addOption(new Option('--port <port>', 'sandbox port').env('SANDBOX_PORT').argParser(port).default(3700))
  .addOption(new Option('--bi-port <port>', 'reference BI port').env('BI_PORT').argParser(port).default(3710))
  .addOption(
    new Option('--state <file>', "the sandbox's state (every tenant, kept across restarts)")
      .env('SANDBOX_STATE')
      .default('.state/sandbox.json'),
  )
  .addOption(
    new Option('--bi-db <file>', "the reference BI's SQLite database")
      .env('BI_DB')
      .default('.state/reference-bi.sqlite'),
  )
  .option('--fresh', 'start clean: forget the saved sandbox state and BI database (env SANDBOX_FRESH=1)')
  .showHelpAfterError('(npm start -- --help lists every option)')
  .parse();

const opts = program.opts<{ port: number; biPort: number; state: string; biDb: string; fresh?: boolean }>();
const statePath = resolve(root, opts.state);
const dbPath = resolve(root, opts.biDb);
const fresh = opts.fresh === true || process.env.SANDBOX_FRESH === '1';

/** One line on stderr and exit 1: no stack for a mistake a person can fix. */
function fail(message: string): never {
  process.stderr.write(`${pc.red('error')}: ${message}\n`);
  process.exit(1);
}

function listenProblem(e: unknown, what: string, p: number, flag: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return `${what} port ${p} is already in use (another npm start?) — stop it, or pick another: npm start -- ${flag} ${p + 100}`;
  if (code === 'EACCES')
    return `${what} may not listen on port ${p} — pick another: npm start -- ${flag} ${p + 100}`;
  return `${what} could not start: ${e instanceof Error ? e.message : String(e)}`;
}

if (fresh) {
  for (const f of [statePath, dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });
}
// On a fresh clone .state/ does not exist yet: SQLite does not make the BI database's folder (the
// sandbox's state store makes its own).
mkdirSync(dirname(dbPath), { recursive: true });

let sb: RunningSandbox;
try {
  sb = await startSandbox({ port: opts.port, statePath });
} catch (e) {
  if (e instanceof StateFileError) fail(`${e.message} — start clean with: npm start -- --fresh`);
  if ((e as NodeJS.ErrnoException).syscall !== 'listen') throw e;
  fail(listenProblem(e, 'the sandbox', opts.port, '--port'));
}
const tenant = sb.defaultTenant;
const biUrl = `http://127.0.0.1:${opts.biPort}`;

// The BI's URLs registered in the console follow the BI's port (the snapshot registers 3710): set
// through the admin API, as a person would, so the change is saved with the state.
const app = tenant.listApps().find((a) => a.name === BI_APP_NAME);
if (app) {
  const rehome = (u: string) =>
    u.replace(/^http:\/\/(127\.0\.0\.1|localhost):\d+(?=\/(auth\/)?dingtalk\/)/, biUrl);
  const redirectUrls = app.redirectUrls.map(rehome);
  const webApp = {
    ...app.webApp,
    pcHomeUrl: rehome(app.webApp.pcHomeUrl),
    mobileHomeUrl: rehome(app.webApp.mobileHomeUrl),
  };
  if (
    JSON.stringify({ redirectUrls, webApp }) !==
    JSON.stringify({ redirectUrls: app.redirectUrls, webApp: app.webApp })
  ) {
    const r = await fetch(`${sb.url}/__sandbox/api/tenants/${tenant.corpId}/apps/${app.appKey}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirectUrls, webApp }),
    });
    if (!r.ok)
      process.stderr.write(
        `${pc.yellow('warning')}: could not point ${BI_APP_NAME} at ${biUrl}: ${await r.text()}\n`,
      );
  }
}

const users = [...tenant.directory.allUsers()].filter(
  (u) => !u.resigned && u.active && u.userid !== ADMIN_USERID,
);
const bound = users.slice(0, 3);
// Seeds a new BI database only: whatever an admin saved there (确定 …) is kept (bootstrap.ts).
const bootstrap: Bootstrap = {
  dingtalkFeature: true,
  ...(app
    ? {
        dingtalk: {
          appKey: app.appKey,
          appSecret: app.appSecret,
          agentId: app.agentId,
          corpId: tenant.corpId,
          enabled: true,
          generation: 'new' as const,
        },
      }
    : {}),
  // 事件订阅: the receiver's secrets (a new database's own); registered in the sandbox below.
  dingtalkEvents: { token: randomBytes(8).toString('hex'), aesKey: newAesKey() },
  users: [
    {
      username: 'admin',
      displayName: '系统管理员',
      password: 'admin123',
      role: 'admin',
      dingtalkUserid: ADMIN_USERID,
    },
    ...bound.map((u, i) => ({
      username: `analyst${i + 1}`,
      displayName: u.name,
      password: 'user123',
      dingtalkUserid: u.userid,
    })),
    { username: 'guest', displayName: '未绑定用户', password: 'guest123' },
  ],
};

let bi: RunningBi;
try {
  bi = await startBi({
    port: opts.biPort,
    dbPath,
    dingtalk: dingTalkHosts(sb.url),
    bootstrap,
    schedulerIntervalMs: 30_000,
    logLevel: (process.env.BI_LOG_LEVEL as 'info' | undefined) ?? 'warn',
  });
} catch (e) {
  await sb.stop();
  if ((e as NodeJS.ErrnoException).syscall !== 'listen') throw e;
  fail(listenProblem(e, 'the reference BI', opts.biPort, '--bi-port'));
}

await subscribeBiToEvents();
printBanner();

const shutdown = () => {
  void Promise.all([bi.stop(), sb.stop()]).then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

/**
 * 事件订阅 as a person would set it in the console: 观远BI pushes directory events to the BI's receiver
 * over HTTP (the check_url handshake runs now that the BI listens), so a person who leaves in the
 * sandbox is deactivated in the BI at once (V5). A subscription pointing somewhere else is left alone.
 */
async function subscribeBiToEvents(): Promise<void> {
  const secrets = getSetting(bi.services.db, 'dingtalk.events');
  if (!app || !secrets || getSetting(bi.services.db, 'dingtalk.app')?.appKey !== app.appKey) return;
  const path = `${sb.url}/__sandbox/api/tenants/${tenant.corpId}/apps/${app.appKey}/event-subscription`;
  const url = `${bi.url}/dingtalk/events`;
  const current = await fetch(path);
  const existing = current.ok ? ((await current.json()) as { url?: string; eventTypes?: unknown }) : null;
  if (existing && existing.url !== url) return;
  const r = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'http', url, ...secrets, eventTypes: existing?.eventTypes ?? '*' }),
  });
  if (!r.ok)
    process.stderr.write(
      `${pc.yellow('warning')}: could not subscribe the BI to ${BI_APP_NAME}'s events: ${await r.text()}\n`,
    );
}

function printBanner(): void {
  /** Terminal width of a label: CJK characters take two columns. */
  const width = (s: string) => [...s].reduce((n, c) => n + (/[\u2e80-\uffff]/.test(c) ? 2 : 1), 0);
  const line = (k: string, v: string) =>
    console.log(`  ${pc.dim(k + ' '.repeat(Math.max(1, 24 - width(k))))}${v}`);
  const saved = getSetting(bi.services.db, 'dingtalk.app');
  console.log();
  console.log(pc.bold('观远 BI（参考集成） + 钉钉沙箱'));
  line('BI 登录页', pc.cyan(`${bi.url}/login`));
  line('BI 管理员', `admin / admin123（钉钉账号 ${ADMIN_USERID}）`);
  for (const [i, u] of bound.entries())
    line(`BI 用户 ${i + 1}`, `analyst${i + 1} / user123（钉钉账号 ${u.userid}，${u.name}）`);
  line('未绑定用户', 'guest / guest123（无钉钉账号：扫码登录会显示 bindKey）');
  line('钉钉集成设置', `${bi.url}/admin/integrations/dingtalk`);
  line('事件订阅（通讯录变更）', `${bi.url}/dingtalk/events`);
  line('PC 端首页（应用内）', `${bi.url}/dingtalk/pc?corpId=${tenant.corpId}`);
  line('移动端首页（应用内）', `${bi.url}/dingtalk/mobile?corpId=${tenant.corpId}`);
  console.log();
  line('钉钉沙箱 base URL', pc.cyan(sb.url));
  line('开发者后台 console', pc.cyan(`${sb.url}/__sandbox/`));
  line('沙箱管理 API', `${sb.url}/__sandbox/api/tenants`);
  line('工作通知收件箱', `${sb.url}/__sandbox/tenants/${tenant.corpId}/inbox`);
  line('模拟手机', `扫码登录页上的「沙箱：打开模拟手机扫码」，或 ${sb.url}/login/phone?sid=…`);
  line('CorpId', pc.yellow(tenant.corpId));
  if (app) {
    line(`AppKey（${BI_APP_NAME}）`, pc.yellow(app.appKey));
    line(`AppSecret（${BI_APP_NAME}）`, pc.yellow(app.appSecret));
    line('AgentId', pc.yellow(String(app.agentId)));
  } else {
    line(BI_APP_NAME, pc.yellow(`已从沙箱删除 (deleted) — npm start -- --fresh 从头开始`));
  }
  // The default bot (Stream mode): what a bot built on dingtalk-stream needs, and where to write to it.
  const bot = tenant.listApps().find((a) => a.robot?.stream);
  if (bot) {
    line(`机器人 robotCode / clientId（${bot.name}）`, pc.yellow(bot.appKey));
    line(`clientSecret（${bot.name}）`, pc.yellow(bot.appSecret));
    line(
      '给机器人发消息 (a person writes)',
      `POST ${sb.url}/__sandbox/api/tenants/${tenant.corpId}/bots/${bot.appKey}/messages`,
    );
  }
  if (saved && !sb.sandbox.findApp(saved.appKey))
    line('BI 已保存的 AppKey', pc.yellow(`${saved.appKey} 不在沙箱中 (unknown here) — 重新配置，或 --fresh`));
  line('沙箱状态 state', `${statePath}（--fresh 从头开始 / start clean）`);
  line('BI 数据库', dbPath);
  console.log();
  console.log(
    `  用钉钉登录：打开 ${bi.url}/login → 钉钉扫码登录 → 打开模拟手机 → 选择 ${ADMIN_USERID} → 扫码 → 登录`,
  );
  if (app) {
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    console.log();
    console.log(`  ${pc.bold('试一试 (a short tour, copy and paste)')}`);
    const tour = [
      `export BASE=${sb.url} APPKEY=${q(app.appKey)} APPSECRET=${q(app.appSecret)}`,
      `curl -s "$BASE/gettoken?appkey=$APPKEY&appsecret=$APPSECRET"`,
      `TOKEN=$(curl -s "$BASE/gettoken?appkey=$APPKEY&appsecret=$APPSECRET" | node -pe 'JSON.parse(require("fs").readFileSync(0,"utf8")).access_token')`,
      `curl -s -XPOST "$BASE/topapi/v2/user/get?access_token=$TOKEN" -H 'content-type: application/json' -d '{"userid":"${ADMIN_USERID}"}'`,
    ];
    for (const l of tour) console.log(`    ${l}`);
  }
  console.log(pc.dim('  Ctrl-C 退出 (quit)'));
}
