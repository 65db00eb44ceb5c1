/**
 * go-ldap-admin (eryajf/go-ldap-admin) against the sandbox: its DingTalk sync deactivates those who
 * left, found two ways — public/client/dingtalk/dingtalk.go:
 *
 * - GetLeaveUserIds(): the library zhaoyunxing92/dingtalk v2 (api_hrm.go GetHrmResignEmployeeIds,
 *   response/get_hrm_employee.go) POSTs topapi/smartwork/hrm/employee/querydimission with the JSON
 *   {"offset":…,"size":50} and reads result.data_list and result.next_cursor, stopping when
 *   next_cursor is 0 (Go's zero value: the field absent);
 * - GetLeaveUserIdsDateRange(pushDays): GET /v1.0/contact/empLeaveRecords with startTime and
 *   endTime as time.Now().Format("2006-01-02T15:04:05Z") (local time, a literal Z), nextToken "0",
 *   maxResults 50, reading records[].userId (response/get_hrm_employee_leve_record.go) and stopping
 *   when nextToken is "0" or "".
 */
import { describe, expect, it } from 'vitest';
import { makeSandbox, type TestSandbox } from '../../helpers/sandbox.ts';

const GO = { 'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'gzip' };

function ldapAdminApp(s: TestSandbox) {
  return s.tenant.addApp({
    name: 'go-ldap-admin',
    scopes: ['qyapi_base', 'qyapi_hrm_read_user', 'Contact.Common.Read'],
  });
}

/** 55 of the 60 people leave, one a day from 2025-03-01 (the tenant's clock). */
function manyLeave(s: TestSandbox): string[] {
  s.tenant.clock.freeze(true); // times compared to the millisecond: none may pass meanwhile
  s.tenant.clock.set(Date.parse('2025-03-01T09:00:00Z'));
  const left: string[] = [];
  for (const u of [...s.tenant.directory.allUsers()].filter((x) => x.userid !== 'manager1471').slice(0, 55)) {
    s.tenant.directory.updateUser(u.userid, { resigned: true });
    left.push(u.userid);
    s.tenant.clock.advance(86_400_000);
  }
  return left;
}

/** Go's time.Format("2006-01-02T15:04:05Z") of a local time (here UTC). */
const goFormat = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

describe('go-ldap-admin (eryajf/go-ldap-admin public/client/dingtalk/dingtalk.go) — finding who left', () => {
  it('GetLeaveUserIds: querydimission pages of 50 by offset → every leaver once, stopping when next_cursor is absent', async () => {
    const s = makeSandbox();
    const left = manyLeave(s);
    const app = ldapAdminApp(s);
    const token = await s.tokenFor(app);
    const ids: string[] = [];
    let cursor = 0;
    for (let guard = 0; guard < 10; guard++) {
      const r = await s.request(
        'POST',
        `/topapi/smartwork/hrm/employee/querydimission?access_token=${token}`,
        {
          headers: { ...GO, 'content-type': 'application/json' },
          body: `{"offset":${cursor},"size":50}`,
        },
      );
      const rsp = r.json() as { errcode: number; result: { data_list: string[]; next_cursor?: number } };
      expect(rsp.errcode).toBe(0);
      ids.push(...rsp.result.data_list);
      if ((rsp.result.next_cursor ?? 0) === 0) break;
      cursor = rsp.result.next_cursor!;
    }
    expect(ids).toEqual(left);
  });

  it('GetLeaveUserIdsDateRange: empLeaveRecords over the last N days (a literal-Z local time), nextToken "0" to start → the leavers in that window', async () => {
    const s = makeSandbox();
    const left = manyLeave(s);
    const app = ldapAdminApp(s);
    const token = await s.tokenFor(app);
    const now = s.tenant.clock.now();
    // pushDays 10: startTime = now − 10 days.
    const params = {
      startTime: goFormat(now - 10 * 86_400_000),
      endTime: goFormat(now),
      nextToken: '0',
      maxResults: 50,
    };
    const ids: string[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const q = `startTime=${params.startTime}&endTime=${params.endTime}&nextToken=${params.nextToken}&maxResults=${params.maxResults}`;
      const r = await s.request('GET', `/v1.0/contact/empLeaveRecords?${q}`, {
        headers: { ...GO, 'x-acs-dingtalk-access-token': token },
      });
      expect(r.statusCode).toBe(200);
      const rsp = r.json() as { records: { userId: string; leaveTime: string }[]; nextToken?: string };
      ids.push(...rsp.records.map((g) => g.userId));
      if (rsp.nextToken === '0' || !rsp.nextToken) break;
      params.nextToken = rsp.nextToken;
    }
    // Left at 09:00 on each of the last 10 days before now (the last one a day before now).
    expect(ids).toEqual(left.slice(-10));
  });
});
