import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../mock-server/src/start.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

type TenantView = {
  corpId: string;
  users: number;
  apps: { appKey: string; appSecret: string }[];
  clock: { now: number };
};

describe('admin API: tenants', () => {
  it('creates a tenant from a generator size and from a named snapshot', async () => {
    const s = makeSandbox();
    const big = (
      await s.request('POST', '/__sandbox/api/tenants', { json: { users: 250, seed: 3 } })
    ).json() as TenantView;
    expect(big.users).toBe(250);
    const saved = await s.request('POST', '/__sandbox/api/snapshots', {
      json: { name: 'big', corpId: big.corpId },
    });
    expect(saved.statusCode).toBe(201);
    const copy = (
      await s.request('POST', '/__sandbox/api/tenants', { json: { snapshot: 'big' } })
    ).json() as TenantView;
    expect(copy.users).toBe(250);
    expect(copy.corpId).not.toBe(big.corpId);
    const missing = await s.request('POST', '/__sandbox/api/tenants', { json: { snapshot: 'nope' } });
    expect([missing.statusCode, missing.json().error.message]).toEqual([
      404,
      'no snapshot named "nope"; known: big',
    ]);
  });

  it('refuses unknown fields when creating a tenant', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', '/__sandbox/api/tenants', { json: { userz: 5 } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('invalidBody');
  });

  it('export → import → export gives identical JSON for a tenant with users, messages and rules', async () => {
    const s = makeSandbox();
    const t = (
      await s.request('POST', '/__sandbox/api/tenants', { json: { users: 120 } })
    ).json() as TenantView;
    const tenant = s.sandbox.getTenant(t.corpId)!;
    await s.request('POST', `/__sandbox/api/tenants/${t.corpId}/faults`, {
      json: { match: { route: 'oapi.v2.user.get' }, action: { type: 'rateLimit' }, times: 3 },
    });
    // A work notification to three people, one of whom reads it, and a robot message in the group.
    const app = tenant.listApps()[0]!;
    const token = (
      (await s.request('GET', `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)).json() as {
        access_token: string;
      }
    ).access_token;
    const users = [...tenant.directory.allUsers()].slice(0, 3).map((u) => u.userid);
    const sent = await s.topapi('/topapi/message/corpconversation/asyncsend_v2', token, {
      agent_id: app.agentId,
      userid_list: users.join(','),
      msg: { msgtype: 'markdown', markdown: { title: '日报', text: '## 销售额 **42**' } },
    });
    expect(sent.errcode).toBe(0);
    const inbox = (await s.request('GET', `/__sandbox/api/tenants/${t.corpId}/inbox/${users[0]}`)).json() as {
      messages: { messageId: string }[];
    };
    await s.request(
      'POST',
      `/__sandbox/api/tenants/${t.corpId}/inbox/${users[0]}/${inbox.messages[0]!.messageId}/read`,
    );
    const robot = tenant.messaging.robots.listRobots().find((r) => r.keywords.length > 0)!;
    const posted = await s.request('POST', `/robot/send?access_token=${robot.accessToken}`, {
      json: { msgtype: 'text', text: { content: `${robot.keywords[0]}：库存告警` } },
    });
    expect(posted.json()).toMatchObject({ errcode: 0 });

    const first = (await s.request('GET', `/__sandbox/api/tenants/${t.corpId}/export`)).json() as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(first)).toContain('销售额');
    expect(JSON.stringify(first)).toContain('库存告警');
    await s.request('DELETE', `/__sandbox/api/tenants/${t.corpId}`);
    const imported = await s.request('POST', '/__sandbox/api/tenants/import', { json: first });
    expect(imported.statusCode).toBe(201);
    const second = (await s.request('GET', `/__sandbox/api/tenants/${t.corpId}/export`)).json() as Record<
      string,
      unknown
    >;
    // The clock keeps running between the two exports; everything else is identical, byte for byte.
    expect(JSON.stringify({ ...second, clock: null })).toBe(JSON.stringify({ ...first, clock: null }));
    // And the imported tenant still answers with the same data: the read state survived.
    const result = await s.topapi('/topapi/message/corpconversation/getsendresult', token, {
      agent_id: app.agentId,
      task_id: sent.task_id,
    });
    expect((result.send_result as { read_user_id_list: string[] }).read_user_id_list).toEqual([users[0]]);
  });

  it('refuses to import a tenant whose corpId is already loaded, unless asked for fresh identities', async () => {
    const s = makeSandbox();
    const exported = (await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/export`)).json();
    const clash = await s.request('POST', '/__sandbox/api/tenants/import', { json: exported });
    expect(clash.statusCode).toBe(409);
    const fresh = await s.request('POST', '/__sandbox/api/tenants/import?fresh=true', { json: exported });
    expect(fresh.statusCode).toBe(201);
  });

  it('reset puts a tenant back as created: same credentials, rules and tokens gone', async () => {
    const s = makeSandbox();
    const t = (await s.request('POST', '/__sandbox/api/tenants', { json: {} })).json() as TenantView;
    const app = t.apps[0]!;
    const token = (
      (await s.request('GET', `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)).json() as {
        access_token: string;
      }
    ).access_token;
    await s.request('POST', `/__sandbox/api/tenants/${t.corpId}/faults`, {
      json: { action: { type: 'rateLimit' }, times: 'always' },
    });
    s.sandbox.getTenant(t.corpId)!.directory.updateUser('manager1471', { name: '改过的名字' });
    const reset = await s.request('POST', `/__sandbox/api/tenants/${t.corpId}/reset`);
    expect(reset.statusCode).toBe(200);
    expect(s.sandbox.getTenant(t.corpId)!.directory.getUser('manager1471')!.name).not.toBe('改过的名字');
    expect(s.sandbox.getTenant(t.corpId)!.faults.list()).toHaveLength(0);
    expect((await s.topapi('/topapi/user/count', token, { only_active: false })).sub_code).toBe('40014');
    expect(
      (await s.request('GET', `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)).json(),
    ).toMatchObject({ errcode: 0 });
  });
});

describe('admin API: clock and journal', () => {
  it('advancing a tenant clock by 7201 s expires its tokens and no other tenant’s', async () => {
    const s = makeSandbox();
    const other = (await s.request('POST', '/__sandbox/api/tenants', { json: {} })).json() as TenantView;
    const mine = await s.tokenFor();
    const theirs = (
      (
        await s.request(
          'GET',
          `/gettoken?appkey=${other.apps[0]!.appKey}&appsecret=${other.apps[0]!.appSecret}`,
        )
      ).json() as { access_token: string }
    ).access_token;
    const before = s.tenant.clock.now();
    const moved = (
      await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/clock`, {
        json: { advanceSeconds: 7201 },
      })
    ).json() as { now: number };
    expect(moved.now - before).toBeGreaterThanOrEqual(7201_000);
    expect((await s.topapi('/topapi/user/count', mine, { only_active: false })).errcode).toBe(88);
    expect((await s.topapi('/topapi/user/count', theirs, { only_active: false })).errcode).toBe(0);
  });

  it('sets and freezes a tenant clock', async () => {
    const s = makeSandbox();
    const url = `/__sandbox/api/tenants/${s.tenant.corpId}/clock`;
    const set = (
      await s.request('POST', url, { json: { set: '2030-01-01T00:00:00Z', frozen: true } })
    ).json() as { now: number; frozen: boolean };
    expect(set).toMatchObject({ now: Date.parse('2030-01-01T00:00:00Z'), frozen: true });
    expect(((await s.request('GET', url)).json() as { now: number }).now).toBe(set.now);
    const bad = await s.request('POST', url, { json: { set: 'yesterday' } });
    expect(bad.statusCode).toBe(400);
  });

  it('queries the journal by route, outcome and sequence', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' });
    await s.topapi('/topapi/v2/user/get', token, { userid: 'ghost' });
    const base = `/__sandbox/api/tenants/${s.tenant.corpId}/journal`;
    const refused = (await s.request('GET', `${base}?route=oapi.v2.user.get&outcome=refused`)).json() as {
      entries: { reason: string; code: string }[];
    };
    expect(refused.entries).toHaveLength(1);
    expect(refused.entries[0]).toMatchObject({ code: '60121', reason: expect.stringContaining('ghost') });
    const all = (await s.request('GET', base)).json() as { lastSeq: number; entries: unknown[] };
    expect(all.entries).toHaveLength(3);
    expect(
      ((await s.request('GET', `${base}?since=${all.lastSeq - 1}`)).json() as { entries: unknown[] }).entries,
    ).toHaveLength(1);
    expect((await s.request('GET', `${base}?outcome=weird`)).statusCode).toBe(400);
  });
});

describe('admin token and persistence', () => {
  it('requires the admin token when one is configured, and never for DingTalk endpoints', async () => {
    const sb = await startSandbox({ port: 0, adminToken: 's3cret' });
    try {
      expect((await fetch(`${sb.url}/__sandbox/api/tenants`)).status).toBe(401);
      expect(
        (await fetch(`${sb.url}/__sandbox/api/tenants`, { headers: { authorization: 'Bearer wrong!' } }))
          .status,
      ).toBe(401);
      expect(
        (await fetch(`${sb.url}/__sandbox/api/tenants`, { headers: { authorization: 'Bearer s3cret' } }))
          .status,
      ).toBe(200);
      expect(
        (await fetch(`${sb.url}/__sandbox/api/tenants`, { headers: { 'x-sandbox-admin-token': 's3cret' } }))
          .status,
      ).toBe(200);
      const app = sb.defaultTenant.listApps()[0]!;
      expect((await fetch(`${sb.url}/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)).status).toBe(
        200,
      );
    } finally {
      await sb.stop();
    }
  });

  it('--state keeps tenants, their changes and tokens across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dts-state-'));
    const statePath = join(dir, 'state.json');
    const first = await startSandbox({ port: 0, statePath });
    const created = (await (
      await fetch(`${first.url}/__sandbox/api/tenants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"持久化"}',
      })
    ).json()) as TenantView;
    const app = first.defaultTenant.listApps()[0]!;
    const token = (
      (await (
        await fetch(`${first.url}/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)
      ).json()) as { access_token: string }
    ).access_token;
    first.defaultTenant.directory.updateUser('manager1471', { title: '首席执行官' });
    await first.stop();

    const second = await startSandbox({ port: 0, statePath });
    try {
      expect(second.sandbox.getTenant(created.corpId)?.name).toBe('持久化');
      expect(second.defaultTenant.corpId).toBe(first.defaultTenant.corpId);
      expect(second.defaultTenant.directory.getUser('manager1471')!.title).toBe('首席执行官');
      const r = await fetch(`${second.url}/topapi/user/count?access_token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"only_active":false}',
      });
      expect(((await r.json()) as { errcode: number }).errcode).toBe(0);
    } finally {
      await second.stop();
    }
  });

  it('a kill during a state write leaves the previous or the next state, never a torn file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dts-torn-'));
    const path = join(dir, 'state.json');
    writeFileSync(path, JSON.stringify({ tag: 'start' }));
    for (let round = 0; round < 6; round++) {
      const child = fork(join(import.meta.dirname, '../fixtures/state-writer.ts'), [path], {
        execArgv: ['--import', 'tsx'],
        stdio: 'ignore',
      });
      await new Promise((resolve) => child.once('message', resolve));
      await new Promise((resolve) => setTimeout(resolve, 40 + round * 25));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const tag = (JSON.parse(readFileSync(path, 'utf8')) as { tag: string }).tag;
      expect(['start', 'A', 'B']).toContain(tag);
    }
  });
});
