/**
 * The BI's DingTalk client against the sandbox on loopback: the app token cached and renewed (X2),
 * retries with back-off on rate limits, 5xx, resets and malformed answers (X3), no blind retry of a
 * send, and DingTalk's refusals surfaced verbatim. One nock test covers a wire variant of real
 * DingTalk the sandbox does not produce.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DingTalkClient } from '../src/dingtalk/client.ts';
import { DEFAULT_RETRY, dingTalkHosts } from '../src/config.ts';
import { DingTalkApiError, DingTalkUnavailableError } from '../src/dingtalk/errors.ts';
import { startSandbox, type RunningSandbox } from '../../../mock-server/src/start.ts';
import type { App } from '../../../mock-server/src/domain/apps/apps.ts';
import { sandboxCall } from './helpers/stack.ts';

const E1_TEXT =
  '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission, {requiredScopes=[qyapi_get_member]}';

describe('DingTalkClient against the sandbox', () => {
  let sb: RunningSandbox;
  let main: App;
  let lacking: App;
  let sleeps: number[];
  let clientNow: number;

  const clientFor = (app: App) =>
    new DingTalkClient(
      {
        hosts: dingTalkHosts(sb.url),
        transport: { retry: DEFAULT_RETRY, timeoutMs: 5_000, sleep: async (ms) => void sleeps.push(ms) },
        now: () => clientNow,
      },
      app,
    );
  const corp = () => sb.defaultTenant.corpId;
  const journal = (route: string) => sb.defaultTenant.journal.query({ route });
  const fault = (rule: unknown) => sandboxCall(sb.url, 'POST', `/tenants/${corp()}/faults`, rule);

  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
    [main, lacking] = sb.defaultTenant.listApps() as [App, App];
  });
  afterAll(() => sb?.stop());
  beforeEach(async () => {
    sleeps = [];
    clientNow = Date.now();
    await sandboxCall(sb.url, 'DELETE', `/tenants/${corp()}/faults`);
    sb.defaultTenant.appTokens.revokeAll();
  });

  it('X2 caches the app token: many calls, one gettoken', async () => {
    const before = journal('oapi.gettoken').length;
    const client = clientFor(main);
    await Promise.all([
      client.getUser('manager1471'),
      client.listSubDepartments(1),
      client.getUser('manager1471'),
    ]);
    expect(client.tokens.fetches).toBe(1);
    expect(journal('oapi.gettoken').length - before).toBe(1);
  });

  it('X2 renews the token a little before its own expiry, without a refused call', async () => {
    const client = clientFor(main);
    await client.getUser('manager1471');
    const refusedBefore = sb.defaultTenant.journal.query({ outcome: 'refused' }).length;
    clientNow += 7200_000 - 60_000; // inside the renew-early margin
    await client.getUser('manager1471');
    expect(client.tokens.fetches).toBe(2);
    expect(sb.defaultTenant.journal.query({ outcome: 'refused' }).length).toBe(refusedBefore);
  });

  it('X2 keeps working when DingTalk expired the token (tenant clock +7201 s): refresh once, retry', async () => {
    const client = clientFor(main);
    await client.getUser('manager1471');
    sb.defaultTenant.clock.advance(7201_000);
    const user = await client.getUser('manager1471');
    expect(user.userid).toBe('manager1471');
    expect(client.tokens.fetches).toBe(2);
    const refused = journal('oapi.v2.user.get').filter((e) => e.outcome === 'refused');
    expect(refused.at(-1)?.code).toBe('88/40014');
  });

  it('X3 retries a rate-limited call (90018) with back-off, then succeeds', async () => {
    await fault({ match: { route: 'oapi.v2.user.list' }, action: { type: 'rateLimit' }, times: 2 });
    const page = await clientFor(main).listUsers(1, 0, 10);
    expect(page.list.length).toBeGreaterThan(0);
    expect(sleeps).toEqual([200, 400]);
  });

  it('X3 gives up after 3 rate-limited attempts with a retryable error', async () => {
    await fault({ match: { route: 'oapi.v2.user.list' }, action: { type: 'rateLimit' }, times: 3 });
    const list = clientFor(main).listUsers(1, 0, 10);
    await expect(list).rejects.toBeInstanceOf(DingTalkUnavailableError);
    await expect(list).rejects.toThrow(/^钉钉暂时不可用，请稍后重试/);
    await expect(list).rejects.toMatchObject({ reason: 'rateLimit', attempts: 3 });
  });

  it('X3 retries the new host’s 403 QpsLimitForAppkeyAndApi', async () => {
    await fault({ match: { route: 'api.oauth2.accessToken' }, action: { type: 'rateLimit' }, times: 1 });
    const client = clientFor(main);
    // The new host's corp token, through the same transport.
    const res = await client.checkCorpId(corp()).then(() => 'ok');
    expect(res).toBe('ok');
    const code = sb.defaultTenant.authCodes.issue(
      'oauth',
      { appKey: main.appKey, userid: 'manager1471', scopes: [] },
      sb.defaultTenant.clock.now(),
    );
    await fault({ match: { route: 'api.contact.users.get' }, action: { type: 'rateLimit' }, times: 1 });
    const token = await client.userAccessToken(code.code);
    const me = await client.currentUser(token.accessToken);
    expect(me.unionId).toBe(sb.defaultTenant.directory.getUser('manager1471')!.unionid);
    expect(sleeps).toEqual([200]);
  });

  it.each([
    ['a 502 from a proxy', { type: 'status', status: 502, body: '<html>Bad Gateway</html>' }],
    ['a malformed JSON body', { type: 'malformed' }],
    ['a connection reset', { type: 'reset' }],
  ])('X3 retries an idempotent call after %s', async (_what, action) => {
    await fault({ match: { route: 'oapi.v2.user.get' }, action, times: 1 });
    const user = await clientFor(main).getUser('manager1471');
    expect(user.userid).toBe('manager1471');
    expect(sleeps).toEqual([200]);
  });

  it('X3 does not repeat a send after an unknown outcome (502): it may have been delivered', async () => {
    await fault({
      match: { route: 'oapi.message.corpconversation.asyncsend_v2' },
      action: { type: 'status', status: 502, body: 'Bad Gateway' },
      times: 1,
    });
    const before = journal('oapi.message.corpconversation.asyncsend_v2').length;
    await expect(
      clientFor(main).sendWorkNotice(main.agentId, ['manager1471'], {
        msgtype: 'text',
        text: { content: 'hi' },
      }),
    ).rejects.toBeInstanceOf(DingTalkUnavailableError);
    expect(journal('oapi.message.corpconversation.asyncsend_v2').length - before).toBe(1);
  });

  it('surfaces a missing permission verbatim, with the scope named (E1)', async () => {
    const lookup = clientFor(lacking).userIdByUnionid(
      sb.defaultTenant.directory.getUser('manager1471')!.unionid,
    );
    await expect(lookup).rejects.toBeInstanceOf(DingTalkApiError);
    await expect(lookup).rejects.toMatchObject({
      text: E1_TEXT,
      requiredScopes: ['qyapi_get_member'],
      isMissingScope: true,
    });
  });

  it('surfaces gettoken’s refusal verbatim (不合法的appKey或appSecret)', async () => {
    await expect(clientFor({ ...main, appSecret: 'wrong' }).fetchAppToken()).rejects.toMatchObject({
      errcode: 40096,
      text: '不合法的appKey或appSecret',
    });
  });

  it('surfaces a new-API refusal verbatim (InvalidAuthentication)', async () => {
    await expect(clientFor(main).currentUser('not-a-token')).rejects.toMatchObject({
      code: 'InvalidAuthentication',
      text: '不合法的access_token',
    });
  });
});

describe('DingTalkClient wire variants (nock)', () => {
  const BASE = 'http://dingtalk.nock.test';
  const client = () =>
    new DingTalkClient(
      {
        hosts: dingTalkHosts(BASE),
        transport: { retry: DEFAULT_RETRY, timeoutMs: 5_000, sleep: async () => {} },
        now: Date.now,
      },
      { appKey: 'dingkey', appSecret: 'secret' },
    );
  beforeEach(() => {
    nock(BASE).get('/gettoken').query(true).reply(200, { errcode: 0, access_token: 'T1', expires_in: 7200 });
  });
  afterEach(() => nock.cleanAll());

  it('reads the {requiredScopes=…} suffix from errmsg when sub_msg lacks it (live variant, U)', async () => {
    const sub =
      '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission';
    nock(BASE)
      .post('/topapi/v2/user/get')
      .query({ access_token: 'T1' })
      .reply(200, {
        errcode: 88,
        sub_code: '60011',
        sub_msg: sub,
        errmsg: `ding talk error[subcode=60011,submsg=${sub}, {requiredScopes=[qyapi_get_member]}]`,
      });
    await expect(client().getUser('u1')).rejects.toMatchObject({
      text: `${sub}, {requiredScopes=[qyapi_get_member]}`,
      requiredScopes: ['qyapi_get_member'],
    });
  });

  it('treats a sub_code as failure even with errcode 0 (legacy SDK rule)', async () => {
    nock(BASE)
      .post('/topapi/v2/user/get')
      .query(true)
      .reply(200, { errcode: 0, sub_code: '60121', sub_msg: '找不到该用户', errmsg: 'ok' });
    const lookup = client().getUser('u1');
    await expect(lookup).rejects.toBeInstanceOf(DingTalkApiError);
    await expect(lookup).rejects.toMatchObject({ text: '找不到该用户' });
  });
});
