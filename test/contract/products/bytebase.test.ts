/**
 * Bytebase (bytebase/bytebase) against the sandbox, replaying its DingTalk IM app:
 * backend/plugin/webhook/dingtalk/app.go — getIDByPhone() POSTs
 * `https://oapi.dingtalk.com/topapi/v2/user/getbymobile` with the body fmt.Sprintf(`{"mobile":"%s"}`)
 * and Content-Type `application/json; charset=utf-8`, through provider.do().
 *
 * do() builds the request *before* it appends `?access_token=` to the URL, so a provider's first
 * oapi request carries no token at all; it then reads `errcode` and, on 88 (or `code`
 * InvalidAuthentication), fetches a token from POST /v1.0/oauth2/accessToken
 * ({"appKey","appSecret"} → accessToken, expireIn) and tries again — now with the token, since the
 * URL variable was changed in between. getIDByPhone treats errcode 60121 as "no such user" ("") and
 * any other non-zero errcode as a failure.
 */
import { describe, expect, it } from 'vitest';
import { makeSandbox, type TestSandbox } from '../../helpers/sandbox.ts';

const GETBYMOBILE = '/topapi/v2/user/getbymobile';
const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Go-http-client/1.1' };

/** The IM app Bytebase is configured with: it needs the by-mobile point and the robot's. */
function bytebaseApp(s: TestSandbox) {
  return s.tenant.addApp({
    name: 'Bytebase',
    scopes: ['qyapi_base', 'qyapi_get_member_by_mobile', 'qyapi_robot_sendmsg'],
  });
}

/** getToken(): POST /v1.0/oauth2/accessToken with fmt.Sprintf(`{"appKey":"%s","appSecret":"%s"}`). */
async function getToken(s: TestSandbox, app: { appKey: string; appSecret: string }): Promise<string> {
  const r = await s.request('POST', '/v1.0/oauth2/accessToken', {
    headers: { 'content-type': 'application/json' },
    body: `{"appKey":"${app.appKey}","appSecret":"${app.appSecret}"}`,
  });
  expect(r.statusCode).toBe(200);
  const body = r.json() as { accessToken: string; expireIn: number };
  expect(body.expireIn).toBeGreaterThan(60);
  return body.accessToken;
}

/**
 * provider.do() + getIDByPhone(), step by step: the calls it makes, what it reads from each, and
 * the userid it ends with ("" for 60121).
 */
async function getIDByPhone(s: TestSandbox, app: { appKey: string; appSecret: string }, phone: string) {
  const data = `{"mobile":"${phone}"}`;
  const seen: Record<string, unknown>[] = [];
  // do(): no token yet → refreshToken() before the loop.
  let token = await getToken(s, app);
  let url = GETBYMOBILE;
  for (let i = 0; i < 3; i++) {
    // The request is built from `url` before the token is appended to it (for the next try).
    const sent = url;
    url = `${url}?access_token=${token}`;
    const r = await s.request('POST', sent, { headers: HEADERS, body: data });
    const response = r.json() as Record<string, unknown>;
    seen.push(response);
    if (response.errcode === 88 || response.code === 'InvalidAuthentication') {
      token = await getToken(s, app);
      continue;
    }
    expect(r.statusCode).toBe(200);
    if (response.errcode === 60121) return { userid: '', seen };
    if (response.errcode !== 0)
      throw new Error(`failed to get id by phone, errcode: ${String(response.errcode)}`);
    return { userid: (response.result as { userid: string }).userid, seen };
  }
  throw new Error('exceeds max retries');
}

describe('Bytebase (bytebase/bytebase backend/plugin/webhook/dingtalk/app.go) — user ids by phone', () => {
  it('the token-less first try is answered errcode 88 (so Bytebase fetches a token), the retry with the token gives the userid', async () => {
    const s = makeSandbox();
    const app = bytebaseApp(s);
    const admin = s.tenant.directory.getUser('manager1471')!;
    const { userid, seen } = await getIDByPhone(s, app, admin.mobile);
    expect(userid).toBe('manager1471');
    // What Bytebase keys on: errcode 88 first (topapi's wrapper for a missing token), then 0.
    expect(seen.map((r) => r.errcode)).toEqual([88, 0]);
    expect(seen[0]).toMatchObject({ sub_code: '40000', sub_msg: 'access_token is blank' });
    expect(seen[1]).toMatchObject({ errmsg: 'ok', result: { userid: 'manager1471' } });
  });

  it('a number nobody in the corp has, and a leaver’s number, are errcode 60121 — Bytebase’s "no such user" (empty id, no error)', async () => {
    const s = makeSandbox();
    const app = bytebaseApp(s);
    expect((await getIDByPhone(s, app, '13000000000')).userid).toBe('');
    const leaver = [...s.tenant.directory.allUsers()].find((u) => u.userid !== 'manager1471')!;
    s.tenant.directory.updateUser(leaver.userid, { resigned: true });
    const { userid, seen } = await getIDByPhone(s, app, leaver.mobile);
    expect(userid).toBe('');
    expect(seen.at(-1)).toMatchObject({ errcode: 60121, errmsg: '找不到该用户' });
  });

  it('an app without qyapi_get_member_by_mobile: Bytebase fails with DingTalk’s 88/60011 after its three tries (the wrapper it retries on)', async () => {
    const s = makeSandbox();
    // The BI app holds no by-mobile point: every try is refused with 88, which Bytebase reads as "refresh".
    const r = await s.request('POST', `${GETBYMOBILE}?access_token=${await s.tokenFor()}`, {
      headers: HEADERS,
      body: '{"mobile":"13000000000"}',
    });
    expect(r.json()).toMatchObject({
      errcode: 88,
      sub_code: '60011',
      errmsg: expect.stringContaining('{requiredScopes=[qyapi_get_member_by_mobile]}'),
    });
    await expect(getIDByPhone(s, s.main, '13000000000')).rejects.toThrow('exceeds max retries');
  });
});
