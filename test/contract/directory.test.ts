import { describe, expect, it } from 'vitest';
import { generateTenant } from '../../mock-server/src/fixtures/generate.ts';
import { missingScopeText } from '../../mock-server/src/errcodes.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

const E1_TEXT =
  '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission, {requiredScopes=[qyapi_get_member]}';

describe('POST /topapi/v2/user/get', () => {
  it('returns the user object with DingTalk field names and types (mobile: with 企业员工手机号信息)', async () => {
    const s = makeSandbox();
    s.main.scopes.push('fieldMobile');
    const body = await s.topapi('/topapi/v2/user/get', await s.tokenFor(), {
      userid: 'manager1471',
      language: 'zh_CN',
    });
    expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', request_id: expect.any(String) });
    const u = body.result as Record<string, unknown>;
    expect(u).toMatchObject({
      userid: 'manager1471',
      unionid: expect.any(String),
      name: expect.any(String),
      state_code: '86',
      mobile: expect.stringMatching(/^1\d{10}$/),
      admin: true,
      boss: true,
      active: true,
      dept_id_list: [1],
      dept_order_list: [{ dept_id: 1, order: expect.any(Number) }],
      leader_in_dept: [{ dept_id: 1, leader: true }],
      hired_date: expect.any(Number),
    });
  });

  it('accepts the string-typed body the legacy Java SDK sends', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const some = [...s.tenant.directory.allUsers()].find((u) => /^\d+$/.test(u.userid))!;
    const r = await s.request('POST', `/topapi/v2/user/get?access_token=${token}`, {
      body: JSON.stringify({ userid: some.userid, language: 'zh_CN' }),
      headers: { 'content-type': 'application/json;charset=utf-8' },
    });
    expect(r.json()).toMatchObject({ errcode: 0, result: { userid: some.userid } });
  });

  it('answers 60121 找不到该用户 for an unknown userid and for one who has left the company', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    expect(await s.topapi('/topapi/v2/user/get', token, { userid: 'nobody' })).toMatchObject({
      errcode: 60121,
      errmsg: '找不到该用户',
    });
    const leaver = [...s.tenant.directory.allUsers()][5]!;
    s.tenant.directory.updateUser(leaver.userid, { resigned: true });
    expect(await s.topapi('/topapi/v2/user/get', token, { userid: leaver.userid })).toMatchObject({
      errcode: 60121,
    });
    expect(s.tenant.journal.query({ outcome: 'refused' }).at(-1)?.reason).toContain('has left the company');
  });

  it('answers 40035 缺少参数 userid when userid is missing', async () => {
    const s = makeSandbox();
    expect(await s.topapi('/topapi/v2/user/get', await s.tokenFor(), {})).toMatchObject({
      errcode: 40035,
      errmsg: '缺少参数 userid',
    });
  });

  it('E1: refuses an app lacking qyapi_get_member with 88/60011 and the guide’s {requiredScopes=[…]} text', async () => {
    const s = makeSandbox();
    const body = await s.topapi('/topapi/v2/user/get', await s.tokenFor(s.lacking), {
      userid: 'manager1471',
    });
    expect(body).toEqual({
      errcode: 88,
      sub_code: '60011',
      sub_msg: E1_TEXT,
      errmsg: `ding talk error[subcode=60011,submsg=${E1_TEXT}]`,
      request_id: expect.any(String),
    });
    expect(missingScopeText(['qyapi_get_member'])).toBe(E1_TEXT);
    const entry = s.tenant.journal.query({ route: 'oapi.v2.user.get' }).at(-1)!;
    expect(entry).toMatchObject({ outcome: 'refused', code: '88/60011', appKey: s.lacking.appKey });
    expect(entry.reason).toContain('qyapi_get_member');
  });
});

describe('POST /topapi/user/getbyunionid', () => {
  it('maps a unionid to {contact_type: 0, userid}', async () => {
    const s = makeSandbox();
    const admin = s.tenant.directory.getUser('manager1471')!;
    const body = await s.topapi('/topapi/user/getbyunionid', await s.tokenFor(), { unionid: admin.unionid });
    expect(body).toMatchObject({ errcode: 0, result: { contact_type: 0, userid: 'manager1471' } });
  });

  it('answers 60121 for an unknown unionid and 88/60011 without qyapi_get_member', async () => {
    const s = makeSandbox();
    expect(
      await s.topapi('/topapi/user/getbyunionid', await s.tokenFor(), { unionid: 'nope' }),
    ).toMatchObject({ errcode: 60121 });
    const admin = s.tenant.directory.getUser('manager1471')!;
    const refused = await s.topapi('/topapi/user/getbyunionid', await s.tokenFor(s.lacking), {
      unionid: admin.unionid,
    });
    expect(refused).toMatchObject({ errcode: 88, sub_code: '60011', sub_msg: E1_TEXT });
  });
});

describe('departments', () => {
  it('listsub returns the root’s direct children as an array, in order, when dept_id is omitted', async () => {
    const s = makeSandbox();
    const body = await s.topapi('/topapi/v2/department/listsub', await s.tokenFor(), {});
    const list = body.result as { dept_id: number; name: string; parent_id: number }[];
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((d) => d.name)).toEqual(['研发部', '产品部', '销售部', '市场部', '财务部', '人力资源部']);
    expect(list.filter((d) => d.parent_id !== 1)).toEqual([]);
    expect(list[0]).toEqual({
      dept_id: 2,
      name: '研发部',
      parent_id: 1,
      create_dept_group: true,
      auto_add_user: true,
    });
  });

  it('listsubid wraps ids in dept_id_list, and nesting goes deeper than one level', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const top = (await s.topapi('/topapi/v2/department/listsubid', token, { dept_id: 2 })).result as {
      dept_id_list: number[];
    };
    expect(top.dept_id_list.length).toBe(3);
    const names = await Promise.all(
      top.dept_id_list.map(
        async (id) =>
          ((await s.topapi('/topapi/v2/department/get', token, { dept_id: id })).result as { name: string })
            .name,
      ),
    );
    expect(names).toEqual(['前端组', '后端组', '数据平台组']);
    const backend = top.dept_id_list[1]!;
    const deeper = (await s.topapi('/topapi/v2/department/listsubid', token, { dept_id: backend }))
      .result as { dept_id_list: number[] };
    expect(deeper.dept_id_list).toHaveLength(1);
  });

  it('department/get returns the detail; the root has no parent_id', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const root = (await s.topapi('/topapi/v2/department/get', token, { dept_id: 1 })).result as Record<
      string,
      unknown
    >;
    expect(root).toMatchObject({
      dept_id: 1,
      name: s.tenant.name,
      dept_manager_userid_list: ['manager1471'],
    });
    expect(root).not.toHaveProperty('parent_id');
    const rd = (await s.topapi('/topapi/v2/department/get', token, { dept_id: '2' })).result as Record<
      string,
      unknown
    >;
    expect(rd).toMatchObject({ dept_id: 2, name: '研发部', parent_id: 1, hide_dept: false });
  });

  it('answers 60003 部门不存在 for an unknown department on every department and list route', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    for (const path of [
      '/topapi/v2/department/get',
      '/topapi/v2/department/listsub',
      '/topapi/v2/department/listsubid',
      '/topapi/user/listid',
    ]) {
      expect(await s.topapi(path, token, { dept_id: 99999 })).toMatchObject({
        errcode: 60003,
        errmsg: '部门不存在',
      });
    }
    expect(
      await s.topapi('/topapi/v2/user/list', token, { dept_id: 99999, cursor: 0, size: 10 }),
    ).toMatchObject({ errcode: 60003 });
  });

  it('A2: refuses an app without qyapi_get_department_list with the scope named', async () => {
    const s = makeSandbox();
    const body = await s.topapi('/topapi/v2/department/listsub', await s.tokenFor(s.fresh), {});
    expect(body).toMatchObject({ errcode: 88, sub_code: '60011' });
    expect(String(body.errmsg)).toContain('{requiredScopes=[qyapi_get_department_list]}');
  });
});

describe('POST /topapi/v2/user/list and /topapi/user/listsimple (paging)', () => {
  const big = generateTenant({ users: 1500, seed: 7 });

  it('A1: pages through a department of more than 100 users with cursor / has_more / next_cursor, each user once', async () => {
    const s = makeSandbox({ snapshot: big });
    const token = await s.tokenFor();
    const expected = s.tenant.directory.membersOf(1).length;
    expect(expected).toBeGreaterThan(100);
    const seen: string[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const body = await s.topapi('/topapi/v2/user/list', token, { dept_id: 1, cursor, size: 100 });
      expect(body.errcode).toBe(0);
      const r = body.result as {
        has_more: boolean;
        next_cursor?: number;
        list: { userid: string; dept_order: number; leader: boolean }[];
      };
      pages++;
      seen.push(...r.list.map((u) => u.userid));
      expect(r.list.filter((u) => typeof u.dept_order !== 'number' || typeof u.leader !== 'boolean')).toEqual(
        [],
      );
      if (!r.has_more) {
        expect(r).not.toHaveProperty('next_cursor');
        break;
      }
      expect(r.next_cursor).toBe(cursor + 100);
      cursor = r.next_cursor!;
    }
    expect(pages).toBe(Math.ceil(expected / 100));
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
  });

  it('listsimple returns {userid, name} items with the same paging, and string-typed numbers work', async () => {
    const s = makeSandbox({ snapshot: big });
    const body = await s.topapi('/topapi/user/listsimple', await s.tokenFor(), {
      dept_id: '1',
      cursor: '100',
      size: '100',
    });
    const r = body.result as { has_more: boolean; list: { userid: string; name: string }[] };
    expect(r.list.length).toBe(s.tenant.directory.membersOf(1).length - 100);
    expect(Object.keys(r.list[0]!).sort()).toEqual(['name', 'userid']);
    expect(r.has_more).toBe(false);
  });

  it('entry_asc orders by hire date', async () => {
    const s = makeSandbox({ snapshot: big });
    const body = await s.topapi('/topapi/v2/user/list', await s.tokenFor(), {
      dept_id: 1,
      cursor: 0,
      size: 50,
      order_field: 'entry_asc',
    });
    const dates = (body.result as { list: { hired_date: number }[] }).list.map((u) => u.hired_date);
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
  });

  it('refuses size > 100, a negative cursor and a missing cursor', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    expect(await s.topapi('/topapi/v2/user/list', token, { dept_id: 1, cursor: 0, size: 101 })).toMatchObject(
      { errcode: 400002, errmsg: '无效的参数' },
    );
    expect(await s.topapi('/topapi/v2/user/list', token, { dept_id: 1, cursor: -1, size: 10 })).toMatchObject(
      { errcode: 400002 },
    );
    expect(await s.topapi('/topapi/v2/user/list', token, { dept_id: 1, size: 10 })).toMatchObject({
      errcode: 40035,
      errmsg: '缺少参数 cursor',
    });
    expect(s.tenant.journal.query({ outcome: 'refused' })[0]?.reason).toContain(
      'size must be between 1 and 100',
    );
  });

  it('A2: v2/user/list needs qyapi_get_department_member', async () => {
    const s = makeSandbox();
    const body = await s.topapi('/topapi/v2/user/list', await s.tokenFor(s.fresh), {
      dept_id: 1,
      cursor: 0,
      size: 10,
    });
    expect(String(body.errmsg)).toContain('{requiredScopes=[qyapi_get_department_member]}');
  });
});

describe('listid, count and the legacy /user/get', () => {
  it('listid returns every member id of a department in userid_list', async () => {
    const s = makeSandbox();
    const body = await s.topapi('/topapi/user/listid', await s.tokenFor(), { dept_id: 1 });
    expect((body.result as { userid_list: string[] }).userid_list).toEqual([
      ...s.tenant.directory.membersOf(1),
    ]);
  });

  it('count counts everyone who has not left, or only those who activated DingTalk', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const all = (await s.topapi('/topapi/user/count', token, { only_active: false })).result as {
      count: number;
    };
    const active = (await s.topapi('/topapi/user/count', token, { only_active: 'true' })).result as {
      count: number;
    };
    expect(all.count).toBe(60);
    expect(active.count).toBe([...s.tenant.directory.allUsers()].filter((u) => u.active).length);
    expect(active.count).toBeLessThan(all.count);
    s.tenant.directory.updateUser([...s.tenant.directory.allUsers()][3]!.userid, { resigned: true });
    expect(
      ((await s.topapi('/topapi/user/count', token, { only_active: false })).result as { count: number })
        .count,
    ).toBe(59);
  });

  it('GET /user/get answers the old shape, with old-style plain errors', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const ok = (await s.request('GET', `/user/get?access_token=${token}&userid=manager1471`)).json();
    expect(ok).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      userid: 'manager1471',
      isAdmin: true,
      department: [1],
      active: true,
    });
    expect(ok).not.toHaveProperty('request_id');
    expect((await s.request('GET', `/user/get?access_token=${token}&userid=nobody`)).json()).toMatchObject({
      errcode: 60121,
    });
    expect((await s.request('GET', '/user/get?userid=manager1471')).json()).toMatchObject({
      errcode: 41001,
      errmsg: '缺少access_token参数',
    });
    expect((await s.request('GET', '/user/get?access_token=bad&userid=x')).json()).toMatchObject({
      errcode: 40014,
      errmsg: '不合法的access_token',
    });
    s.tenant.clock.advance(7201 * 1000);
    expect(
      (await s.request('GET', `/user/get?access_token=${token}&userid=manager1471`)).json(),
    ).toMatchObject({ errcode: 42001 });
  });
});
