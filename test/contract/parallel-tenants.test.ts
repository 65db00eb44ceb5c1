/**
 * Eight tenants at once through login and messaging, each with its own fault rules and clock
 * changes: no cross-talk in journals, inboxes or tokens.
 */
import { describe, expect, it } from 'vitest';
import { location, sidOf } from '../helpers/login.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

type TenantView = { corpId: string; apps: { appKey: string; appSecret: string; agentId: number }[] };
const CALLBACK = 'http://127.0.0.1:3710/auth/dingtalk/callback';

async function journey(s: TestSandbox, t: TenantView, i: number) {
  const app = t.apps[0]!;
  const tenant = s.sandbox.getTenant(t.corpId)!;
  const userid = [...tenant.directory.allUsers()].filter((u) => u.active && !u.resigned)[i + 1]!.userid;
  // A rule of this tenant only: its first user/get answers 90018.
  await s.request('POST', `/__sandbox/api/tenants/${t.corpId}/faults`, {
    json: { match: { route: 'oapi.v2.user.get' }, action: { type: 'rateLimit' } },
  });
  const token = (
    (await s.request('GET', `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)).json() as {
      access_token: string;
    }
  ).access_token;

  // Web QR login as `userid`, through the phone's admin API.
  const auth = await s.request(
    'GET',
    `/oauth2/auth?${new URLSearchParams({ client_id: app.appKey, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid', state: `s${i}` })}`,
  );
  const challenge = location(auth);
  const sid = sidOf((await s.request('GET', challenge.pathname + challenge.search)).body);
  await s.request('POST', `/__sandbox/api/tenants/${t.corpId}/qr/${sid}/scan`, { json: { userid } });
  await s.request('POST', `/__sandbox/api/tenants/${t.corpId}/qr/${sid}/confirm`, { json: {} });
  const back = location(await s.request('GET', `/oauth2/continue?sid=${sid}`));
  expect(back.searchParams.get('state')).toBe(`s${i}`);
  const exchange = await s.request('POST', '/v1.0/oauth2/userAccessToken', {
    json: {
      clientId: app.appKey,
      clientSecret: app.appSecret,
      code: back.searchParams.get('authCode'),
      grantType: 'authorization_code',
    },
  });
  const userToken = (exchange.json() as { accessToken: string }).accessToken;
  if (!userToken) throw new Error(`userAccessToken: ${exchange.body}`);
  const me = (
    await s.request('GET', '/v1.0/contact/users/me', {
      headers: { 'x-acs-dingtalk-access-token': userToken },
    })
  ).json() as { unionId: string };
  const resolved = await s.topapi('/topapi/user/getbyunionid', token, { unionid: me.unionId });
  expect(resolved).toMatchObject({ errcode: 0, result: { userid } });
  expect((await s.topapi('/topapi/v2/user/get', token, { userid })).errcode).toBe(90018);
  expect((await s.topapi('/topapi/v2/user/get', token, { userid })).errcode).toBe(0);

  // A work notification to that user.
  const sent = await s.topapi('/topapi/message/corpconversation/asyncsend_v2', token, {
    agent_id: app.agentId,
    userid_list: userid,
    msg: { msgtype: 'text', text: { content: `tenant ${i} says hi` } },
  });
  expect(sent.errcode).toBe(0);
  // Odd tenants move their clock past the token's lifetime.
  if (i % 2 === 1)
    await s.request('POST', `/__sandbox/api/tenants/${t.corpId}/clock`, { json: { advanceSeconds: 7201 } });
  return { token, userToken, userid, app };
}

describe('eight tenants in parallel', () => {
  it('keep journals, inboxes, tokens, rules and clocks apart', async () => {
    const s = makeSandbox();
    const tenants = await Promise.all(
      Array.from(
        { length: 8 },
        async (_, i) =>
          (
            await s.request('POST', '/__sandbox/api/tenants', { json: { name: `并行${i}` } })
          ).json() as TenantView,
      ),
    );
    const results = await Promise.all(tenants.map((t, i) => journey(s, t, i)));

    for (const [i, t] of tenants.entries()) {
      const tenant = s.sandbox.getTenant(t.corpId)!;
      const mine = new Set(t.apps.map((a) => a.appKey));
      const entries = tenant.journal.query();
      // Journal: only this tenant's apps, and exactly its own fault fired once.
      expect(entries.filter((e) => e.appKey !== undefined && !mine.has(e.appKey))).toEqual([]);
      expect(entries.filter((e) => e.outcome === 'fault')).toHaveLength(1);
      // Inbox: only this tenant's message.
      const inbox = tenant.messaging.mailbox.inbox(results[i]!.userid);
      expect(
        inbox.map((m) => (m.delivery.message.raw as { text: { content: string } }).text.content),
      ).toEqual([`tenant ${i} says hi`]);
      // Rules: each tenant has its own single rule, used once.
      expect(tenant.faults.list().map((r) => r.hits)).toEqual([1]);
      // Tokens and clocks: odd tenants' tokens expired, even ones' still work.
      const count = await s.topapi('/topapi/user/count', results[i]!.token, { only_active: false });
      expect(count.errcode).toBe(i % 2 === 1 ? 88 : 0);
    }
    // No token opens another tenant's data: every token belongs to exactly one app.
    const owners = results.map((r) => s.sandbox.lookupAppToken(r.token));
    expect(new Set(owners.map((o) => (o.status === 'unknown' ? null : o.tenant.corpId))).size).toBe(8);
    expect(s.tenant.journal.query()).toHaveLength(0);
  });
});
