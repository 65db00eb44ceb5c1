/**
 * The old GET directory family and the old POST /message/send (docs/dingtalk/directory.md 旧版通讯录接口,
 * docs/dingtalk/messaging.md): each route's success shape and types, its documented errors, the
 * permission refusal and bad input — all in the legacy envelope, HTTP 200, never a 5xx.
 */
import { describe, expect, it } from 'vitest';
import { inbox } from '../helpers/messaging.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

async function get(s: TestSandbox, url: string) {
  const r = await s.request('GET', url);
  expect(r.statusCode).toBe(200);
  return r.json() as Record<string, unknown>;
}

async function send(s: TestSandbox, token: string, body: unknown) {
  const r = await s.request('POST', `/message/send?access_token=${token}`, { json: body });
  expect(r.statusCode).toBe(200);
  return r.json() as Record<string, unknown>;
}

describe('GET /department/list, /department/get, /department/list_ids (old)', () => {
  it('department/list: the whole tree with the root first and without parentid; fetch_child=false one level', async () => {
    const s = makeSandbox();
    const t = await s.tokenFor();
    const all = await get(s, `/department/list?access_token=${t}&lang=zh_CN`);
    expect(all).toMatchObject({ errcode: 0, errmsg: 'ok' });
    const depts = all.department as Record<string, unknown>[];
    expect(depts[0]).toEqual({
      id: 1,
      name: '钉钉沙箱示例科技有限公司',
      createDeptGroup: expect.any(Boolean),
      autoAddUser: expect.any(Boolean),
    });
    expect(depts.length).toBe(s.tenant.directory.departmentCount);
    expect(depts[1]).toMatchObject({
      id: expect.any(Number),
      name: expect.any(String),
      parentid: expect.any(Number),
    });
    const sub = await get(s, `/department/list?access_token=${t}&id=2&fetch_child=false`);
    expect((sub.department as { id: number }[]).map((d) => d.id)).toEqual([
      ...s.tenant.directory.subDepartments(2),
    ]);
    const deep = await get(s, `/department/list?access_token=${t}&id=2`);
    expect((deep.department as { id: number }[]).map((d) => d.id).sort()).toEqual(
      s.tenant.directory
        .descendants(2)
        .filter((d) => d !== 2)
        .sort(),
    );
  });

  it('department/get: the department’s fields at the top level; list_ids: the direct children', async () => {
    const s = makeSandbox();
    const t = await s.tokenFor();
    const d = await get(s, `/department/get?access_token=${t}&id=2`);
    expect(d).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      id: 2,
      name: '研发部',
      parentid: 1,
      order: expect.any(Number),
      createDeptGroup: expect.any(Boolean),
      autoAddUser: expect.any(Boolean),
      deptHiding: expect.any(Boolean),
      deptManagerUseridList: expect.any(String),
      outerDept: false,
    });
    const root = await get(s, `/department/get?access_token=${t}&id=1`);
    expect(root).not.toHaveProperty('parentid');
    const ids = await get(s, `/department/list_ids?access_token=${t}&id=1`);
    expect(ids).toMatchObject({ errcode: 0, sub_dept_id_list: [...s.tenant.directory.subDepartments(1)] });
  });

  it('60003 部门不存在 for an unknown id; 40035 for a missing or non-numeric id; in the plain envelope', async () => {
    const s = makeSandbox();
    const t = await s.tokenFor();
    for (const path of ['/department/list', '/department/get', '/department/list_ids']) {
      expect(await get(s, `${path}?access_token=${t}&id=99999`)).toMatchObject({
        errcode: 60003,
        errmsg: '部门不存在',
      });
      expect(await get(s, `${path}?access_token=${t}&id=abc`)).toMatchObject({
        errcode: 40035,
        errmsg: '不合法的参数',
      });
    }
    expect(await get(s, `/department/get?access_token=${t}`)).toMatchObject({
      errcode: 40035,
      errmsg: '缺少参数 id',
    });
    expect(await get(s, `/department/list_ids?access_token=${t}&id=`)).toMatchObject({
      errcode: 40035,
      errmsg: '缺少参数 id',
    });
  });

  it('E1: without qyapi_get_department_list: 88/60011 naming the point; no token: 41001; a bad token: 40014 unwrapped', async () => {
    const s = makeSandbox();
    const t = await s.tokenFor(s.fresh);
    expect(await get(s, `/department/list?access_token=${t}`)).toMatchObject({
      errcode: 88,
      sub_code: '60011',
      errmsg: expect.stringContaining('{requiredScopes=[qyapi_get_department_list]}'),
    });
    expect(await get(s, '/department/list')).toMatchObject({
      errcode: 41001,
      errmsg: '缺少access_token参数',
    });
    expect(await get(s, '/department/get?access_token=nope&id=1')).toEqual({
      errcode: 40014,
      errmsg: '不合法的access_token',
      request_id: expect.any(String),
    });
  });
});

describe('GET /user/simplelist, /user/list, /user/getDeptMember (old)', () => {
  it('simplelist and list: every direct member, hasMore false; paged with offset+size; list items carry the old fields', async () => {
    const s = makeSandbox();
    const t = await s.tokenFor();
    const members = [...s.tenant.directory.orderedMembers(3, 'custom')];
    const simple = await get(s, `/user/simplelist?access_token=${t}&department_id=3`);
    expect(simple).toMatchObject({ errcode: 0, hasMore: false });
    expect((simple.userlist as { userid: string }[]).map((u) => u.userid)).toEqual(members);
    const page = await get(s, `/user/list?access_token=${t}&department_id=3&offset=0&size=1&order=custom`);
    expect(page).toMatchObject({ errcode: 0, hasMore: members.length > 1 });
    const [u] = page.userlist as Record<string, unknown>[];
    expect(u).toMatchObject({
      userid: members[0],
      unionid: expect.any(String),
      dingId: expect.stringMatching(/^\$:LWCP_v1:\$/),
      name: expect.any(String),
      order: expect.any(Number),
      isLeader: expect.any(Boolean),
      isAdmin: expect.any(Boolean),
      isBoss: expect.any(Boolean),
      isHide: false,
      active: expect.any(Boolean),
      department: expect.arrayContaining([3]),
      position: expect.any(String),
      jobnumber: expect.any(String),
      hiredDate: expect.any(Number),
      extattr: {},
    });
    const ids = await get(s, `/user/getDeptMember?access_token=${t}&deptId=3`);
    expect(ids).toMatchObject({ errcode: 0, userIds: [...s.tenant.directory.membersOf(3)] });
  });

  it('a departed (离职) user is no longer listed', async () => {
    const s = makeSandbox();
    const t = await s.tokenFor();
    const leaver = s.tenant.directory.membersOf(3)[0]!;
    s.tenant.directory.updateUser(leaver, { resigned: true });
    const simple = await get(s, `/user/simplelist?access_token=${t}&department_id=3`);
    expect((simple.userlist as { userid: string }[]).map((u) => u.userid)).not.toContain(leaver);
  });

  it('errors: 60003 for an unknown department, 40035 for a missing department_id, size over 100 or an unknown order', async () => {
    const s = makeSandbox();
    const t = await s.tokenFor();
    for (const path of ['/user/simplelist', '/user/list']) {
      expect(await get(s, `${path}?access_token=${t}&department_id=424242`)).toMatchObject({
        errcode: 60003,
      });
      expect(await get(s, `${path}?access_token=${t}`)).toMatchObject({
        errcode: 40035,
        errmsg: '缺少参数 department_id',
      });
      expect(await get(s, `${path}?access_token=${t}&department_id=1&offset=0&size=101`)).toMatchObject({
        errcode: 40035,
        errmsg: '不合法的参数',
      });
      expect(await get(s, `${path}?access_token=${t}&department_id=1&order=name`)).toMatchObject({
        errcode: 40035,
      });
    }
    expect(await get(s, `/user/getDeptMember?access_token=${t}&deptId=424242`)).toMatchObject({
      errcode: 60003,
    });
    expect(await get(s, `/user/getDeptMember?access_token=${t}`)).toMatchObject({
      errmsg: '缺少参数 deptId',
    });
  });

  it('E1: user/list without qyapi_get_department_member, getDeptMember without qyapi_get_member: 88/60011', async () => {
    const s = makeSandbox();
    const fresh = await s.tokenFor(s.fresh);
    expect(await get(s, `/user/list?access_token=${fresh}&department_id=1`)).toMatchObject({
      errcode: 88,
      errmsg: expect.stringContaining('{requiredScopes=[qyapi_get_department_member]}'),
    });
    const lacking = await s.tokenFor(s.lacking);
    expect(await get(s, `/user/getDeptMember?access_token=${lacking}&deptId=1`)).toMatchObject({
      errcode: 88,
      errmsg: expect.stringContaining('{requiredScopes=[qyapi_get_member]}'),
    });
  });
});

describe('GET /auth/scopes (old)', () => {
  it('the whole company as authed_dept [1]; a visible range as its departments and users; the user fields with 成员信息读权限', async () => {
    const s = makeSandbox();
    const all = await get(s, `/auth/scopes?access_token=${await s.tokenFor()}`);
    expect(all).toMatchObject({
      errcode: 0,
      auth_user_field: expect.arrayContaining(['name', 'mobile', 'jobnumber']),
      condition_field: [],
      auth_org_scopes: { authed_dept: [1], authed_user: [] },
    });
    s.main.visibleRange = { deptIds: [3, 4], userids: ['manager1471'] };
    const some = await get(s, `/auth/scopes?access_token=${await s.tokenFor()}`);
    expect(some.auth_org_scopes).toEqual({ authed_dept: [3, 4], authed_user: ['manager1471'] });
    const lacking = await get(s, `/auth/scopes?access_token=${await s.tokenFor(s.lacking)}`);
    expect(lacking.auth_user_field).toEqual([]);
  });
});

describe('POST /message/send (old 企业会话消息)', () => {
  it('touser "a|b" and toparty "3" reach the inbox; unknown ones come back in invaliduser / invalidparty', async () => {
    const s = makeSandbox();
    const t = await s.tokenFor();
    const member = s.tenant.directory.membersOf(3)[0]!;
    const r = await send(s, t, {
      touser: 'manager1471|ghost',
      toparty: '3|77777',
      agentid: String(s.main.agentId),
      msgtype: 'text',
      text: { content: '旧接口的消息' },
    });
    expect(r).toEqual({
      errcode: 0,
      errmsg: 'ok',
      invaliduser: 'ghost',
      invalidparty: '77777',
      forbiddenUserId: '',
      messageId: expect.any(String),
    });
    for (const userid of ['manager1471', member]) {
      const [m] = await inbox(s, userid);
      expect(m).toMatchObject({ source: 'workNotice', content: { type: 'text', content: '旧接口的消息' } });
      expect(m!.messageId).toBe(r.messageId);
    }
  });

  it('"@all" sends to everyone; a numeric agentid is accepted; link uses messageUrl/picUrl', async () => {
    const s = makeSandbox();
    const r = await send(s, await s.tokenFor(), {
      touser: '@all',
      agentid: s.main.agentId,
      msgtype: 'link',
      link: { messageUrl: 'https://example.com/a', picUrl: '@lALOACZwe2Rk', title: '标题', text: '正文' },
    });
    expect(r).toMatchObject({ errcode: 0, invaliduser: '' });
    const someone = [...s.tenant.directory.allUsers()].find(
      (u) => !u.resigned && u.userid !== 'manager1471',
    )!;
    expect((await inbox(s, someone.userid))[0]).toMatchObject({ msgtype: 'link' });
  });

  it('errors: 41011 without agentid, 40056 for another app’s, 40035 without msgtype or recipients, 40008 for an unknown msgtype, 400402 for a missing text.content', async () => {
    const s = makeSandbox();
    const t = await s.tokenFor();
    const base = {
      touser: 'manager1471',
      agentid: String(s.main.agentId),
      msgtype: 'text',
      text: { content: 'x' },
    };
    expect(await send(s, t, { ...base, agentid: undefined })).toMatchObject({
      errcode: 41011,
      errmsg: '缺少agentid',
    });
    expect(await send(s, t, { ...base, agentid: String(s.lacking.agentId) })).toMatchObject({
      errcode: 40056,
    });
    expect(await send(s, t, { ...base, msgtype: undefined })).toMatchObject({
      errcode: 40035,
      errmsg: '缺少参数 msgtype',
    });
    expect(await send(s, t, { ...base, touser: undefined })).toMatchObject({
      errcode: 40035,
      errmsg: '缺少参数 touser',
    });
    expect(await send(s, t, { ...base, msgtype: 'video' })).toMatchObject({ errcode: 40008 });
    expect(await send(s, t, { ...base, text: {} })).toMatchObject({ errcode: 400402 });
    const r = await s.request('POST', `/message/send?access_token=${t}`, {
      body: '{"touser":',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ errcode: 40035 });
  });

  it('M4: without qyapi_base the send is refused with 88/60011 {requiredScopes=[qyapi_base]}', async () => {
    const s = makeSandbox();
    await s.request(
      'DELETE',
      `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.main.appKey}/scopes/qyapi_base`,
    );
    const r = await send(s, await s.tokenFor(), {
      touser: 'manager1471',
      agentid: String(s.main.agentId),
      msgtype: 'text',
      text: { content: 'x' },
    });
    expect(r).toMatchObject({
      errcode: 88,
      errmsg: expect.stringContaining('{requiredScopes=[qyapi_base]}'),
    });
    expect(await inbox(s, 'manager1471')).toEqual([]);
  });
});
