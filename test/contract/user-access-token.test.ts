import { describe, expect, it } from 'vitest';
import { authCodeFor } from '../helpers/login.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

function exchange(s: TestSandbox, body: Record<string, unknown>) {
  return s.request('POST', '/v1.0/oauth2/userAccessToken', { json: body });
}

function byCode(s: TestSandbox, code: string, app = s.main) {
  return exchange(s, {
    clientId: app.appKey,
    clientSecret: app.appSecret,
    code,
    grantType: 'authorization_code',
  });
}

function lastReason(s: TestSandbox): string | undefined {
  return s.tenant.journal.query({ route: 'api.oauth2.userAccessToken' }).at(-1)?.reason;
}

const NOT_FOUND = { code: 'invalidParameter.authCode.notFound', message: '不合法的临时授权码' };

describe('POST /v1.0/oauth2/userAccessToken', () => {
  it('L1 trades an authCode for {accessToken, refreshToken, expireIn:7200} without corpId for scope openid', async () => {
    const s = makeSandbox();
    const r = await byCode(s, await authCodeFor(s));
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toEqual({
      accessToken: expect.stringMatching(/^[0-9a-f]{32}$/),
      refreshToken: expect.any(String),
      expireIn: 7200,
    });
  });

  it('adds corpId when the login scope was "openid corpid"', async () => {
    const s = makeSandbox();
    const r = await byCode(s, await authCodeFor(s, 'manager1471', 'openid corpid'));
    expect(r.json()).toMatchObject({ corpId: s.tenant.corpId });
  });

  it('refuses a used code with 400 invalidParameter.authCode.notFound and says "already used" in the journal', async () => {
    const s = makeSandbox();
    const code = await authCodeFor(s);
    await byCode(s, code);
    const r = await byCode(s, code);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject(NOT_FOUND);
    expect(lastReason(s)).toContain('already used');
  });

  it('refuses an expired code (5 min on the tenant clock) and says so', async () => {
    const s = makeSandbox();
    const code = await authCodeFor(s);
    s.tenant.clock.advance(5 * 60_000 + 1);
    const r = await byCode(s, code);
    expect(r.json()).toMatchObject(NOT_FOUND);
    expect(lastReason(s)).toContain('expired');
  });

  it("refuses another app's code and names both apps", async () => {
    const s = makeSandbox();
    const code = await authCodeFor(s);
    const r = await byCode(s, code, s.lacking);
    expect(r.json()).toMatchObject(NOT_FOUND);
    expect(lastReason(s)).toContain(`issued to app ${s.main.appKey}`);
  });

  it('refuses an invented code', async () => {
    const s = makeSandbox();
    const r = await byCode(s, 'f'.repeat(32));
    expect(r.json()).toMatchObject(NOT_FOUND);
    expect(lastReason(s)).toContain('never issued');
  });

  it('refuses a 免登 (inapp) code: wrong kind', async () => {
    const s = makeSandbox();
    const c = s.tenant.authCodes.issue(
      'inapp',
      { appKey: s.main.appKey, userid: 'manager1471' },
      s.tenant.clock.now(),
    );
    const r = await byCode(s, c.code);
    expect(r.json()).toMatchObject(NOT_FOUND);
    expect(lastReason(s)).toContain('in-app 免登 code');
  });

  it('accepts an oauth code issued by the in-app dd.requestAuthCode flow (same kind, same store)', async () => {
    const s = makeSandbox();
    const c = s.tenant.authCodes.issue(
      'oauth',
      { appKey: s.main.appKey, userid: 'manager1471' },
      s.tenant.clock.now(),
    );
    expect((await byCode(s, c.code)).statusCode).toBe(200);
  });

  it('refuses a wrong clientSecret with invalidClientIdOrSecret', async () => {
    const s = makeSandbox();
    const code = await authCodeFor(s);
    const r = await exchange(s, {
      clientId: s.main.appKey,
      clientSecret: 'nope',
      code,
      grantType: 'authorization_code',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'invalidClientIdOrSecret',
      message: '无效的clientId或者clientSecret',
    });
  });

  it('answers Missingbody for a form body', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', '/v1.0/oauth2/userAccessToken', {
      body: 'clientId=x&clientSecret=y&code=z&grantType=authorization_code',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'Missingbody' });
  });

  it('refresh_token grant rotates: a new pair, and the old refresh token works only once', async () => {
    const s = makeSandbox();
    const first = (await byCode(s, await authCodeFor(s))).json() as {
      accessToken: string;
      refreshToken: string;
    };
    const refresh = {
      clientId: s.main.appKey,
      clientSecret: s.main.appSecret,
      refreshToken: first.refreshToken,
      grantType: 'refresh_token',
    };
    const second = await exchange(s, refresh);
    expect(second.statusCode).toBe(200);
    const pair = second.json() as { accessToken: string; refreshToken: string; expireIn: number };
    expect(pair.accessToken).not.toBe(first.accessToken);
    expect(pair.refreshToken).not.toBe(first.refreshToken);
    expect(pair.expireIn).toBe(7200);
    const me = await s.request('GET', '/v1.0/contact/users/me', {
      headers: { 'x-acs-dingtalk-access-token': pair.accessToken },
    });
    expect(me.json()).toMatchObject({ nick: '万宇泽' });
    const again = await exchange(s, refresh);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'invalidParameter.refreshToken.notFound' });
    expect(lastReason(s)).toContain('already used');
  });
});

describe('GET /v1.0/contact/users/me', () => {
  async function userToken(s: TestSandbox, scope = 'openid'): Promise<string> {
    const r = await byCode(s, await authCodeFor(s, 'manager1471', scope));
    return (r.json() as { accessToken: string }).accessToken;
  }
  const me = (s: TestSandbox, token: string, who = 'me') =>
    s.request('GET', `/v1.0/contact/users/${who}`, { headers: { 'x-acs-dingtalk-access-token': token } });

  it("L1 answers the token's user: nick, openId, unionId, stateCode, visitor:false (no mobile without Contact.User.mobile)", async () => {
    const s = makeSandbox();
    const r = await me(s, await userToken(s));
    expect(r.statusCode).toBe(200);
    const u = s.tenant.directory.getUser('manager1471')!;
    const body = r.json() as Record<string, unknown>;
    expect(body).toMatchObject({
      nick: u.name,
      unionId: u.unionid,
      stateCode: '86',
      visitor: false,
      email: u.email,
    });
    expect(body.openId).toMatch(/^[\w-]{22}iE$/);
    expect(body).not.toHaveProperty('mobile');
  });

  it('adds mobile when the app holds Contact.User.mobile, and answers /users/{own unionId} too', async () => {
    const s = makeSandbox();
    s.main.scopes.push('Contact.User.mobile');
    const token = await userToken(s);
    const u = s.tenant.directory.getUser('manager1471')!;
    expect((await me(s, token)).json()).toMatchObject({ mobile: u.mobile });
    expect((await me(s, token, u.unionid)).json()).toMatchObject({ unionId: u.unionid });
  });

  it('answers 403 AccessTokenPermissionDenied with requiredScopes when the app lacks Contact.User.Read', async () => {
    const s = makeSandbox();
    const token = await userToken(s);
    s.main.scopes = s.main.scopes.filter((x) => x !== 'Contact.User.Read');
    const r = await me(s, token);
    expect(r.statusCode).toBe(403);
    expect(r.json()).toEqual({
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      message:
        '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission',
      accessdenieddetail: { requiredScopes: ['Contact.User.Read'] },
      requestid: expect.any(String),
    });
    expect(s.tenant.journal.query({ route: 'api.contact.users.get' }).at(-1)?.reason).toContain(
      'Contact.User.Read',
    );
  });

  it('answers 400 InvalidAuthentication for an unknown token, and for a corp token (with the reason)', async () => {
    const s = makeSandbox();
    const bad = await me(s, 'f'.repeat(32));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'InvalidAuthentication', message: '不合法的access_token' });
    const corp = await me(s, await s.tokenFor());
    expect(corp.json()).toMatchObject({ code: 'InvalidAuthentication' });
    expect(s.sandbox.unattributed.query().at(-1)?.reason).toContain('corp (app) access token');
  });

  it('answers 400 AuthenticationFailed.MissingParameter without the header', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', '/v1.0/contact/users/me');
    expect(r.json()).toMatchObject({ code: 'AuthenticationFailed.MissingParameter' });
  });

  it('refuses an expired user token (7200 s on the tenant clock)', async () => {
    const s = makeSandbox();
    const token = await userToken(s);
    s.tenant.clock.advance(7200_000);
    const r = await me(s, token);
    expect(r.json()).toMatchObject({ code: 'InvalidAuthentication' });
    expect(s.tenant.journal.query({ route: 'api.contact.users.get' }).at(-1)?.reason).toContain('expired');
  });

  it("refuses another person's unionId", async () => {
    const s = makeSandbox();
    const other = [...s.tenant.directory.allUsers()].find((u) => u.userid !== 'manager1471')!;
    const r = await me(s, await userToken(s), other.unionid);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'InvalidParameter' });
  });
});
