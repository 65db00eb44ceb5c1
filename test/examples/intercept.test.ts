/**
 * Example: testing integration code that calls the real DingTalk hosts — unchanged — with the
 * sandbox in the same process (dingtalk-sandbox/intercept). No port, no base-URL switch.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Config } from '@alicloud/openapi-client';
import * as oauth2 from '@alicloud/dingtalk/dist/oauth2_1_0/client.js';
import { interceptDingTalk, type Interception } from '../../mock-server/src/intercept.ts';

/** "Integration code" as a team would write it, with DingTalk's real host hard-coded. */
async function fetchAdminName(appKey: string, appSecret: string): Promise<string> {
  const t = (await (
    await fetch(`https://oapi.dingtalk.com/gettoken?appkey=${appKey}&appsecret=${appSecret}`)
  ).json()) as { access_token: string };
  const r = await fetch(`https://oapi.dingtalk.com/topapi/v2/user/get?access_token=${t.access_token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userid: 'manager1471' }),
  });
  const body = (await r.json()) as { errcode: number; errmsg: string; result?: { name: string } };
  if (body.errcode !== 0) throw new Error(body.errmsg);
  return body.result!.name;
}

describe('in-process interception of the real DingTalk hosts', () => {
  let dt: Interception;
  beforeEach(() => {
    dt = interceptDingTalk({ allowNetConnect: false });
  });
  afterEach(() => dt.restore());

  it('serves fetch() calls to oapi.dingtalk.com from the sandbox', async () => {
    const app = dt.defaultTenant.listApps()[0]!;
    expect(await fetchAdminName(app.appKey, app.appSecret)).toBe(
      dt.defaultTenant.directory.getUser('manager1471')!.name,
    );
    expect(dt.defaultTenant.journal.query({ route: 'oapi.v2.user.get' })).toHaveLength(1);
  });

  it('surfaces DingTalk’s own errors to the code under test (E1 through the interceptor)', async () => {
    const lacking = dt.defaultTenant.listApps()[1]!;
    await expect(fetchAdminName(lacking.appKey, lacking.appSecret)).rejects.toThrow(
      '{requiredScopes=[qyapi_get_member]}',
    );
  });

  it('serves the official SDK, which hard-codes https://api.dingtalk.com', async () => {
    type Client = typeof oauth2.default.default;
    const mod = oauth2.default as unknown as Client | { default: Client };
    const Oauth2: Client = 'default' in mod ? mod.default : mod;
    const app = dt.defaultTenant.listApps()[0]!;
    const client = new Oauth2(new Config({ protocol: 'https', regionId: 'central' }));
    const res = await client.getAccessToken(
      new oauth2.GetAccessTokenRequest({ appKey: app.appKey, appSecret: app.appSecret }),
    );
    expect(res.body?.accessToken).toMatch(/^[0-9a-f]{32}$/);
  });

  it('restore() removes only its own interceptors and leaves the caller’s nock scopes alone', async () => {
    const mine = nock('https://example.test').get('/ping').reply(200, 'pong');
    dt.restore();
    expect(nock.activeMocks()).toEqual(['GET https://example.test:443/ping']);
    expect(await (await fetch('https://example.test/ping')).text()).toBe('pong');
    expect(mine.isDone()).toBe(true);
    nock.disableNetConnect();
    await expect(fetch('https://oapi.dingtalk.com/gettoken')).rejects.toThrow();
    nock.enableNetConnect();
  });
});
