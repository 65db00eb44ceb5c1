/**
 * `--state FILE` across restarts: people stay signed in (user access and refresh tokens, codes of a
 * login in progress), a killed writer's temporary file is cleaned up, and an admin or console write
 * is on disk before it is answered.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readState, sandboxState, STATE_VERSION } from '../../mock-server/src/persistence.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

const dirs: string[] = [];
const running: RunningSandbox[] = [];
afterEach(async () => {
  for (const sb of running.splice(0)) await sb.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dts-restart-'));
  dirs.push(dir);
  return join(dir, 'sandbox.json');
}

async function start(statePath: string): Promise<RunningSandbox> {
  const sb = await startSandbox({ port: 0, statePath });
  running.push(sb);
  return sb;
}

async function post(url: string, json: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(json),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe('--state across a restart', () => {
  it('L1 user access tokens, 30-day refresh tokens and unused login codes keep working; a used code stays used', async () => {
    const statePath = stateFile();
    const first = await start(statePath);
    const t = first.defaultTenant;
    const app = t.listApps().find((a) => a.name === '观远BI')!;
    const client = { clientId: app.appKey, clientSecret: app.appSecret };
    const now = t.clock.now();
    const used = t.authCodes.issue(
      'oauth',
      { appKey: app.appKey, userid: 'manager1471', scopes: ['openid'] },
      now,
    );
    const pending = t.authCodes.issue('oauth', { appKey: app.appKey, userid: 'manager1471' }, now);
    const inApp = t.authCodes.issue('inapp', { appKey: app.appKey, userid: 'manager1471' }, now);
    const pair = await post(`${first.url}/v1.0/oauth2/userAccessToken`, {
      ...client,
      code: used.code,
      grantType: 'authorization_code',
    });
    expect(pair.status).toBe(200);
    const { accessToken, refreshToken } = pair.body as { accessToken: string; refreshToken: string };
    await first.stop();

    const second = await start(statePath);
    const me = await fetch(`${second.url}/v1.0/contact/users/me`, {
      headers: { 'x-acs-dingtalk-access-token': accessToken },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { nick: string }).nick).toBeTruthy();
    const refreshed = await post(`${second.url}/v1.0/oauth2/userAccessToken`, {
      ...client,
      refreshToken,
      grantType: 'refresh_token',
    });
    expect(refreshed.status).toBe(200);
    const byPending = await post(`${second.url}/v1.0/oauth2/userAccessToken`, {
      ...client,
      code: pending.code,
      grantType: 'authorization_code',
    });
    expect(byPending.status).toBe(200);
    const token = (
      (await (
        await fetch(`${second.url}/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)
      ).json()) as {
        access_token: string;
      }
    ).access_token;
    const info = await post(`${second.url}/topapi/v2/user/getuserinfo?access_token=${token}`, {
      code: inApp.code,
    });
    expect(info.body).toMatchObject({ errcode: 0, result: { userid: 'manager1471' } });
    const again = await post(`${second.url}/v1.0/oauth2/userAccessToken`, {
      ...client,
      code: used.code,
      grantType: 'authorization_code',
    });
    expect(again.status).toBe(400);
    expect(
      second.defaultTenant.journal.query({ route: 'api.oauth2.userAccessToken' }).at(-1)?.reason,
    ).toContain('already used');
  });

  it('removes the temporary file a writer killed mid-write left behind, and keeps a live writer’s', async () => {
    const statePath = stateFile();
    const dir = join(statePath, '..');
    // A process id that is not running: far above Linux's default pid_max.
    const dead = join(dir, '.sandbox.json.999999999.tmp');
    const live = join(dir, `.sandbox.json.${process.ppid}.tmp`);
    const unrelated = join(dir, '.other.json.999999999.tmp');
    for (const f of [dead, live, unrelated]) writeFileSync(f, '{"torn":');
    await start(statePath);
    expect([existsSync(dead), existsSync(live), existsSync(unrelated)]).toEqual([false, true, true]);
  });

  it('an admin API write and a console form are in the state file before they are answered', async () => {
    const statePath = stateFile();
    const sb = await start(statePath);
    const corpId = sb.defaultTenant.corpId;
    const created = await post(`${sb.url}/__sandbox/api/tenants/${corpId}/apps`, { name: '持久化应用' });
    expect(created.status).toBe(201);
    const saved = () => JSON.parse(readFileSync(statePath, 'utf8')) as ReturnType<typeof sandboxState>;
    const names = () =>
      saved()
        .tenants.find((x) => x.corpId === corpId)!
        .apps.map((a) => a.name);
    expect(names()).toContain('持久化应用');

    const form = await fetch(`${sb.url}/__sandbox/tenants/${corpId}/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: sb.url },
      body: new URLSearchParams({ name: '控制台应用', description: '从控制台创建' }).toString(),
      redirect: 'manual',
    });
    expect(form.status).toBeLessThan(400);
    expect(names()).toContain('控制台应用');
  });

  it('a state file in a folder that does not exist yet is written there (the folder is made)', async () => {
    const statePath = join(stateFile(), '..', 'not-yet-made', 'sandbox.json');
    const sb = await start(statePath);
    const created = await post(`${sb.url}/__sandbox/api/tenants/${sb.defaultTenant.corpId}/apps`, {
      name: '新文件夹',
    });
    expect(created.status).toBe(201);
    expect(readState(statePath)!.tenants[0]!.apps.map((a) => a.name)).toContain('新文件夹');
  });

  it('a state file written before tokens and codes were kept still loads', async () => {
    const statePath = stateFile();
    const sb = await start(statePath);
    const corpId = sb.defaultTenant.corpId;
    const state = sandboxState(sb.sandbox);
    await sb.stop();
    for (const t of state.tenants) {
      delete t.userTokens;
      delete t.authCodes;
    }
    writeFileSync(statePath, JSON.stringify({ ...state, version: STATE_VERSION }));
    expect(readState(statePath)?.tenants[0]?.corpId).toBe(corpId);
    const again = await start(statePath);
    expect(again.defaultTenant.corpId).toBe(corpId);
  });
});
