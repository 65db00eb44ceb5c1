/**
 * 账户同步 against a sandbox tenant of 1,200 generated users (the root department alone has more than
 * one page of 100): every user once with 钉钉账号 set, idempotent (A1); a missing permission point named,
 * nothing written (A2); changes and departures reflected, nothing else touched (A3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRun } from '../src/db/sync-runs.ts';
import { textOf } from './helpers/agent.ts';
import { startStack, type Stack } from './helpers/stack.ts';

interface BiUserView {
  username: string;
  displayName: string;
  dingtalkUserid: string | null;
  active: boolean;
  source: string;
}

describe('账户同步 (A1–A3)', () => {
  let stack: Stack;
  let directory: { userid: string; name: string }[];

  const users = async () =>
    (await stack.admin.get('/admin/users', { accept: 'application/json' })).json<{ users: BiUserView[] }>()
      .users;

  async function sync(): Promise<SyncRun> {
    const r = await stack.admin.postJson('/admin/sync', {});
    expect(r.status).toBe(202);
    const { runId } = r.json<{ runId: number }>();
    await stack.bi.services.sync.wait(runId);
    return (await stack.admin.get(`/admin/sync/runs/${runId}/status`)).json<SyncRun>();
  }

  async function dingtalkUsers(): Promise<{ userid: string; name: string }[]> {
    const out: { userid: string; name: string }[] = [];
    let cursor: number | null = 0;
    while (cursor !== null) {
      const page: {
        users: { userid: string; name: string; resigned: boolean }[];
        nextCursor: number | null;
      } = await stack.sandbox('GET', `/tenants/${stack.corpId}/users?limit=500&cursor=${cursor}`);
      out.push(...page.users.filter((u) => !u.resigned));
      cursor = page.nextCursor;
    }
    return out;
  }

  beforeAll(async () => {
    stack = await startStack({ users: 1200 });
    directory = await dingtalkUsers();
  });
  afterAll(() => stack?.stop());

  it('the tenant has a department with more than one page of users', async () => {
    const root = await stack.sandbox<{ users: unknown[] }>(
      'GET',
      `/tenants/${stack.corpId}/users?dept=1&limit=500`,
    );
    expect(root.users.length).toBeGreaterThan(100);
  });

  it('A2 a missing qyapi_get_department_member names the scope and writes no BI user', async () => {
    const scope = 'qyapi_get_department_member';
    await stack.sandbox('DELETE', `/tenants/${stack.corpId}/apps/${stack.app.appKey}/scopes/${scope}`);
    try {
      const before = await users();
      const run = await sync();
      expect(run.status).toBe('failed');
      expect(run.error).toContain(`{requiredScopes=[${scope}]}`);
      expect(run.error).toMatch(/^没有调用该接口的权限/);
      expect(run.errorScopes).toEqual([scope]);
      expect(await users()).toEqual(before);
      const page = await stack.admin.get(`/admin/sync/runs/${run.id}`);
      expect(textOf(page.text, 'sync-missing-scopes')).toContain(scope);
    } finally {
      await stack.sandbox('POST', `/tenants/${stack.corpId}/apps/${stack.app.appKey}/scopes`, { scope });
    }
  });

  it('A2 a missing qyapi_get_department_list fails before reading any user', async () => {
    const scope = 'qyapi_get_department_list';
    await stack.sandbox('DELETE', `/tenants/${stack.corpId}/apps/${stack.app.appKey}/scopes/${scope}`);
    try {
      const run = await sync();
      expect(run.status).toBe('failed');
      expect(run.errorScopes).toEqual([scope]);
      expect(run.usersSeen).toBe(0);
    } finally {
      await stack.sandbox('POST', `/tenants/${stack.corpId}/apps/${stack.app.appKey}/scopes`, { scope });
    }
  });

  it('a failure after many pages (DingTalk refuses a later department) writes nothing', async () => {
    const departments = await stack.sandbox<{ departments: { deptId: number }[] }>(
      'GET',
      `/tenants/${stack.corpId}/departments`,
    );
    const last = departments.departments.at(-1)!.deptId;
    await stack.sandbox('POST', `/tenants/${stack.corpId}/faults`, {
      match: { route: 'oapi.v2.user.list', body: { dept_id: last } },
      action: { type: 'error', kind: 'systemBusy' },
      times: 'always',
    });
    try {
      const before = await users();
      const run = await sync();
      expect(run.status).toBe('failed');
      expect(run.usersSeen).toBeGreaterThan(500);
      expect(run.error).toContain('钉钉暂时不可用');
      expect(await users()).toEqual(before);
    } finally {
      await stack.sandbox('DELETE', `/tenants/${stack.corpId}/faults`);
    }
  });

  it('A1 creates every DingTalk user once with 钉钉账号 set, reading every page', async () => {
    const run = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.usersSeen).toBe(directory.length);
    expect(run.pagesFetched).toBeGreaterThan(run.departmentsSeen);
    const bound = (await users()).filter((u) => u.dingtalkUserid);
    expect(bound.map((u) => u.dingtalkUserid).sort()).toEqual(directory.map((u) => u.userid).sort());
    // manager1471 was already bound to the admin: updated (name), not created again
    expect(run.created).toBe(directory.length - 1);
    expect(bound.filter((u) => !u.active)).toEqual([]);
  });

  it('A1 re-running changes nothing', async () => {
    const before = await users();
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', created: 0, updated: 0, deactivated: 0 });
    expect(run.unchanged).toBe(directory.length);
    expect(await users()).toEqual(before);
  });

  it('A3 a renamed user is updated, a resigned one deactivated (not deleted), nothing else touched', async () => {
    const candidates = directory.filter((u) => u.userid !== 'manager1471');
    const renamed = candidates[5]!;
    const leaving = candidates[6]!;
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/users/${renamed.userid}`, {
      name: '改名后的员工',
    });
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/users/${leaving.userid}`, { resigned: true });
    const before = await users();
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', created: 0, updated: 1, deactivated: 1 });
    expect(run.unchanged).toBe(directory.length - 2);
    expect(run.changes).toEqual([
      { action: 'updated', userid: renamed.userid, name: '改名后的员工', detail: '姓名' },
      expect.objectContaining({ action: 'deactivated', userid: leaving.userid }),
    ]);
    const after = await users();
    expect(after.length).toBe(before.length);
    const changed = after.filter((u, i) => JSON.stringify(u) !== JSON.stringify(before[i]));
    expect(changed.map((u) => [u.dingtalkUserid, u.displayName, u.active])).toEqual([
      [renamed.userid, '改名后的员工', true],
      [leaving.userid, before.find((b) => b.dingtalkUserid === leaving.userid)!.displayName, false],
    ]);
  });
});
