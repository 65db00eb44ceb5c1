/**
 * ZenTao (easysoft/zentaopms) binding its users to DingTalk, replaying its own requests:
 * easysoft/zentaopms lib/dingapi/dingapi.class.php (getToken, getDeptTree, getUsers) sends every call
 * through common::http (module/common/model.php): PHP curl with CURL_HTTP_VERSION_1_0, user agent
 * "Sae T OAuth2 v0.1", an "API-RemoteIP" header, and the parameters spliced into the URL. The answers
 * are read with json_decode: `errcode == 0`, then `department[]->id/name/parentid` (a department
 * without parentid is the tree's root), `auth_org_scopes->authed_dept/authed_user`,
 * `userlist[]->name/userid`, and user/get's `name/userid` — the list module/webhook's bind page shows.
 * (ZenTao's work notices go through asyncsend_v2 as multipart/form-data; they are not replayed here.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../mock-server/src/start.ts';
import { rawRequest } from './wire-dialects.ts';

let sb: RunningSandbox;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sb.stop();
});

/** commonModel::http($url): GET over HTTP/1.0 as PHP curl writes it, then json_decode. */
async function queryAPI(pathAndQuery: string): Promise<Record<string, unknown>> {
  const a = await rawRequest(
    sb.port,
    `GET ${pathAndQuery} HTTP/1.0\r\n` +
      `Host: 127.0.0.1:${sb.port}\r\n` +
      'User-Agent: Sae T OAuth2 v0.1\r\n' +
      'Accept: */*\r\n' +
      'Accept-Encoding: deflate, gzip, br\r\n' +
      'API-RemoteIP: 127.0.0.1\r\n' +
      '\r\n',
  );
  expect(a.statusLine).toMatch(/^HTTP\/1\.[01] 200 /);
  return JSON.parse(a.body) as Record<string, unknown>;
}

function app(name = '观远BI') {
  return sb.defaultTenant.listApps().find((a) => a.name === name)!;
}

/** dingapi::getToken(). */
async function getToken(): Promise<string> {
  const a = app();
  const r = await queryAPI(`/gettoken?appkey=${a.appKey}&appsecret=${a.appSecret}`);
  expect(r.errcode).toBe(0);
  return r.access_token as string;
}

interface Dept {
  id: number;
  name: string;
  parentid?: number;
}

describe('ZenTao (easysoft/zentaopms) — DingTalk user binding over HTTP/1.0', () => {
  it('getDeptTree: auth/scopes says the whole company, department/list gives the tree with the root (no parentid) open', async () => {
    const token = await getToken();
    const scopes = await queryAPI(`/auth/scopes?access_token=${token}`);
    expect(scopes).toMatchObject({ errcode: 0, auth_org_scopes: { authed_dept: [1], authed_user: [] } });
    const r = await queryAPI(`/department/list?access_token=${token}`);
    expect(r.errcode).toBe(0);
    // $parentID = isset($dept->parentid) ? $dept->parentid : 0;
    const tree = (r.department as Dept[]).map((d) => ({ id: d.id, pId: d.parentid ?? 0, name: d.name }));
    expect(tree.filter((n) => n.pId === 0)).toEqual([{ id: 1, pId: 0, name: '钉钉沙箱示例科技有限公司' }]);
    expect(tree.length).toBe(sb.defaultTenant.directory.departmentCount);
    const ids = new Set(tree.map((n) => n.id));
    expect(tree.filter((n) => n.pId !== 0 && !ids.has(n.pId))).toEqual([]);
  });

  it('getDeptTree, selected mode: a visible range of 研发部 lists it and its sub-departments via department/list?id=', async () => {
    const a = app();
    const saved = a.visibleRange;
    a.visibleRange = { deptIds: [2], userids: ['manager1471'] };
    try {
      const token = await getToken();
      const scopes = await queryAPI(`/auth/scopes?access_token=${token}`);
      const authed = scopes.auth_org_scopes as { authed_dept: number[]; authed_user: string[] };
      expect(authed).toEqual({ authed_dept: [2], authed_user: ['manager1471'] });
      const selected = new Set<number>();
      for (const deptID of authed.authed_dept) {
        selected.add(deptID);
        const r = await queryAPI(`/department/list?access_token=${token}&id=${deptID}`);
        for (const d of r.department as Dept[]) selected.add(d.id);
      }
      const dir = sb.defaultTenant.directory;
      expect([...selected].sort((x, y) => x - y)).toEqual(
        [2, ...dir.descendants(2).filter((d) => d !== 2)].sort((x, y) => x - y),
      );
    } finally {
      a.visibleRange = saved;
    }
  });

  it('getUsers: user/simplelist per chosen department, then user/get for each authed_user → name => userid pairs', async () => {
    const a = app();
    const saved = a.visibleRange;
    a.visibleRange = { deptIds: [3], userids: ['manager1471'] };
    try {
      const token = await getToken();
      const users: Record<string, string> = {};
      for (const deptID of '3,4'.split(',')) {
        const r = await queryAPI(`/user/simplelist?access_token=${token}&department_id=${deptID}`);
        expect(r.errcode).toBe(0);
        for (const u of r.userlist as { name: string; userid: string }[]) users[u.name] = u.userid;
      }
      const scopes = await queryAPI(`/auth/scopes?access_token=${token}`);
      for (const userid of (scopes.auth_org_scopes as { authed_user: string[] }).authed_user) {
        const u = await queryAPI(`/user/get?access_token=${token}&userid=${userid}`);
        expect(u.errcode).toBe(0);
        users[u.name as string] = u.userid as string;
      }
      const dir = sb.defaultTenant.directory;
      const expected = [...dir.membersOf(3), ...dir.membersOf(4), 'manager1471'];
      expect(Object.values(users).sort()).toEqual([...new Set(expected)].sort());
      expect(users[dir.getUser('manager1471')!.name]).toBe('manager1471');
    } finally {
      a.visibleRange = saved;
    }
  });

  it('an unknown department in the chosen list answers 60003 部门不存在, which ZenTao collects as "Errcode:60003, Errmsg:…"', async () => {
    const token = await getToken();
    const r = await queryAPI(`/user/simplelist?access_token=${token}&department_id=99999`);
    expect(r).toMatchObject({ errcode: 60003, errmsg: '部门不存在' });
    expect(`Errcode:${String(r.errcode)}, Errmsg:${String(r.errmsg)}`).toBe(
      'Errcode:60003, Errmsg:部门不存在',
    );
  });
});
