/**
 * A sandbox (listening on a free port) and a reference BI configured against it, with a temp
 * database, back-off that costs no time (the delays are recorded), and an admin signed in.
 * Tests may import the sandbox; the BI's source may not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBi, type RunningBi } from '../../src/app.ts';
import { dingTalkHosts, type BiOptions, type Bootstrap } from '../../src/config.ts';
import { startSandbox, type RunningSandbox } from '../../../../mock-server/src/start.ts';
import { Agent, type Reply } from './agent.ts';

export interface SandboxApp {
  name: string;
  appKey: string;
  appSecret: string;
  agentId: number;
}

export const ADMIN = { username: 'admin', password: 'admin123', userid: 'manager1471' };

export interface Stack {
  sb: RunningSandbox;
  bi: RunningBi;
  corpId: string;
  app: SandboxApp;
  apps: SandboxApp[];
  dbPath: string;
  /** Back-off delays the BI asked for (never actually waited). */
  sleeps: number[];
  admin: Agent;
  agent(): Agent;
  sandbox<T = Record<string, unknown>>(method: string, path: string, json?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function sandboxCall<T>(base: string, method: string, path: string, json?: unknown): Promise<T> {
  const res = await fetch(`${base}/__sandbox/api${path}`, {
    method,
    headers: json !== undefined ? { 'content-type': 'application/json' } : {},
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export async function startStack(
  opts: {
    /** A fresh tenant of this many generated users instead of the default tenant. */
    users?: number;
    /** Which app's credentials the BI is configured with. */
    appName?: string;
    bootstrap?: Partial<Bootstrap>;
    bi?: Partial<BiOptions>;
  } = {},
): Promise<Stack> {
  const sb = await startSandbox({ port: 0 });
  const call = <T>(method: string, path: string, json?: unknown) =>
    sandboxCall<T>(sb.url, method, path, json);
  let corpId = sb.defaultTenant.corpId;
  let apps: SandboxApp[] = sb.defaultTenant.listApps();
  if (opts.users) {
    const t = await call<{ corpId: string; apps: SandboxApp[] }>('POST', '/tenants', {
      users: opts.users,
      seed: 7,
    });
    corpId = t.corpId;
    apps = t.apps;
  }
  const app = apps.find((a) => a.name === (opts.appName ?? '观远BI'))!;
  const dir = mkdtempSync(join(tmpdir(), 'reference-bi-'));
  const dbPath = join(dir, 'bi.sqlite');
  const sleeps: number[] = [];
  const bi = await startBi({
    port: 0,
    dbPath,
    dingtalk: dingTalkHosts(sb.url),
    logLevel: 'silent',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...opts.bi,
    bootstrap: {
      dingtalkFeature: true,
      dingtalk: { appKey: app.appKey, appSecret: app.appSecret, agentId: app.agentId, corpId, enabled: true },
      users: [{ ...ADMIN, displayName: '系统管理员', role: 'admin', dingtalkUserid: ADMIN.userid }],
      ...opts.bootstrap,
    },
  });
  const admin = new Agent(bi.url);
  await admin.login(ADMIN.username, ADMIN.password);
  return {
    sb,
    bi,
    corpId,
    app,
    apps,
    dbPath,
    sleeps,
    admin,
    agent: () => new Agent(bi.url),
    sandbox: call,
    async stop() {
      await bi.stop();
      await sb.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Web QR login as `userid` through the sandbox's pages, acting as the phone through the admin API:
 * BI start → DingTalk authorize page → scan + confirm → (consent) → back to the BI's callback.
 * Returns the BI's answer to the callback.
 */
export async function qrLogin(
  stack: Stack,
  agent: Agent,
  userid: string,
  start = '/auth/dingtalk/start',
): Promise<Reply> {
  const phone = new Agent(stack.sb.url);
  const begin = await agent.get(start);
  if (begin.status !== 302 || !begin.location) throw new Error(`start did not redirect: ${begin.status}`);
  const state = new URL(begin.location).searchParams.get('state');
  let page = await phone.get(begin.location);
  while (page.status === 302 && page.location?.startsWith(stack.sb.url))
    page = await phone.get(page.location);
  const { sessions } = await stack.sandbox<{ sessions: { sid: string; state: string }[] }>(
    'GET',
    `/tenants/${stack.corpId}/qr`,
  );
  const s = sessions.find((x) => x.state === state);
  if (!s) throw new Error(`no QR session for state ${state}: ${page.status} ${page.text.slice(0, 200)}`);
  await stack.sandbox('POST', `/tenants/${stack.corpId}/qr/${s.sid}/scan`, { userid });
  // A refused confirmation (X4: resigned, outside the visible range) still ends in a redirect with ?error=.
  await stack.sandbox('POST', `/tenants/${stack.corpId}/qr/${s.sid}/confirm`).catch(() => undefined);
  const status = (await phone.get(`/login/qr/status?sid=${s.sid}`)).json<{ next?: string }>();
  if (!status.next) throw new Error(`QR session did not complete: ${JSON.stringify(status)}`);
  let next = await phone.get(status.next);
  if (next.status === 200 && next.text.includes('/oauth2/consent')) {
    next = await phone.post('/oauth2/consent', { sid: s.sid, decision: 'agree' });
  }
  if (next.status !== 302 || !next.location)
    throw new Error(`no redirect back: ${next.status} ${next.text.slice(0, 300)}`);
  return agent.get(next.location);
}
