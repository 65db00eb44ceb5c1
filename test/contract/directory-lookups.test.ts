/**
 * Issue 16's directory lookups, route by route: users by phone, leavers, parents, and the new
 * host's contact search (the last with the official SDK @alicloud/dingtalk, pointed at the sandbox
 * through its endpoint only). Each: the success shape and types, its documented errors, the scope
 * refusal in the host's envelope, and bad input answered in that envelope (never a 5xx).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '@alicloud/openapi-client';
import * as contact from '@alicloud/dingtalk/dist/contact_1_0/client.js';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

/** The SDK's RuntimeOptions left at its defaults (the class lives in a transitive package). */
const RUNTIME = {} as never;

const ALL = [
  'qyapi_base',
  'qyapi_get_member_by_mobile',
  'qyapi_get_department_list',
  'qyapi_hrm_read_user',
  'Contact.Common.Read',
  'qyapi_addresslist_search',
];

async function setup(scopes = ALL) {
  const s = makeSandbox();
  const app = s.tenant.addApp({ name: '查询应用', scopes });
  return { s, app, token: await s.tokenFor(app) };
}

/** A new-host call with the corp token in its header. */
async function api(
  s: TestSandbox,
  token: string,
  call: { method: 'GET' | 'POST'; url: string; json?: unknown },
) {
  const { method, url, json } = call;
  const r = await s.request(method, url, { headers: { 'x-acs-dingtalk-access-token': token }, json });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> };
}

describe('getbymobile (a)', () => {
  it('answers {userid} as a string; support_exclusive_account_search adds an empty exclusive_account_userid_list', async () => {
    const { s, token } = await setup();
    const u = s.tenant.directory.getUser('manager1471')!;
    expect(await s.topapi('/topapi/v2/user/getbymobile', token, { mobile: u.mobile })).toMatchObject({
      errcode: 0,
      result: { userid: 'manager1471' },
    });
    const r = await s.topapi('/topapi/v2/user/getbymobile', token, {
      mobile: u.mobile,
      support_exclusive_account_search: true,
    });
    expect(r.result).toEqual({ userid: 'manager1471', exclusive_account_userid_list: [] });
  });

  it('unknown or left: 60121 找不到该用户; no mobile: 40035; a mobile object: 400002 — all HTTP 200, the journal saying why', async () => {
    const { s, token } = await setup();
    expect(await s.topapi('/topapi/v2/user/getbymobile', token, { mobile: '19900000000' })).toMatchObject({
      errcode: 60121,
      errmsg: '找不到该用户',
    });
    expect(await s.topapi('/topapi/v2/user/getbymobile', token, {})).toMatchObject({ errcode: 40035 });
    expect(await s.topapi('/topapi/v2/user/getbymobile', token, { mobile: { a: 1 } })).toMatchObject({
      errcode: 400002,
    });
    const reasons = s.tenant.journal.query({ route: 'oapi.v2.user.getbymobile' }).map((e) => e.reason);
    expect(reasons).toContainEqual(expect.stringContaining('no user with mobile 19900000000'));
  });
});

describe('leavers (b)', () => {
  it('querydimission: data_list of string ids, next_cursor only while more; size > 50 is 400002', async () => {
    const { s, token } = await setup();
    const ids = [...s.tenant.directory.allUsers()].slice(1, 4).map((u) => u.userid);
    for (const id of ids) s.tenant.directory.updateUser(id, { resigned: true });
    const first = await s.topapi('/topapi/smartwork/hrm/employee/querydimission', token, {
      offset: 0,
      size: 2,
    });
    expect(first).toMatchObject({ errcode: 0, result: { data_list: ids.slice(0, 2), next_cursor: 2 } });
    const last = await s.topapi('/topapi/smartwork/hrm/employee/querydimission', token, {
      offset: '2',
      size: '2',
    });
    expect(last.result).toEqual({ data_list: ids.slice(2) });
    expect(
      await s.topapi('/topapi/smartwork/hrm/employee/querydimission', token, { offset: 0, size: 51 }),
    ).toMatchObject({ errcode: 400002 });
  });

  it('listdimission: details of leavers only (others skipped), last_work_day the leave time in ms', async () => {
    const { s, token } = await setup();
    const [a, b] = [...s.tenant.directory.allUsers()].slice(1, 3);
    s.tenant.clock.freeze(true); // times compared to the millisecond: none may pass meanwhile
    s.tenant.clock.set(Date.parse('2025-05-01T00:00:00Z'));
    s.tenant.directory.updateUser(a!.userid, { resigned: true });
    const r = await s.topapi('/topapi/smartwork/hrm/employee/listdimission', token, {
      userid_list: `${a!.userid},${b!.userid}`,
    });
    expect(r.errcode).toBe(0);
    expect(r.result).toEqual([
      expect.objectContaining({
        userid: a!.userid,
        last_work_day: Date.parse('2025-05-01T00:00:00Z'),
        status: 2,
        dept_list: [expect.objectContaining({ dept_id: a!.deptIds[0], dept_path: expect.any(String) })],
      }),
    ]);
  });

  it('empLeaveRecords: records with ISO leaveTime; a window over 365 days, a bad time, or maxResults 51 are 400 in the new envelope', async () => {
    const { s, token } = await setup();
    const u = [...s.tenant.directory.allUsers()][5]!;
    s.tenant.clock.freeze(true); // times compared to the millisecond: none may pass meanwhile
    s.tenant.clock.set(Date.parse('2025-06-01T08:30:00Z'));
    s.tenant.directory.updateUser(u.userid, { resigned: true });
    const ok = await api(s, token, {
      method: 'GET',
      url: '/v1.0/contact/empLeaveRecords?startTime=2025-05-01T00:00:00Z&maxResults=10',
    });
    expect(ok).toEqual({
      status: 200,
      body: {
        records: [
          {
            userId: u.userid,
            name: u.name,
            stateCode: '86',
            mobile: u.mobile,
            leaveTime: '2025-06-01T08:30:00Z',
            leaveReason: 'leave',
          },
        ],
      },
    });
    for (const q of [
      'startTime=2024-01-01T00:00:00Z&maxResults=10',
      'startTime=yesterday&maxResults=10',
      'startTime=2025-05-01T00:00:00Z&maxResults=51',
      'startTime=2025-05-01T00:00:00Z&maxResults=10&nextToken=abc',
    ]) {
      const bad = await api(s, token, { method: 'GET', url: `/v1.0/contact/empLeaveRecords?${q}` });
      expect(bad.status, q).toBe(400);
      expect(bad.body, q).toMatchObject({ code: 'InvalidParameter', requestid: expect.any(String) });
    }
    const missing = await api(s, token, {
      method: 'GET',
      url: '/v1.0/contact/empLeaveRecords?maxResults=10',
    });
    expect(missing).toMatchObject({ status: 400, body: { code: 'MissingstartTime' } });
  });
});

describe('parents (b)', () => {
  it('listparentbydept: the department, then its parents to the root; listparentbyuser: one chain per department', async () => {
    const { s, token } = await setup();
    const dir = s.tenant.directory;
    const deep = [...dir.allDepartments()].find((d) => dir.ancestors(d.deptId).length >= 2)!;
    const r = await s.topapi('/topapi/v2/department/listparentbydept', token, { dept_id: deep.deptId });
    expect(r.result).toEqual({ parent_id_list: [deep.deptId, ...dir.ancestors(deep.deptId)] });
    expect((r.result as { parent_id_list: number[] }).parent_id_list.at(-1)).toBe(1);
    const u = [...dir.allUsers()].find((x) => x.deptIds.length > 1)!;
    const byUser = await s.topapi('/topapi/v2/department/listparentbyuser', token, { userid: u.userid });
    expect(byUser.result).toEqual({
      parent_list: u.deptIds.map((d) => ({ parent_dept_id_list: [d, ...dir.ancestors(d)] })),
    });
  });

  it('an unknown department is 60003, an unknown user 60121, a dept_id of "x" 400002', async () => {
    const { s, token } = await setup();
    expect(await s.topapi('/topapi/v2/department/listparentbydept', token, { dept_id: 99999 })).toMatchObject(
      {
        errcode: 60003,
        errmsg: '部门不存在',
      },
    );
    expect(
      await s.topapi('/topapi/v2/department/listparentbyuser', token, { userid: 'nobody' }),
    ).toMatchObject({
      errcode: 60121,
    });
    expect(await s.topapi('/topapi/v2/department/listparentbydept', token, { dept_id: 'x' })).toMatchObject({
      errcode: 400002,
    });
  });
});

describe('scope refusals, in each host’s envelope (a, b, c; E1)', () => {
  it('without its point every new route is refused: oapi 88 / 60011 {requiredScopes=[…]}, api 403 with accessdenieddetail', async () => {
    const { s, token } = await setup(['qyapi_base']);
    const oapi: [string, unknown, string][] = [
      ['/topapi/v2/user/getbymobile', { mobile: '1' }, 'qyapi_get_member_by_mobile'],
      ['/topapi/smartwork/hrm/employee/querydimission', { offset: 0, size: 1 }, 'qyapi_hrm_read_user'],
      ['/topapi/smartwork/hrm/employee/listdimission', { userid_list: 'a' }, 'qyapi_hrm_read_user'],
      ['/topapi/v2/department/listparentbyuser', { userid: 'a' }, 'qyapi_get_department_list'],
      ['/topapi/v2/department/listparentbydept', { dept_id: 1 }, 'qyapi_get_department_list'],
    ];
    for (const [path, body, scope] of oapi) {
      expect(await s.topapi(path, token, body), path).toMatchObject({
        errcode: 88,
        sub_code: '60011',
        errmsg: expect.stringContaining(`{requiredScopes=[${scope}]}`),
      });
    }
    const newHost: ['GET' | 'POST', string, unknown, string][] = [
      [
        'POST',
        '/v1.0/contact/users/search',
        { queryWord: 'a', offset: 0, size: 1 },
        'qyapi_addresslist_search',
      ],
      [
        'POST',
        '/v1.0/contact/departments/search',
        { queryWord: 'a', offset: 0, size: 1 },
        'qyapi_addresslist_search',
      ],
      [
        'GET',
        '/v1.0/contact/empLeaveRecords?startTime=2025-01-01T00:00:00Z&maxResults=1',
        undefined,
        'Contact.Common.Read',
      ],
    ];
    for (const [method, path, body, scope] of newHost) {
      expect(await api(s, token, { method, url: path, json: body }), path).toMatchObject({
        status: 403,
        body: {
          code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
          accessdenieddetail: { requiredScopes: [scope] },
        },
      });
    }
  });
});

describe('contact search with the official SDK @alicloud/dingtalk (c)', () => {
  let sb: RunningSandbox;
  type ContactClient = typeof contact.default.default;
  const mod = contact.default as unknown as ContactClient | { default: ContactClient };
  const Contact: ContactClient = 'default' in mod ? mod.default : mod;
  let client: InstanceType<typeof Contact>;
  let token: string;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
    const config = new Config({});
    config.protocol = 'http';
    config.regionId = 'central';
    config.endpoint = sb.url.replace('http://', '');
    client = new Contact(config);
    const t = sb.defaultTenant;
    const app = t.addApp({ name: 'SDK 搜索', scopes: ['qyapi_addresslist_search', 'Contact.Common.Read'] });
    token = t.appTokens.issue(app.appKey, t.clock.now()).token;
  });
  afterAll(() => sb?.stop());

  it('searchUser finds userids by part of a name, pages by offset/size, and fullMatchField 1 wants the whole name', async () => {
    const dir = sb.defaultTenant.directory;
    const admin = dir.getUser('manager1471')!;
    const surname = admin.name.slice(0, 1);
    const all = [...dir.allUsers()]
      .filter((u) => !u.resigned && u.name.includes(surname))
      .map((u) => u.userid);
    const headers = new contact.SearchUserHeaders({ xAcsDingtalkAccessToken: token });
    const page = await client.searchUserWithOptions(
      new contact.SearchUserRequest({ queryWord: surname, offset: 0, size: 1 }),
      headers,
      RUNTIME,
    );
    expect(page.statusCode).toBe(200);
    expect(page.body?.list).toEqual(all.slice(0, 1));
    expect(page.body?.totalCount).toBe(all.length);
    expect(page.body?.hasMore).toBe(all.length > 1);
    const exact = await client.searchUserWithOptions(
      new contact.SearchUserRequest({ queryWord: admin.name, offset: 0, size: 10, fullMatchField: 1 }),
      headers,
      RUNTIME,
    );
    expect(exact.body?.list).toContain('manager1471');
    expect(exact.body?.list?.every((id) => dir.getUser(id)!.name === admin.name)).toBe(true);
  });

  it('searchDepartment answers dept ids as numbers; listEmpLeaveRecords parses; a token without the point is the SDK’s 403 error', async () => {
    const headers = new contact.SearchDepartmentHeaders({ xAcsDingtalkAccessToken: token });
    const depts = await client.searchDepartmentWithOptions(
      new contact.SearchDepartmentRequest({ queryWord: '部', offset: 0, size: 100 }),
      headers,
      RUNTIME,
    );
    const want = [...sb.defaultTenant.directory.allDepartments()].filter((d) => d.name.includes('部'));
    expect(depts.body?.list).toEqual(want.map((d) => d.deptId));
    expect(depts.body).toMatchObject({ hasMore: false, totalCount: want.length });

    const leave = await client.listEmpLeaveRecordsWithOptions(
      new contact.ListEmpLeaveRecordsRequest({
        startTime: new Date(Date.now() - 86_400_000).toISOString(),
        maxResults: 50,
      }),
      new contact.ListEmpLeaveRecordsHeaders({ xAcsDingtalkAccessToken: token }),
      RUNTIME,
    );
    expect(leave.body?.records).toEqual([]);

    const t = sb.defaultTenant;
    const bare = t.appTokens.issue(t.listApps()[0]!.appKey, t.clock.now()).token;
    const err = await client
      .searchUserWithOptions(
        new contact.SearchUserRequest({ queryWord: 'a', offset: 0, size: 1 }),
        new contact.SearchUserHeaders({ xAcsDingtalkAccessToken: bare }),
        RUNTIME,
      )
      .then(
        () => null,
        (e: unknown) => e as { code?: string; statusCode?: number; data?: Record<string, unknown> },
      );
    expect(err).toMatchObject({
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      statusCode: 403,
      data: { accessdenieddetail: { requiredScopes: ['qyapi_addresslist_search'] } },
    });
  });
});
