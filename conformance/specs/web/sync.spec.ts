/**
 * A1–A3, 账户同步: DingTalk's departments and users into BI users with 钉钉账号 set — every page of a
 * big department, nothing written when a permission is missing, only what changed on a re-run.
 */
import type { SandboxAdmin, User } from 'dingtalk-sandbox';
import { expect, sameText, shot, test } from '../../fixtures/index.ts';

const USER_LIST = 'oapi.v2.user.list';
const DEPT_LISTING = /^oapi\.v2\.department\.(listsub|listsubid)$/;

/** Every current (not resigned) DingTalk user of the tenant, through the admin API's pages. */
async function dingTalkUsers(admin: SandboxAdmin, corpId: string): Promise<User[]> {
  const out: User[] = [];
  let cursor: number | null = 0;
  while (cursor !== null) {
    const page: { users: User[]; nextCursor: number | null } = await admin.users(corpId, {
      cursor,
      limit: 500,
    });
    out.push(...page.users);
    cursor = page.nextCursor;
  }
  return out.filter((u) => !u.resigned);
}

const missingScopeText = (scope: string) =>
  `没有调用该接口的权限,接口权限申请参考:https://open.dingtalk.com/document/orgapp-server/add-api-permission, {requiredScopes=[${scope}]}`;

test.describe('a corp with more than one page of users in a department', () => {
  test.use({ tenantFrom: { users: 300 } });

  test('A1 account sync brings every DingTalk user in once with 钉钉账号 set, paging through a 150-member department; re-running changes nothing', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    journal,
  }) => {
    // A project team of 150: more than the 100 users one v2/user/list page can hold.
    const team = await sandbox.admin.createDepartment(tenant.corpId, { name: '数据中台项目组', parentId: 1 });
    const users = await dingTalkUsers(sandbox.admin, tenant.corpId);
    expect(users).toHaveLength(300);
    await Promise.all(
      users
        .slice(0, 150)
        .map((u) =>
          sandbox.admin.updateUser(tenant.corpId, u.userid, { deptIds: [...u.deptIds, team.deptId] }),
        ),
    );
    const departments = await sandbox.admin.departments(tenant.corpId);
    expect(departments.find((d) => d.deptId === team.deptId)?.members).toBe(150);

    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    const first = await bi.ui.runSync(page);
    await shot(page, 'A1-first-sync');
    expect(first.status, first.text).toBe('succeeded');
    // admin and analyst were bound already: updated or unchanged, never created twice.
    expect(first.counts).toMatchObject({ created: 298, deactivated: 0 });
    expect(first.counts!.created + first.counts!.updated + first.counts!.unchanged).toBe(300);

    const accounts = await bi.ui.dingTalkAccounts(page);
    const bound = [...accounts.values()].filter(Boolean);
    expect(bound.sort()).toEqual(users.map((u) => u.userid).sort());
    expect(accounts.get(people.admin.username)).toBe(people.admin.dingtalkUserid);
    expect(accounts.get(people.analyst.username)).toBe(people.analyst.dingtalkUserid);
    expect(accounts.get(people.guest.username)).toBe('');

    // Departments listed level by level; users read page by page (the team needed two pages at least).
    const ok = await journal.entries({ outcome: 'ok' });
    expect(ok.filter((e) => DEPT_LISTING.test(e.route ?? '')).length).toBeGreaterThan(0);
    const pages = ok.filter((e) => e.route === USER_LIST).length;
    expect(pages).toBeGreaterThan(departments.length);
    expect(await journal.refusals()).toEqual([]);

    const second = await bi.ui.runSync(page);
    await shot(page, 'A1-re-run');
    expect(second.status, second.text).toBe('succeeded');
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 300, deactivated: 0 });
    expect(await bi.ui.dingTalkAccounts(page)).toEqual(accounts);
  });
});

test.describe('account sync without the contact permissions (A2)', () => {
  for (const scope of ['qyapi_get_department_list', 'qyapi_get_department_member']) {
    test(`A2 sync without ${scope} fails with DingTalk’s missing-permission text naming it; no BI user written`, async ({
      page,
      bi,
      people,
      sandbox,
      tenant,
      app,
      journal,
    }) => {
      await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
      const before = await bi.ui.listUsers(page);
      await sandbox.admin.revokeScope(tenant.corpId, app.appKey, scope);
      const outcome = await bi.ui.runSync(page);
      await shot(page, `A2-${scope}`);
      expect(outcome.status).toBe('failed');
      expect(sameText(outcome.text)).toContain(sameText(missingScopeText(scope)));
      expect(await bi.ui.listUsers(page)).toEqual(before);
      const refused = await journal.refusals();
      expect(refused).toContainEqual(expect.objectContaining({ reason: expect.stringContaining(scope) }));
    });
  }
});

test.describe('changes between two syncs (A3)', () => {
  test('A3 a user renamed and another resigned in DingTalk: the second sync renames one, deactivates the other, touches nobody else', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    expect((await bi.ui.runSync(page)).status).toBe('succeeded');
    const before = await bi.ui.listUsers(page);
    const synced = before.filter(
      (u) =>
        u.active &&
        u.dingtalkUserid &&
        ![people.admin.dingtalkUserid, people.analyst.dingtalkUserid].includes(u.dingtalkUserid),
    );
    const [renamed, resigned] = [synced[3]!, synced[7]!];
    await sandbox.admin.updateUser(tenant.corpId, renamed.dingtalkUserid, { name: '欧阳改名' });
    await sandbox.admin.updateUser(tenant.corpId, resigned.dingtalkUserid, { resigned: true });

    const second = await bi.ui.runSync(page);
    await shot(page, 'A3-second-sync');
    expect(second.status, second.text).toBe('succeeded');
    expect(second.counts).toMatchObject({ created: 0, updated: 1, deactivated: 1 });

    const after = await bi.ui.listUsers(page);
    const expected = before.map((u) =>
      u.username === renamed.username
        ? { ...u, displayName: '欧阳改名' }
        : u.username === resigned.username
          ? { ...u, active: false }
          : u,
    );
    expect(after).toEqual(expected);
    // The 钉钉账号 bindings themselves are untouched (the resigned user's stays, deactivated).
    expect(new Map(after.map((u) => [u.username, u.dingtalkUserid]))).toEqual(
      new Map(before.map((u) => [u.username, u.dingtalkUserid])),
    );
  });
});
