/**
 * Steedos (steedos/steedos-plugin-dingtalk, the Steedos platform's DingTalk plug-in) syncing a
 * company, replaying its own requests: src/dingtalk/dt_api.js — Meteor's HTTP.get with `params`
 * (the query string): gettoken?appkey=&appsecret= (accessTokenGet), department/list?access_token=
 * (departmentListGet → `data.department`), user/list?access_token=&department_id= per department
 * (userListGet → `data.userlist`), department/get?access_token=&id= (departmentGet); and userGet,
 * which also sends `data` — a JSON body on a GET. syncCompany reads `errcode > 0` as failure, builds
 * its organisations from the department without parentid down (createOrg(org_data, undefined)), and
 * keys people on `dingId`, `email`, `name`, `avatar`, `mobile`, `isBoss`/`isAdmin`, `department[0]`.
 */
import { describe, expect, it } from 'vitest';
import { makeSandbox, type TestSandbox } from '../../helpers/sandbox.ts';

/** Meteor HTTP.get(url, {params}): the params in the query string, JSON answer in `data`. */
async function httpGet(
  s: TestSandbox,
  path: string,
  params: Record<string, string | number>,
  data?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  const r = await s.request('GET', qs ? `${path}?${qs}` : path, {
    ...(data ? { json: data } : {}),
    headers: { 'user-agent': 'Meteor/2.7' },
  });
  expect(r.statusCode).toBe(200);
  const body = r.json() as Record<string, unknown>;
  // if (response.data.errcode > 0) throw response.data.errmsg;
  expect(body.errcode).toBe(0);
  return body;
}

interface Dept {
  id: number;
  name: string;
  parentid?: number;
}

describe('Steedos (steedos/steedos-plugin-dingtalk) — company sync on the old GET family', () => {
  it('syncCompany: the department tree from the root without parentid, every member with dingId and department[]', async () => {
    const s = makeSandbox();
    const tok = await httpGet(s, '/gettoken', { appkey: s.main.appKey, appsecret: s.main.appSecret });
    const access_token = tok.access_token as string;
    const org_data = (await httpGet(s, '/department/list', { access_token })).department as Dept[];
    // createOrg(depts, parentid): children of `parentid`, starting from undefined (the root).
    const created: number[] = [];
    const createOrg = (parentid: number | undefined) => {
      for (const o of org_data.filter((d) => d.parentid === parentid)) {
        created.push(o.id);
        createOrg(o.id);
      }
    };
    createOrg(undefined);
    expect(created[0]).toBe(1); // org_doc.is_company = true for o.id === 1
    expect(created.length).toBe(s.tenant.directory.departmentCount);

    let user_data: Record<string, unknown>[] = [];
    for (const org of org_data) {
      const r = await httpGet(s, '/user/list', { access_token, department_id: org.id });
      user_data = user_data.concat(r.userlist as Record<string, unknown>[]);
    }
    const boss = user_data.find((u) => u.isBoss)!;
    expect(boss).toMatchObject({ userid: 'manager1471', isAdmin: true, department: [1] });
    for (const u of user_data) {
      expect(u.dingId).toEqual(expect.stringMatching(/^\$:LWCP_v1:\$/));
      expect(typeof u.name).toBe('string');
      expect(typeof u.avatar).toBe('string');
      expect(typeof u.mobile).toBe('string');
      expect((u.department as number[]).filter((d) => !created.includes(d))).toEqual([]);
    }
    // services.dingtalk.id: one dingId per person, whichever department listed them.
    const people = new Set(user_data.map((u) => u.userid));
    expect(new Set(user_data.map((u) => u.dingId)).size).toBe(people.size);
    expect(new Set(user_data.map((u) => `${String(u.userid)}:${String(u.dingId)}`)).size).toBe(people.size);
  });

  it('departmentGet and userGet (a GET that also carries a JSON body) answer the old field names', async () => {
    const s = makeSandbox();
    const tok = await httpGet(s, '/gettoken', { appkey: s.main.appKey, appsecret: s.main.appSecret });
    const access_token = tok.access_token as string;
    const dept = await httpGet(s, '/department/get', { access_token, id: 2 });
    expect(dept).toMatchObject({ id: 2, name: '研发部', parentid: 1, order: expect.any(Number) });
    expect(typeof dept.deptManagerUseridList).toBe('string');
    const user = await httpGet(
      s,
      `/user/get?access_token=${access_token}&userid=manager1471`,
      {},
      { access_token, userid: 'manager1471' },
    );
    expect(user).toMatchObject({ userid: 'manager1471', isBoss: true, department: [1] });
  });
});
