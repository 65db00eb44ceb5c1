import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.ts';

type AppView = {
  appKey: string;
  appSecret: string;
  agentId: number;
  scopes: string[];
  redirectUrls: string[];
  webApp: { enabled: boolean; pcHomeUrl: string };
};

describe('admin API: apps (S1, S3)', () => {
  it('S1: creates an internal app with generated credentials, then configures it as S3 does', async () => {
    const s = makeSandbox();
    const base = `/__sandbox/api/tenants/${s.tenant.corpId}/apps`;
    const created = await s.request('POST', base, { json: { name: '我的BI', description: '数据分析' } });
    expect(created.statusCode).toBe(201);
    const app = created.json() as AppView;
    expect(app.appKey).toMatch(/^ding[a-z0-9]{16}$/);
    expect(app.appSecret.length).toBeGreaterThanOrEqual(40);
    expect(app.agentId).toBeGreaterThan(0);
    // Every internal app holds qyapi_base from creation (默认开通).
    expect(app.scopes).toEqual(['qyapi_base']);
    const patched = await s.request('PATCH', `${base}/${app.appKey}`, {
      json: {
        webApp: {
          enabled: true,
          pcHomeUrl: 'http://bi.example.com/dingtalk/pc?corpId=$CORPID$',
          mobileHomeUrl: 'http://bi.example.com/m',
        },
        redirectUrls: ['http://bi.example.com/auth/dingtalk/callback'],
      },
    });
    expect(patched.statusCode).toBe(200);
    for (const scope of ['qyapi_get_member', 'qyapi_get_department_list', 'qyapi_get_department_member']) {
      await s.request('POST', `${base}/${app.appKey}/scopes`, { json: { scope } });
    }
    const read = (await s.request('GET', `${base}/${app.appKey}`)).json() as AppView;
    expect(read.webApp.enabled).toBe(true);
    expect(read.redirectUrls).toEqual(['http://bi.example.com/auth/dingtalk/callback']);
    expect(read.scopes).toEqual([
      'qyapi_base',
      'qyapi_get_member',
      'qyapi_get_department_list',
      'qyapi_get_department_member',
    ]);
    // The new app works against DingTalk endpoints at once.
    const token = (
      (await s.request('GET', `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)).json() as {
        access_token: string;
      }
    ).access_token;
    expect((await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' })).errcode).toBe(0);
  });

  it('refuses a bad redirect URL, a bad IP and an unknown department in the visible range', async () => {
    const s = makeSandbox();
    const url = `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.main.appKey}`;
    expect(
      (await s.request('PATCH', url, { json: { redirectUrls: ['javascript:alert(1)'] } })).statusCode,
    ).toBe(400);
    expect((await s.request('PATCH', url, { json: { ipAllowList: ['300.1.1.1'] } })).statusCode).toBe(400);
    const range = await s.request('PATCH', url, { json: { visibleRange: { deptIds: [4242], userids: [] } } });
    expect([range.statusCode, range.json().error.message]).toEqual([400, 'visibleRange: no department 4242']);
  });

  it('resetting the AppSecret makes the old one fail with 40096', async () => {
    const s = makeSandbox();
    const old = s.main.appSecret;
    const reset = (
      await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.main.appKey}/secret/reset`)
    ).json() as { appSecret: string };
    expect(reset.appSecret).not.toBe(old);
    expect(
      (await s.request('GET', `/gettoken?appkey=${s.main.appKey}&appsecret=${old}`)).json(),
    ).toMatchObject({ errcode: 40096 });
    expect(
      (await s.request('GET', `/gettoken?appkey=${s.main.appKey}&appsecret=${reset.appSecret}`)).json(),
    ).toMatchObject({ errcode: 0 });
  });

  it('E1 via the console: revoking qyapi_get_member produces the guide’s error, granting it back fixes it', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const scopes = `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.main.appKey}/scopes`;
    await s.request('DELETE', `${scopes}/qyapi_get_member`);
    expect(await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' })).toMatchObject({
      errcode: 88,
      sub_code: '60011',
    });
    await s.request('POST', scopes, { json: { scope: 'qyapi_get_member' } });
    expect((await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' })).errcode).toBe(0);
  });

  it('reports the minimal permissions an app’s traffic needed: granted, missing, unused', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor(s.lacking);
    await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' });
    await s.topapi('/topapi/v2/department/listsub', token, {});
    await s.topapi('/topapi/v2/department/listsub', token, {});
    const report = (
      await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.lacking.appKey}/permissions`)
    ).json() as {
      needed: { scope: string; granted: boolean; calls: number; refused: number; routes: string[] }[];
      missing: string[];
      unused: string[];
    };
    expect(report.needed).toEqual([
      expect.objectContaining({
        scope: 'qyapi_get_department_list',
        granted: true,
        calls: 2,
        refused: 0,
        routes: ['oapi.v2.department.listsub'],
      }),
      expect.objectContaining({
        scope: 'qyapi_get_member',
        granted: false,
        calls: 1,
        refused: 1,
        routes: ['oapi.v2.user.get'],
      }),
    ]);
    expect(report.missing).toEqual(['qyapi_get_member']);
    expect(report.unused).toContain('qyapi_get_department_member');
  });
});

describe('admin API: directory', () => {
  it('A3: a user changed or removed through the admin API shows up in DingTalk’s answers', async () => {
    const s = makeSandbox();
    const base = `/__sandbox/api/tenants/${s.tenant.corpId}/users`;
    const token = await s.tokenFor();
    const created = await s.request('POST', base, {
      json: { userid: 'qa001', name: '测试用户', deptIds: [2], mobile: '13800000000' },
    });
    expect(created.statusCode).toBe(201);
    expect(await s.topapi('/topapi/v2/user/get', token, { userid: 'qa001' })).toMatchObject({
      errcode: 0,
      result: { name: '测试用户', dept_id_list: [2] },
    });
    await s.request('PATCH', `${base}/qa001`, { json: { title: '测试经理', deptIds: [3] } });
    expect(await s.topapi('/topapi/v2/user/get', token, { userid: 'qa001' })).toMatchObject({
      result: { title: '测试经理', dept_id_list: [3] },
    });
    await s.request('PATCH', `${base}/qa001`, { json: { resigned: true } });
    expect((await s.topapi('/topapi/v2/user/get', token, { userid: 'qa001' })).errcode).toBe(60121);
    expect(
      (await s.request('POST', base, { json: { userid: 'manager1471', name: 'dup', deptIds: [1] } }))
        .statusCode,
    ).toBe(409);
    expect((await s.request('POST', base, { json: { name: 'x', deptIds: [999] } })).statusCode).toBe(409);
  });

  it('creates, moves and removes departments; listsub reflects them', async () => {
    const s = makeSandbox();
    const base = `/__sandbox/api/tenants/${s.tenant.corpId}/departments`;
    const dept = (await s.request('POST', base, { json: { name: '质量部', parentId: 1 } })).json() as {
      deptId: number;
    };
    const token = await s.tokenFor();
    const names = async () =>
      ((await s.topapi('/topapi/v2/department/listsub', token, {})).result as { name: string }[]).map(
        (d) => d.name,
      );
    expect(await names()).toContain('质量部');
    expect((await s.request('PATCH', `${base}/${dept.deptId}`, { json: { parentId: 2 } })).statusCode).toBe(
      200,
    );
    expect(await names()).not.toContain('质量部');
    expect((await s.request('DELETE', `${base}/2`)).statusCode).toBe(409);
    expect((await s.request('DELETE', `${base}/${dept.deptId}`)).statusCode).toBe(204);
  });

  it('pages users and searches by name', async () => {
    const s = makeSandbox();
    const page = (
      await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/users?limit=25`)
    ).json() as { users: unknown[]; nextCursor: number | null; total: number };
    expect(page.users).toHaveLength(25);
    expect(page.nextCursor).toBe(25);
    expect(page.total).toBe(60);
    const admin = s.tenant.directory.getUser('manager1471')!;
    const found = (
      await s.request(
        'GET',
        `/__sandbox/api/tenants/${s.tenant.corpId}/users?q=${encodeURIComponent(admin.name)}`,
      )
    ).json() as { users: { userid: string }[] };
    expect(found.users.map((u) => u.userid)).toContain('manager1471');
  });
});
