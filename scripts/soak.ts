/**
 * The soak: a long run of mixed requests — DingTalk calls on every host, QR login pages (each makes a
 * session), work notifications, refusals, malformed bodies, admin API reads, console pages — on
 * keep-alive connections (autocannon) to a sandbox in a child process, while whole web logins run
 * beside them (QR session → scan → confirm → code → user token → users/me → refresh) and the login
 * tenant's clock moves on. RSS is sampled as it goes, each time after a full GC. Checks: the process lives, no 5xx, no
 * connection errors, no error-level log line, RSS after warm-up grows < 10 %, and the journal, the
 * QR sessions and the user tokens stay bounded.
 *
 *   npx tsx scripts/soak.ts [--short] [--requests N] [--connections C]
 *
 * `npm run soak` sends 1,000,000 requests; `--short` 20,000.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startChild, type SandboxChild } from './robustness/child.ts';
import { cpuOf } from './fuzz.ts';
import { createScratch, readFixture, type Fixture } from './robustness/targets.ts';

export interface SoakOptions {
  requests: number;
  connections?: number;
  /** Share of the run before RSS is taken as the baseline. */
  warmup?: number;
  journalSize?: number;
  log?: (line: string) => void;
}

export interface RssSample {
  requests: number;
  rss: number;
}

export interface SoakReport {
  requests: number;
  wallMs: number;
  reqPerSec: number;
  sandboxCpuMs: number;
  statuses: Record<string, number>;
  fiveXx: number;
  connectionErrors: number;
  timeouts: number;
  crashed: string | null;
  errorLogLines: string[];
  logins: number;
  samples: RssSample[];
  rss: { start: number; warm: number; end: number; max: number; growth: number };
  stores: { journal: number; journalSize: number; qrSessions: number; userTokens: number };
}

const MB = 1024 * 1024;

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const journalSize = options.journalSize ?? 1000;
  // At info: error and warning lines still count; debug would add a line per call (--verbose), 20,000 of them.
  const child = await startChild({ journalSize, gcOnSignal: true, args: ['--log-level', 'info'] });
  const started = performance.now();
  try {
    const fx = await readFixture(child.url);
    const login = await createScratch(child.url);
    const requests = await mix(child.url, fx);
    const sampleEvery = Math.max(1000, Math.round(options.requests / 100));
    const warmAt = Math.round(options.requests * (options.warmup ?? 0.2));
    const samples: RssSample[] = [];
    const sample = async (at: number) => {
      await child.fullGc();
      samples.push({ requests: at, rss: child.rss() });
    };
    await sample(0);
    let answered = 0;
    let stop = false;
    log(
      `soak: ${options.requests} requests, ${requests.length} requests in turn on each connection, sandbox pid ${child.pid}`,
    );
    const flows = loginLoop(child, login, () => stop);
    // RSS after a full GC every `sampleEvery` answers (the load goes on meanwhile).
    const sampler = (async () => {
      for (let at = sampleEvery; at < options.requests && !stop; at += sampleEvery) {
        while (answered < at && !stop) await new Promise((r) => setTimeout(r, 50));
        if (!stop) await sample(answered);
      }
    })();
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: child.url,
          connections: options.connections ?? 16,
          amount: options.requests,
          requests,
          timeout: 30,
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      instance.on('response', () => {
        answered++;
      });
    });
    stop = true;
    const logins = await flows;
    await sampler;
    await sample(answered);
    const stores = await readStores(child.url, fx.corpId, login.corpId, journalSize);
    const wallMs = Math.round(performance.now() - started);
    const after = samples.filter((s) => s.requests >= warmAt);
    const warm = median(after.slice(0, 3).map((s) => s.rss));
    const end = median(samples.slice(-3).map((s) => s.rss));
    const statuses: Record<string, number> = {};
    for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = v.count ?? 0;
    const report: SoakReport = {
      requests: answered,
      wallMs,
      reqPerSec: Math.round(answered / (result.duration || 1)),
      sandboxCpuMs: cpuOf(child.pid),
      statuses,
      fiveXx: result['5xx'],
      connectionErrors: result.errors,
      timeouts: result.timeouts,
      crashed: child.exited,
      errorLogLines: child.errorLines.map((l) => l.raw.slice(0, 2000)),
      logins,
      samples,
      rss: {
        start: samples[0]!.rss,
        warm,
        end,
        max: Math.max(...after.map((s) => s.rss)),
        growth: warm ? (end - warm) / warm : 0,
      },
      stores,
    };
    printReport(report, log);
    return report;
  } finally {
    await child.stop();
  }
}

/** The mixed requests autocannon sends in turn on every connection. */
async function mix(url: string, fx: Fixture): Promise<autocannon.Request[]> {
  const json = { 'content-type': 'application/json' };
  const redirect = encodeURIComponent('http://127.0.0.1:3710/auth/dingtalk/callback');
  const auth = `/oauth2/auth?client_id=${fx.appKey}&redirect_uri=${redirect}&response_type=code&scope=openid&state=s`;
  // The QR card page: each visit opens a QR session (bounded per tenant).
  const challenge = (await fetch(`${url}${auth}`, { redirect: 'manual' })).headers.get('location') ?? auth;
  const tokenQ = `access_token=${fx.token}`;
  const cheap: autocannon.Request[] = [
    { method: 'GET', path: `/gettoken?appkey=${fx.appKey}&appsecret=${fx.appSecret}` },
    {
      method: 'POST',
      path: `/topapi/v2/user/get?${tokenQ}`,
      headers: json,
      body: JSON.stringify({ userid: fx.userid }),
    },
    {
      method: 'POST',
      path: `/topapi/v2/user/list?${tokenQ}`,
      headers: json,
      body: '{"dept_id":1,"cursor":0,"size":10}',
    },
    { method: 'POST', path: `/topapi/v2/department/listsub?${tokenQ}`, headers: json, body: '{"dept_id":1}' },
    {
      method: 'POST',
      path: '/v1.0/oauth2/accessToken',
      headers: json,
      body: JSON.stringify({ appKey: fx.appKey, appSecret: fx.appSecret }),
    },
    {
      method: 'GET',
      path: '/v1.0/contact/users/me',
      headers: { 'x-acs-dingtalk-access-token': 'not-a-token' },
    },
    {
      method: 'POST',
      path: `/topapi/message/corpconversation/asyncsend_v2?${tokenQ}`,
      headers: json,
      body: JSON.stringify({
        agent_id: fx.agentId,
        userid_list: fx.userid,
        msg: { msgtype: 'text', text: { content: 'soak' } },
      }),
    },
    { method: 'POST', path: `/topapi/v2/user/get?${tokenQ}`, headers: json, body: '{"userid":' },
    {
      method: 'POST',
      path: '/v1.0/oauth2/userAccessToken',
      headers: json,
      body: JSON.stringify({
        clientId: fx.appKey,
        clientSecret: fx.appSecret,
        code: 'nope',
        grantType: 'authorization_code',
      }),
    },
    { method: 'GET', path: '/login/qr/status?sid=nope' },
    { method: 'GET', path: '/nope?x=1' },
    { method: 'GET', path: `/__sandbox/api/tenants/${fx.corpId}/journal?limit=5` },
  ];
  // Pages cost more (a QR code, a journal of 1,000 rows): once a round, the cheap calls three times.
  return [
    ...cheap,
    { method: 'GET', path: challenge },
    ...cheap,
    { method: 'GET', path: `/__sandbox/tenants/${fx.corpId}/journal` },
    ...cheap,
  ];
}

/** Whole web logins, one after another, on their own tenant, whose clock moves on. */
async function loginLoop(
  child: SandboxChild,
  tenant: { corpId: string; appKey: string },
  stopped: () => boolean,
): Promise<number> {
  const base = child.url;
  const apps = (await (await fetch(`${base}/__sandbox/api/tenants/${tenant.corpId}/apps`)).json()) as {
    apps?: { appKey: string; appSecret: string; name: string }[];
  };
  const app = apps.apps?.find((a) => a.name === '观远BI') ?? apps.apps?.[0];
  if (!app) return 0;
  const admin = `${base}/__sandbox/api/tenants/${tenant.corpId}`;
  const post = (u: string, body: unknown) =>
    fetch(u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const redirect = encodeURIComponent('http://127.0.0.1:3710/auth/dingtalk/callback');
  let n = 0;
  while (!stopped() && child.exited === null) {
    const auth = await fetch(
      `${base}/oauth2/auth?client_id=${app.appKey}&redirect_uri=${redirect}&response_type=code&scope=openid&state=s`,
      { redirect: 'manual' },
    );
    const page = await (await fetch(new URL(auth.headers.get('location') ?? '/', base))).text();
    const sid = /data-sid="([^"]+)"/.exec(page)?.[1];
    if (!sid) break;
    await post(`${admin}/qr/${sid}/scan`, { userid: 'manager1471' });
    await post(`${admin}/qr/${sid}/confirm`, {});
    const done = await fetch(`${base}/oauth2/continue?sid=${sid}`, { redirect: 'manual' });
    const code = new URL(done.headers.get('location') ?? '/', base).searchParams.get('authCode');
    if (!code) break;
    const tok = (await (
      await post(`${base}/v1.0/oauth2/userAccessToken`, {
        clientId: app.appKey,
        clientSecret: app.appSecret,
        code,
        grantType: 'authorization_code',
      })
    ).json()) as { accessToken?: string; refreshToken?: string };
    await fetch(`${base}/v1.0/contact/users/me`, {
      headers: { 'x-acs-dingtalk-access-token': tok.accessToken ?? '' },
    });
    await (
      await post(`${base}/v1.0/oauth2/userAccessToken`, {
        clientId: app.appKey,
        clientSecret: app.appSecret,
        refreshToken: tok.refreshToken,
        grantType: 'refresh_token',
      })
    ).text();
    n++;
    // Access tokens expire (2 h) every 50 logins; unused refresh tokens (30 days) every 500.
    if (n % 50 === 0) await (await post(`${admin}/clock`, { advanceSeconds: 3 * 3600 })).text();
    if (n % 500 === 0) await (await post(`${admin}/clock`, { advanceSeconds: 31 * 86400 })).text();
  }
  return n;
}

async function readStores(url: string, corpId: string, loginCorpId: string, journalSize: number) {
  const get = async (path: string) =>
    (await (await fetch(`${url}${path}`)).json()) as Record<string, unknown>;
  const journal = (await get(`/__sandbox/api/tenants/${corpId}/journal?limit=1000000`)).entries as unknown[];
  const qr = await get(`/__sandbox/api/tenants/${corpId}/qr?all=1`);
  const sessions = (qr.sessions ?? []) as unknown[];
  const exported = await get(`/__sandbox/api/tenants/${loginCorpId}/export`);
  const tokens = (exported.userTokens ??
    (exported.tenant as Record<string, unknown> | undefined)?.userTokens ??
    []) as unknown[];
  return { journal: journal.length, journalSize, qrSessions: sessions.length, userTokens: tokens.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function printReport(r: SoakReport, log: (l: string) => void): void {
  const mb = (b: number) => `${(b / MB).toFixed(1)} MB`;
  log(
    `soak: ${r.requests} requests in ${(r.wallMs / 1000).toFixed(1)} s wall (${r.reqPerSec} req/s), sandbox cpu ${r.sandboxCpuMs} ms (user+sys), ${r.logins} whole logins beside`,
  );
  log(`  statuses    ${JSON.stringify(r.statuses)}`);
  log(
    `  rss         start ${mb(r.rss.start)} · after warm-up ${mb(r.rss.warm)} · end ${mb(r.rss.end)} · max ${mb(r.rss.max)} · growth ${(r.rss.growth * 100).toFixed(1)} %`,
  );
  log(
    `  stores      journal ${r.stores.journal}/${r.stores.journalSize} · QR sessions ${r.stores.qrSessions} · live user tokens ${r.stores.userTokens}`,
  );
  log(
    `  crashes ${r.crashed ? 1 : 0} · 5xx ${r.fiveXx} · connection errors ${r.connectionErrors} (timeouts ${r.timeouts}) · error log lines ${r.errorLogLines.length}`,
  );
}

export function soakFailed(r: SoakReport): boolean {
  return (
    r.crashed !== null ||
    r.fiveXx > 0 ||
    r.connectionErrors > 0 ||
    r.errorLogLines.length > 0 ||
    r.rss.growth >= 0.1 ||
    r.stores.journal > r.stores.journalSize ||
    r.stores.qrSessions > 1000
  );
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values } = parseArgs({
    options: { short: { type: 'boolean' }, requests: { type: 'string' }, connections: { type: 'string' } },
  });
  const report = await runSoak({
    requests: values.requests ? Number(values.requests) : values.short ? 20_000 : 1_000_000,
    connections: values.connections ? Number(values.connections) : undefined,
  });
  process.exitCode = soakFailed(report) ? 1 : 0;
}
