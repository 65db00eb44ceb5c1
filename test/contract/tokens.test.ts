import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.ts';

const HOUR2 = 7200 * 1000;

describe('GET /gettoken (legacy corp token)', () => {
  it('issues a 32-hex access_token valid 7200 s in the legacy success envelope', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', `/gettoken?appkey=${s.main.appKey}&appsecret=${s.main.appSecret}`);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      access_token: expect.stringMatching(/^[0-9a-f]{32}$/),
      expires_in: 7200,
    });
    expect(body).not.toHaveProperty('sub_code');
  });

  it('returns the same token while it is valid and a new one after 7200 s on the tenant clock', async () => {
    const s = makeSandbox();
    const first = await s.tokenFor();
    s.tenant.clock.advance(HOUR2 - 1000);
    expect(await s.tokenFor()).toBe(first);
    // The re-fetch renewed it: another 7199 s later it is still the same token.
    s.tenant.clock.advance(HOUR2 - 1000);
    expect(await s.tokenFor()).toBe(first);
    s.tenant.clock.advance(HOUR2 + 1);
    const second = await s.tokenFor();
    expect(second).not.toBe(first);
    const old = await s.topapi('/topapi/v2/user/get', first, { userid: 'manager1471' });
    expect(old).toMatchObject({ errcode: 88, sub_code: '40014', sub_msg: '不合法的access_token' });
  });

  it('refuses a wrong appsecret and an unknown appkey with 40096 不合法的appKey或appSecret, unwrapped', async () => {
    const s = makeSandbox();
    for (const url of [
      `/gettoken?appkey=${s.main.appKey}&appsecret=wrong`,
      `/gettoken?appkey=dingnotanapp&appsecret=x`,
      `/gettoken?appkey=${s.main.appKey}`,
    ]) {
      const body = (await s.request('GET', url)).json();
      expect(body).toEqual({
        errcode: 40096,
        errmsg: '不合法的appKey或appSecret',
        request_id: expect.any(String),
      });
    }
  });

  it('answers 40035 缺少参数 corpid or appkey when the query has neither (e.g. sent as a body)', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', '/gettoken', {
      json: { appkey: s.main.appKey, appsecret: s.main.appSecret },
    });
    expect(r.json()).toMatchObject({ errcode: 40035, errmsg: '缺少参数 corpid or appkey' });
  });

  it('supports the old corpid/corpsecret pair and refuses a wrong one with 40089', async () => {
    const s = makeSandbox();
    const ok = (
      await s.request('GET', `/gettoken?corpid=${s.tenant.corpId}&corpsecret=${s.main.appSecret}`)
    ).json();
    expect(ok).toMatchObject({ errcode: 0, access_token: expect.any(String) });
    const bad = (await s.request('GET', `/gettoken?corpid=${s.tenant.corpId}&corpsecret=nope`)).json();
    expect(bad).toMatchObject({ errcode: 40089, errmsg: '不合法的corpid或corpsecret' });
  });

  it('journals a refused gettoken with the reason and the secret masked', async () => {
    const s = makeSandbox();
    await s.request('GET', `/gettoken?appkey=${s.main.appKey}&appsecret=wrongsecret123`);
    const [entry] = s.tenant.journal.query({ route: 'oapi.gettoken', outcome: 'refused' });
    expect(entry?.reason).toContain('appsecret does not match');
    expect(entry?.code).toBe('40096');
    expect(entry?.path).toContain('appsecret=wron***');
    expect(entry?.path).not.toContain('wrongsecret123');
  });
});

describe('POST /v1.0/oauth2/accessToken (new corp token)', () => {
  it('issues {accessToken, expireIn} usable on the legacy host too', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', '/v1.0/oauth2/accessToken', {
      json: { appKey: s.main.appKey, appSecret: s.main.appSecret },
    });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { accessToken: string; expireIn: number };
    expect(body).toEqual({ accessToken: expect.stringMatching(/^[0-9a-f]{32}$/), expireIn: 7200 });
    // Both generations' tokens are the same token for the same app.
    expect(await s.tokenFor()).toBe(body.accessToken);
    const user = await s.topapi('/topapi/v2/user/get', body.accessToken, { userid: 'manager1471' });
    expect(user.errcode).toBe(0);
  });

  it('refuses a wrong secret with 400 invalidClientIdOrSecret in the new envelope', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', '/v1.0/oauth2/accessToken', {
      json: { appKey: s.main.appKey, appSecret: 'x' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({
      code: 'invalidClientIdOrSecret',
      message: '无效的clientId或者clientSecret',
      requestid: expect.any(String),
    });
  });

  it('answers Missingbody for a form body and MissingappKey for a JSON body without appKey', async () => {
    const s = makeSandbox();
    const form = await s.request('POST', '/v1.0/oauth2/accessToken', {
      body: `appKey=${s.main.appKey}&appSecret=${s.main.appSecret}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(400);
    expect(form.json()).toMatchObject({ code: 'Missingbody', message: 'body is mandatory for this action' });
    const missing = await s.request('POST', '/v1.0/oauth2/accessToken', { json: { appSecret: 'x' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: 'MissingappKey',
      message: 'appKey is mandatory for this action.',
    });
  });
});

describe('POST /v1.0/oauth2/{corpId}/token (client_credentials, snake_case)', () => {
  it('issues {access_token, expires_in} for the corp app', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', `/v1.0/oauth2/${s.tenant.corpId}/token`, {
      json: { client_id: s.main.appKey, client_secret: s.main.appSecret, grant_type: 'client_credentials' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ access_token: expect.stringMatching(/^[0-9a-f]{32}$/), expires_in: 7200 });
  });

  it('answers 500 unknownError 未知错误 for an unknown corpId, as DingTalk does', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', '/v1.0/oauth2/dingnosuchcorp/token', {
      json: { client_id: s.main.appKey, client_secret: s.main.appSecret, grant_type: 'client_credentials' },
    });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toMatchObject({ code: 'unknownError', message: '未知错误' });
  });

  it('refuses a wrong client_secret and a grant_type other than client_credentials', async () => {
    const s = makeSandbox();
    const url = `/v1.0/oauth2/${s.tenant.corpId}/token`;
    const bad = await s.request('POST', url, {
      json: { client_id: s.main.appKey, client_secret: 'x', grant_type: 'client_credentials' },
    });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'invalidClientIdOrSecret']);
    const grant = await s.request('POST', url, {
      json: { client_id: s.main.appKey, client_secret: s.main.appSecret, grant_type: 'password' },
    });
    expect([grant.statusCode, grant.json().code]).toEqual([400, 'InvalidParameter']);
  });
});

describe('tenant isolation of tokens', () => {
  it('advancing one tenant clock by 7201 s expires its tokens and not another tenant’s', async () => {
    const s = makeSandbox();
    const created = await s.request('POST', '/__sandbox/api/tenants', { json: { name: '第二个组织' } });
    expect(created.statusCode).toBe(201);
    const other = created.json() as { corpId: string; apps: { appKey: string; appSecret: string }[] };
    expect(other.corpId).not.toBe(s.tenant.corpId);
    const otherApp = other.apps[0]!;
    expect(otherApp.appKey).not.toBe(s.main.appKey);
    const mine = await s.tokenFor();
    const theirs = (
      (
        await s.request('GET', `/gettoken?appkey=${otherApp.appKey}&appsecret=${otherApp.appSecret}`)
      ).json() as { access_token: string }
    ).access_token;
    expect(theirs).not.toBe(mine);

    s.tenant.clock.advance(7201 * 1000);
    expect((await s.topapi('/topapi/user/count', mine, { only_active: false })).errcode).toBe(88);
    const stillValid = await s.topapi('/topapi/user/count', theirs, { only_active: false });
    expect(stillValid).toMatchObject({ errcode: 0, result: { count: expect.any(Number) } });
    // The call with the other tenant's token is journaled in that tenant, not this one.
    const otherTenant = s.sandbox.getTenant(other.corpId)!;
    expect(otherTenant.journal.query({ route: 'oapi.user.count' })).toHaveLength(1);
    expect(s.tenant.journal.query({ route: 'oapi.user.count', outcome: 'ok' })).toHaveLength(0);
  });
});
