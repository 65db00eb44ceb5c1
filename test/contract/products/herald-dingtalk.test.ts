/**
 * herald-dingtalk (soulteary/herald-dingtalk, a notification gateway) against the sandbox, replaying
 * internal/dingtalk/client.go — fetchToken(): GET gettoken?appkey=&appsecret= (url.Values, so the
 * query is sorted and escaped); GetUserIDByMobile() → getUserIDByMobileWithToken(): a **GET**
 * `topapi/v2/user/getbymobile?access_token=…&mobile=…` with no body, reading errcode, errmsg and
 * result.userid; errcode 60121 (like 60011, 40104) is its "invalid destination", a non-2xx status
 * an upstream failure.
 */
import { describe, expect, it } from 'vitest';
import { makeSandbox, type TestSandbox } from '../../helpers/sandbox.ts';

const GO = { 'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'gzip' };

function heraldApp(s: TestSandbox) {
  return s.tenant.addApp({ name: 'herald', scopes: ['qyapi_base', 'qyapi_get_member_by_mobile'] });
}

/** Go's url.Values.Encode(): keys sorted, values QueryEscape'd (space as +). */
function encode(values: Record<string, string>): string {
  return Object.keys(values)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(values[k]!).replace(/%20/g, '+')}`)
    .join('&');
}

async function fetchToken(s: TestSandbox, app: { appKey: string; appSecret: string }): Promise<string> {
  const r = await s.request('GET', `/gettoken?${encode({ appkey: app.appKey, appsecret: app.appSecret })}`, {
    headers: GO,
  });
  const body = r.json() as { errcode: number; access_token: string; expires_in: number };
  expect(body).toMatchObject({ errcode: 0, expires_in: 7200 });
  return body.access_token;
}

/** getUserIDByMobileWithToken(): the HTTP status and what herald parses. */
async function byMobile(s: TestSandbox, token: string, mobile: string) {
  const r = await s.request('GET', `/topapi/v2/user/getbymobile?${encode({ access_token: token, mobile })}`, {
    headers: GO,
  });
  return {
    status: r.statusCode,
    body: r.json() as { errcode: number; errmsg: string; result?: { userid: string } },
  };
}

describe('herald-dingtalk (soulteary/herald-dingtalk internal/dingtalk/client.go) — getbymobile as GET with query parameters', () => {
  it('GET …/getbymobile?access_token=&mobile= answers 200 with result.userid', async () => {
    const s = makeSandbox();
    const token = await fetchToken(s, heraldApp(s));
    const someone = [...s.tenant.directory.allUsers()][7]!;
    const { status, body } = await byMobile(s, token, someone.mobile);
    expect(status).toBe(200);
    expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', result: { userid: someone.userid } });
  });

  it('an unknown number is errcode 60121 in a 200 (herald: invalid destination, not an upstream failure); no mobile is a topapi refusal, never a 5xx', async () => {
    const s = makeSandbox();
    const token = await fetchToken(s, heraldApp(s));
    const unknown = await byMobile(s, token, '+86 13000000000');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ errcode: 60121, errmsg: '找不到该用户' });
    const r = await s.request('GET', `/topapi/v2/user/getbymobile?${encode({ access_token: token })}`, {
      headers: GO,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ errcode: 40035, errmsg: '缺少参数 mobile' });
  });

  it('the GET form is refused without the by-mobile point like the POST form (88 / 60011, requiredScopes named)', async () => {
    const s = makeSandbox();
    const { status, body } = await byMobile(s, await s.tokenFor(), '13000000000');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      errcode: 88,
      sub_code: '60011',
      errmsg: expect.stringContaining('{requiredScopes=[qyapi_get_member_by_mobile]}'),
    });
  });
});
