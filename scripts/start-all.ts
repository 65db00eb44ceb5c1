/**
 * `npm start`: the sandbox on 3700 with its default tenant, and the reference BI on 3710 configured
 * against it (观远BI's credentials, DingTalk enabled, admin/admin123 bound to manager1471, a few users
 * bound to directory users, one left unbound) — so a newcomer can sign in with DingTalk at once.
 * This script may import the sandbox; the BI itself never does (it only gets base URLs).
 * Ports: SANDBOX_PORT, BI_PORT; BI database: BI_DB (default .state/reference-bi.sqlite).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pc from 'picocolors';
import { startBi } from '../conformance/reference-bi/src/app.ts';
import { dingTalkHosts, type Bootstrap } from '../conformance/reference-bi/src/config.ts';
import type { TenantSnapshot } from '../mock-server/src/domain/tenant.ts';
import { keepYoungGenerationSmallOnceServing } from '../mock-server/src/heap-tuning.ts';
import { startSandbox } from '../mock-server/src/start.ts';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const snapshot = JSON.parse(
  readFileSync(resolve(root, 'fixtures/snapshots/default-tenant.json'), 'utf8'),
) as TenantSnapshot;
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 3700);
const biPort = Number(process.env.BI_PORT ?? 3710);
const dbPath = resolve(root, process.env.BI_DB ?? '.state/reference-bi.sqlite');

const ADMIN_USERID = 'manager1471';
const app = snapshot.apps.find((a) => a.name === '观远BI');
if (!app) throw new Error('the default tenant snapshot has no app 观远BI');
const users = snapshot.directory.users.filter((u) => !u.resigned && u.active && u.userid !== ADMIN_USERID);
const bound = users.slice(0, 3);

const bootstrap: Bootstrap = {
  dingtalkFeature: true,
  dingtalk: {
    appKey: app.appKey,
    appSecret: app.appSecret,
    agentId: app.agentId,
    corpId: snapshot.corpId,
    enabled: true,
    generation: 'new',
  },
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

mkdirSync(dirname(dbPath), { recursive: true });
const sb = await startSandbox({ port: sandboxPort, snapshot });
// A server process, as `dingtalk-sandbox serve` is (mock-server/src/heap-tuning.ts).
keepYoungGenerationSmallOnceServing(sb.server);
const tenant = sb.defaultTenant;
const biUrl = `http://127.0.0.1:${biPort}`;
if (biPort !== 3710) {
  // The snapshot registers port 3710; tell the sandbox's console where the BI really is.
  const live = tenant.getApp(app.appKey)!;
  live.redirectUrls = [`${biUrl}/auth/dingtalk/callback`];
  live.webApp = {
    enabled: true,
    pcHomeUrl: `${biUrl}/dingtalk/pc?corpId=$CORPID$`,
    mobileHomeUrl: `${biUrl}/dingtalk/mobile?corpId=$CORPID$`,
  };
}
const bi = await startBi({
  port: biPort,
  dbPath,
  dingtalk: dingTalkHosts(sb.url),
  bootstrap,
  schedulerIntervalMs: 30_000,
  logLevel: (process.env.BI_LOG_LEVEL as 'info' | undefined) ?? 'warn',
});

/** Terminal width of a label: CJK characters take two columns. */
const width = (s: string) => [...s].reduce((n, c) => n + (/[\u2e80-\uffff]/.test(c) ? 2 : 1), 0);
const line = (k: string, v: string) =>
  console.log(`  ${pc.dim(k + ' '.repeat(Math.max(1, 22 - width(k))))}${v}`);
console.log();
console.log(pc.bold('观远 BI（参考集成） + 钉钉沙箱'));
line('BI 登录页', `${bi.url}/login`);
line('BI 管理员', `admin / admin123（钉钉账号 ${ADMIN_USERID}）`);
for (const [i, u] of bound.entries())
  line(`BI 用户 ${i + 1}`, `analyst${i + 1} / user123（钉钉账号 ${u.userid}，${u.name}）`);
line('未绑定用户', 'guest / guest123（无钉钉账号：扫码登录会显示 bindKey）');
line('钉钉集成设置', `${bi.url}/admin/integrations/dingtalk`);
line('PC 端首页（应用内）', `${bi.url}/dingtalk/pc?corpId=${tenant.corpId}`);
line('移动端首页（应用内）', `${bi.url}/dingtalk/mobile?corpId=${tenant.corpId}`);
console.log();
line('钉钉沙箱', sb.url);
line('沙箱管理 API', `${sb.url}/__sandbox/api/tenants`);
line('工作通知收件箱', `${sb.url}/__sandbox/tenants/${tenant.corpId}/inbox`);
line('模拟手机', `扫码登录页上的「沙箱：打开模拟手机扫码」，或 ${sb.url}/login/phone?sid=…`);
line('CorpId', tenant.corpId);
line('AppKey（观远BI）', app.appKey);
line('AgentId', String(app.agentId));
line('BI 数据库', dbPath);
console.log();
console.log(
  `  用钉钉登录：打开 ${bi.url}/login → 钉钉扫码登录 → 打开模拟手机 → 选择 ${ADMIN_USERID} → 扫码 → 登录`,
);
console.log(pc.dim('  Ctrl-C 退出'));

const shutdown = () => {
  void Promise.all([bi.stop(), sb.stop()]).then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
