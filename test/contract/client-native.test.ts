/** The DingTalk client's native side (POST /__sandbox/api/client/invoke), without a browser. */
import { describe, expect, it } from 'vitest';
import type { ClientPlatform } from '../../mock-server/src/domain/in-app/client-native.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

interface Reply {
  errorCode: string | number;
  result?: Record<string, unknown>;
  errorMessage?: string;
  message?: string;
}

function client(s: TestSandbox, opts: { appKey?: string; userid?: string; platform?: ClientPlatform } = {}) {
  const session = {
    corpId: s.tenant.corpId,
    appKey: opts.appKey ?? s.main.appKey,
    userid: opts.userid ?? 'manager1471',
    platform: opts.platform ?? 'ios',
  };
  return async (method: string, params: Record<string, unknown> = {}): Promise<Reply> => {
    const r = await s.request('POST', '/__sandbox/api/client/invoke', {
      json: { session, method, params, url: 'http://127.0.0.1:3710/dingtalk/mobile' },
    });
    expect(r.statusCode).toBe(200);
    return r.json() as Reply;
  };
}

describe('client native side', () => {
  it('L5 requestAuthCode issues an in-app code of the open app, returned as code and authCode', async () => {
    const s = makeSandbox();
    const reply = await client(s, { appKey: s.lacking.appKey })('runtime.permission.requestAuthCode', {
      corpId: s.tenant.corpId,
    });
    const code = reply.result!.code as string;
    expect(reply.result!.authCode).toBe(code);
    expect(s.tenant.authCodes.peek(code)).toMatchObject({
      kind: 'inapp',
      appKey: s.lacking.appKey,
      userid: 'manager1471',
    });
  });

  it('requestAuthCodeV2 (dd.requestAuthCode) issues an OAuth authCode for the app clientId', async () => {
    const s = makeSandbox();
    const reply = await client(s)('runtime.permission.requestAuthCodeV2', {
      corpId: s.tenant.corpId,
      clientId: s.fresh.appKey,
    });
    expect(s.tenant.authCodes.peek(reply.result!.code as string)).toMatchObject({
      kind: 'oauth',
      appKey: s.fresh.appKey,
    });
  });

  it('refuses requestAuthCode for another corpId with a failure payload, and journals why', async () => {
    const s = makeSandbox();
    const reply = await client(s)('runtime.permission.requestAuthCode', { corpId: 'dingnotmycorp' });
    expect(reply).toEqual({ errorCode: '3', errorMessage: '无效的corpId', message: '无效的corpId' });
    expect(
      s.tenant.journal.query({ route: 'client.runtime.permission.requestAuthCode' }).at(-1),
    ).toMatchObject({
      outcome: 'refused',
      reason: expect.stringContaining('"dingnotmycorp"'),
    });
  });

  it('X4 refuses to issue a code for a user outside the visible range', async () => {
    const s = makeSandbox();
    const user = [...s.tenant.directory.allUsers()].find((u) => u.userid !== 'manager1471' && !u.resigned)!;
    s.main.visibleRange = { deptIds: [], userids: ['manager1471'] };
    const reply = await client(s, { userid: user.userid })('runtime.permission.requestAuthCode', {
      corpId: s.tenant.corpId,
    });
    expect(reply).toMatchObject({ errorCode: '3', errorMessage: '您不在该应用的可见范围内，无法使用该应用' });
    expect(s.tenant.authCodes.size).toBe(0);
  });

  it('X4 refuses to issue a code for a user who left the company', async () => {
    const s = makeSandbox();
    const user = [...s.tenant.directory.allUsers()].find((u) => !u.admin && !u.resigned)!;
    s.tenant.directory.updateUser(user.userid, { resigned: true });
    const reply = await client(s, { userid: user.userid })('runtime.permission.requestAuthCode', {
      corpId: s.tenant.corpId,
    });
    expect(reply).toMatchObject({ errorCode: '3', errorMessage: '您已不在该组织中' });
  });

  it('biz.user.get answers the signed-in user', async () => {
    const s = makeSandbox();
    const reply = await client(s, { platform: 'android' })('biz.user.get');
    expect(reply).toMatchObject({ errorCode: '0', result: { emplId: 'manager1471', isManager: true } });
  });

  it('answers harmless calls with success and unknown APIs with not_exist (errorCode "1")', async () => {
    const s = makeSandbox();
    const call = client(s, { platform: 'pc' });
    expect(await call('biz.navigation.setTitle', { title: 'BI' })).toEqual({ errorCode: '0', result: {} });
    expect(await call('runtime.info')).toEqual({ errorCode: '0', result: { ability: '7.6.0' } });
    expect((await call('biz.nothing.here')).errorCode).toBe('1');
  });

  it('answers CORS for a shim that calls by fetch with a text/plain body', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', '/__sandbox/api/client/invoke', {
      body: JSON.stringify({
        session: { corpId: s.tenant.corpId, userid: 'manager1471', platform: 'ios' },
        method: 'runtime.info',
      }),
      headers: { 'content-type': 'text/plain', origin: 'http://127.0.0.1:3710' },
    });
    expect(r.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3710');
    expect(r.json()).toMatchObject({ errorCode: '0' });
    const preflight = await s.request('OPTIONS' as 'GET', '/__sandbox/api/client/invoke', {
      headers: { origin: 'http://127.0.0.1:3710', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
  });

  it('refuses the client endpoints to pages of foreign origins, and allows the apps’ own', async () => {
    const s = makeSandbox();
    const invoke = (origin: string) =>
      s.request('POST', '/__sandbox/api/client/invoke', {
        body: JSON.stringify({
          session: { corpId: s.tenant.corpId, userid: 'manager1471', platform: 'ios' },
          method: 'runtime.permission.requestAuthCode',
          params: { corpId: s.tenant.corpId },
        }),
        headers: { 'content-type': 'text/plain', origin },
      });
    const foreign = await invoke('https://evil.example');
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(s.tenant.authCodes.size).toBe(0);
    await s.request('PATCH', `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.main.appKey}`, {
      json: { webApp: { mobileHomeUrl: 'https://bi.example.com/m?corpId=$CORPID$' } },
    });
    const own = await invoke('https://bi.example.com');
    expect(own.headers['access-control-allow-origin']).toBe('https://bi.example.com');
    expect(own.json()).toMatchObject({ errorCode: '0' });
  });

  it('GET /__sandbox/api/client/session describes the app (home URLs) and the user, or refuses clearly', async () => {
    const s = makeSandbox();
    const ok = await s.request(
      'GET',
      `/__sandbox/api/client/session?corpId=${s.tenant.corpId}&userid=manager1471`,
    );
    expect(ok.json()).toMatchObject({ app: { appKey: s.main.appKey, webApp: s.main.webApp }, barred: null });
    const bad = await s.request(
      'GET',
      `/__sandbox/api/client/session?corpId=${s.tenant.corpId}&userid=nobody`,
    );
    expect(bad.statusCode).toBe(404);
    expect(bad.json()).toMatchObject({ error: { code: 'userNotFound' } });
  });
});
