/** X6: the app's server IP allow-list (服务器出口IP) on token issuance and token routes, both hosts. */
import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.ts';

// light-my-request calls from 127.0.0.1, like a BI server on the same machine.
const LEGACY_60020 = {
  errcode: 60020,
  errmsg: expect.stringMatching(/^访问ip不在白名单之中.*request ip=127\.0\.0\.1/),
};

describe('X6 IP allow-list', () => {
  it('refuses gettoken from an address not on the list with 60020 naming the caller IP', async () => {
    const s = makeSandbox();
    s.main.ipAllowList = ['10.0.0.1'];
    const r = await s.request(
      'GET',
      `/gettoken?appkey=${s.main.appKey}&appsecret=${encodeURIComponent(s.main.appSecret)}`,
    );
    expect(r.json()).toMatchObject(LEGACY_60020);
    expect((r.json() as { errmsg: string }).errmsg).toContain(`appKey(${s.main.appKey})`);
    expect(s.tenant.journal.query({ route: 'oapi.gettoken' }).at(-1)).toMatchObject({
      outcome: 'refused',
      code: '60020',
      reason: expect.stringContaining('caller 127.0.0.1'),
    });
  });

  it('refuses a token route (getuserinfo) with a token obtained before the list was set', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    s.main.ipAllowList = ['10.0.0.1'];
    expect(await s.topapi('/topapi/v2/user/getuserinfo', token, { code: 'x' })).toMatchObject(LEGACY_60020);
  });

  it('refuses the new host with 403 Forbidden.AccessDenied.IpNotInWhiteList naming the caller IP', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    s.main.ipAllowList = ['10.0.0.1'];
    const issued = await s.request('POST', '/v1.0/oauth2/accessToken', {
      json: { appKey: s.main.appKey, appSecret: s.main.appSecret },
    });
    const ticket = await s.request('POST', '/v1.0/oauth2/jsapiTickets', {
      headers: { 'x-acs-dingtalk-access-token': token },
    });
    for (const r of [issued, ticket]) {
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({
        code: 'Forbidden.AccessDenied.IpNotInWhiteList',
        message: expect.stringContaining('request ip=127.0.0.1'),
      });
    }
  });

  it('lets a caller inside an allowed CIDR block through', async () => {
    const s = makeSandbox();
    s.main.ipAllowList = ['10.0.0.1', '127.0.0.0/8'];
    const token = await s.tokenFor();
    expect((await s.request('GET', `/get_jsapi_ticket?access_token=${token}`)).json()).toMatchObject({
      errcode: 0,
    });
  });
});
