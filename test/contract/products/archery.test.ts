/**
 * Archery (hhyo/Archery, the SQL audit platform) against the sandbox, replaying its own requests:
 *
 * - today's user sync, hhyo/Archery common/utils/ding_api.py: `requests.get` of
 *   gettoken?appkey=&appsecret=, department/list_ids?id=&access_token= (recursively),
 *   user/getDeptMember?access_token=&deptId=, user/get?access_token=&userid=, keyed by the
 *   configured field (`ding_archery_username`, e.g. jobnumber);
 * - the older sync and sender, hhyo/Archery sql/utils/ding_api.py (with common/utils/api.py's
 *   HttpRequests): gettoken?corpid=&corpsecret=, user/list?access_token=&department_id= matched on
 *   jobnumber, and DingSender.send_msg — POST /message/send with `requests.post(json=…)`:
 *   {"touser", "agentid" (a string from SysConfig), "msgtype": "text", "text": {"content"}}.
 */
import { describe, expect, it } from 'vitest';
import { makeSandbox, type TestSandbox } from '../../helpers/sandbox.ts';
import { inbox } from '../../helpers/messaging.ts';
import { pythonJsonDumps } from './wire-dialects.ts';

/** What python-requests 2.x puts on every request. */
const REQUESTS_HEADERS = {
  'user-agent': 'python-requests/2.31.0',
  'accept-encoding': 'gzip, deflate',
  accept: '*/*',
  connection: 'keep-alive',
};

async function get(s: TestSandbox, url: string): Promise<Record<string, unknown>> {
  const r = await s.request('GET', url, { headers: REQUESTS_HEADERS });
  expect(r.statusCode).toBe(200);
  return r.json() as Record<string, unknown>;
}

/** common/utils/ding_api.py get_access_token(): gettoken with appkey/appsecret. */
async function archeryToken(s: TestSandbox, app = s.main): Promise<string> {
  const resp = await get(s, `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`);
  expect(resp.errcode).toBe(0);
  return resp.access_token as string;
}

/** get_dept_list_id_fetch_child(): the department and, recursively, its sub-departments. */
async function deptIdsFetchChild(s: TestSandbox, token: string, parent: number | string): Promise<number[]> {
  const ids = [Number(parent)];
  const resp = await get(s, `/department/list_ids?id=${parent}&access_token=${token}`);
  if (resp.errcode === 0) {
    for (const id of resp.sub_dept_id_list as number[]) ids.push(...(await deptIdsFetchChild(s, token, id)));
  }
  return [...new Set(ids)];
}

describe('Archery (hhyo/Archery) — user sync and work notices on the old GET family', () => {
  it('sync_ding_user_id: list_ids recursion, getDeptMember and user/get give every member’s jobnumber → userid', async () => {
    const s = makeSandbox();
    const token = await archeryToken(s);
    // ding_dept_ids = "1": the whole company.
    const deptIds = await deptIdsFetchChild(s, token, '1');
    expect(deptIds.sort((a, b) => a - b)).toEqual(
      [...s.tenant.directory.allDepartments()].map((d) => d.deptId).sort((a, b) => a - b),
    );
    const userIds: string[] = [];
    for (const sdi of deptIds) {
      const resp = await get(s, `/user/getDeptMember?access_token=${token}&deptId=${sdi}`);
      expect(resp).toMatchObject({ errcode: 0, errmsg: 'ok' });
      userIds.push(...(resp.userIds as string[]));
    }
    const active = [...s.tenant.directory.allUsers()].filter((u) => !u.resigned);
    expect(new Set(userIds)).toEqual(new Set(active.map((u) => u.userid)));
    // rs.execute_command(f"SETEX {resp.get(username2ding).lower()} 86400 {resp.get('userid')}")
    const cache = new Map<string, string>();
    for (const userId of new Set(userIds)) {
      const resp = await get(s, `/user/get?access_token=${token}&userid=${userId}`);
      expect(resp.errcode).toBe(0);
      expect(typeof resp.jobnumber).toBe('string');
      cache.set((resp.jobnumber as string).toLowerCase(), resp.userid as string);
    }
    expect(cache.get('e10000')).toBe('manager1471');
    expect(cache.size).toBe(active.length);
  });

  it('E1: getDeptMember without qyapi_get_member is refused in the legacy envelope (88/60011), which Archery raises', async () => {
    const s = makeSandbox();
    const token = await archeryToken(s, s.lacking);
    const resp = await get(s, `/user/getDeptMember?access_token=${token}&deptId=1`);
    // Archery raises f'获取部门用户出错:{resp}' on errcode != 0; the resp names the missing point.
    expect(resp).toMatchObject({ errcode: 88, sub_code: '60011' });
    expect(resp.errmsg).toContain('requiredScopes=[qyapi_get_member]');
  });

  it('old sync (sql/utils/ding_api.py): corpid/corpsecret token, user/list matched on jobnumber', async () => {
    const s = makeSandbox();
    const tok = await get(s, `/gettoken?corpid=${s.tenant.corpId}&corpsecret=${s.main.appSecret}`);
    expect(tok.errcode).toBe(0);
    const token = tok.access_token as string;
    const deptIds = await deptIdsFetchChild(s, token, 1);
    let found: string | undefined;
    for (const deptId of deptIds) {
      const s2 = await get(s, `/user/list?access_token=${token}&department_id=${deptId}`);
      expect(s2.errcode).toBe(0);
      for (const u of s2.userlist as Record<string, unknown>[]) {
        if (new RegExp(String(u.jobnumber), 'i').test('e10001')) found = u.userid as string;
      }
    }
    expect(found).toBe('0001739217908808');
  });

  it('DingSender.send_msg: POST /message/send with json.dumps’s escapes reaches the inbox; agentid as a string', async () => {
    const s = makeSandbox();
    const tok = await get(s, `/gettoken?corpid=${s.tenant.corpId}&corpsecret=${s.main.appSecret}`);
    const content = '工单 #42 待审核: https://archery.example.com/detail/42/';
    const data = {
      touser: 'manager1471',
      agentid: String(s.main.agentId),
      msgtype: 'text',
      text: { content: `${content}` },
    };
    const body = pythonJsonDumps(data);
    expect(body).toContain('\\u5de5\\u5355'); // 工单, as Python writes it
    const r = await s.request('POST', `/message/send?access_token=${tok.access_token as string}`, {
      body,
      headers: { ...REQUESTS_HEADERS, 'content-type': 'application/json' },
    });
    const ret = r.json() as Record<string, unknown>;
    expect(ret).toMatchObject({ errcode: 0, errmsg: 'ok', invaliduser: '', invalidparty: '' });
    expect(ret.messageId).toEqual(expect.any(String));
    const [msg] = await inbox(s, 'manager1471');
    expect(msg).toMatchObject({ source: 'workNotice', msgtype: 'text', content: { type: 'text', content } });
  });
});
