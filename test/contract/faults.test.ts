import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

async function addRule(s: ReturnType<typeof makeSandbox>, rule: unknown) {
  const r = await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/faults`, { json: rule });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> };
}

describe('fault rules: validation', () => {
  it('refuses an unknown route with the list of valid route ids', async () => {
    const s = makeSandbox();
    const r = await addRule(s, { match: { route: 'oapi.v2.user.nope' }, action: { type: 'reset' } });
    expect(r.status).toBe(400);
    const message = (r.body.error as { message: string }).message;
    expect(message).toContain('unknown route "oapi.v2.user.nope"');
    expect(message).toContain('oapi.v2.user.get');
    expect(message).toContain('api.oauth2.accessToken');
  });

  it('refuses an unknown action with the list of valid actions', async () => {
    const s = makeSandbox();
    const r = await addRule(s, { match: {}, action: { type: 'explode' } });
    expect(r.status).toBe(400);
    expect((r.body.error as { message: string }).message).toBe(
      'unknown action "explode"; valid actions: error, missingScope, status, delay, timeout, reset, malformed, rateLimit, disconnect, wrongSignature, wrongKey',
    );
  });

  it('refuses an unknown error kind, naming the catalogue’s kinds', async () => {
    const s = makeSandbox();
    const r = await addRule(s, { action: { type: 'error', kind: 'nope' } });
    expect(r.status).toBe(400);
    expect((r.body.error as { message: string }).message).toContain('authCodeNotFound');
  });

  it('explains a rule in words and lists it with its hit count', async () => {
    const s = makeSandbox();
    const added = await addRule(s, {
      match: { route: 'oapi.v2.user.get', appKey: s.main.appKey },
      action: { type: 'rateLimit' },
      times: 2,
    });
    expect(added.status).toBe(201);
    expect(added.body.explanation).toBe(
      `For calls to oapi.v2.user.get by app ${s.main.appKey}: answer DingTalk’s rate limit (legacy 90018, new API 403 Forbidden.AccessDenied.QpsLimitForAppkeyAndApi), 2 times (fired 0 of 2).`,
    );
    await s.topapi('/topapi/v2/user/get', await s.tokenFor(), { userid: 'manager1471' });
    const list = (await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/faults`)).json() as {
      rules: { hits: number; explanation: string }[];
    };
    expect(list.rules[0]!.hits).toBe(1);
    expect(list.rules[0]!.explanation).toContain('fired 1 of 2');
  });

  it('lists every route id at GET /__sandbox/api/routes with its permission point', async () => {
    const s = makeSandbox();
    const routes = (
      (await s.request('GET', '/__sandbox/api/routes')).json() as {
        routes: { id: string; scope: string | null }[];
      }
    ).routes;
    expect(routes).toContainEqual(
      expect.objectContaining({ id: 'oapi.v2.user.get', scope: 'qyapi_get_member' }),
    );
    expect(routes).toContainEqual(expect.objectContaining({ id: 'oapi.gettoken', scope: null }));
  });
});

describe('fault rules: actions', () => {
  it('error: answers a catalogued DingTalk error in each host’s envelope, once, then normal service', async () => {
    const s = makeSandbox();
    await addRule(s, { match: { route: 'oapi.gettoken' }, action: { type: 'error', kind: 'systemBusy' } });
    await addRule(s, { match: { host: 'api' }, action: { type: 'error', kind: 'systemBusy' } });
    const legacy = (
      await s.request('GET', `/gettoken?appkey=${s.main.appKey}&appsecret=${s.main.appSecret}`)
    ).json();
    expect(legacy).toMatchObject({ errcode: -1, errmsg: '系统繁忙' });
    expect(await s.tokenFor()).toMatch(/^[0-9a-f]{32}$/);
    const api = await s.request('POST', '/v1.0/oauth2/accessToken', {
      json: { appKey: s.main.appKey, appSecret: s.main.appSecret },
    });
    expect([api.statusCode, api.json().code]).toEqual([500, 'unknownError']);
    const entry = s.tenant.journal.query({ outcome: 'fault' })[0]!;
    expect(entry.reason).toContain('fault rule f1');
    expect(entry.code).toBe('-1');
  });

  it('missingScope: answers E1’s permission error for a granted app, matching on a body field', async () => {
    const s = makeSandbox();
    await addRule(s, {
      match: { route: 'oapi.v2.user.get', body: { userid: 'manager1471' } },
      action: { type: 'missingScope', scope: 'qyapi_get_member' },
      times: 'always',
    });
    const token = await s.tokenFor();
    const refused = await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' });
    expect(refused).toMatchObject({ errcode: 88, sub_code: '60011' });
    expect(String(refused.sub_msg)).toContain('{requiredScopes=[qyapi_get_member]}');
    const other = [...s.tenant.directory.allUsers()][3]!.userid;
    expect((await s.topapi('/topapi/v2/user/get', token, { userid: other })).errcode).toBe(0);
  });

  it('rateLimit: 90018 on the legacy host and 403 QpsLimitForAppkeyAndApi on the new host', async () => {
    const s = makeSandbox();
    await addRule(s, { action: { type: 'rateLimit' }, times: 'always' });
    expect(
      (await s.request('GET', `/gettoken?appkey=${s.main.appKey}&appsecret=${s.main.appSecret}`)).json(),
    ).toMatchObject({ errcode: 90018 });
    const api = await s.request('POST', '/v1.0/oauth2/accessToken', {
      json: { appKey: s.main.appKey, appSecret: s.main.appSecret },
    });
    expect([api.statusCode, api.json().code]).toEqual([
      403,
      'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
    ]);
  });

  it('status: answers an HTTP status with a raw body (a proxy’s 502)', async () => {
    const s = makeSandbox();
    await addRule(s, {
      match: { route: 'oapi.user.count' },
      action: { type: 'status', status: 502, body: '<html>Bad Gateway</html>' },
    });
    const r = await s.request('POST', `/topapi/user/count?access_token=${await s.tokenFor()}`, {
      json: { only_active: false },
    });
    expect(r.statusCode).toBe(502);
    expect(r.body).toBe('<html>Bad Gateway</html>');
  });

  it('malformed: answers 200 with a truncated JSON body', async () => {
    const s = makeSandbox();
    await addRule(s, { match: { route: 'oapi.v2.user.get' }, action: { type: 'malformed' } });
    const r = await s.request('POST', `/topapi/v2/user/get?access_token=${await s.tokenFor()}`, {
      json: { userid: 'manager1471' },
    });
    expect(r.statusCode).toBe(200);
    expect(() => JSON.parse(r.body)).toThrow();
  });

  it('delay: answers normally after the delay', async () => {
    const s = makeSandbox();
    await addRule(s, { match: { route: 'oapi.user.count' }, action: { type: 'delay', ms: 150 } });
    const started = performance.now();
    const body = await s.topapi('/topapi/user/count', await s.tokenFor(), { only_active: false });
    expect(body.errcode).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('probability with a seed fires reproducibly, and a cleared tenant fires nothing', async () => {
    const run = async () => {
      const s = makeSandbox();
      await addRule(s, {
        match: { route: 'oapi.user.count' },
        action: { type: 'rateLimit' },
        times: 'always',
        probability: 0.5,
        seed: 42,
      });
      const token = await s.tokenFor();
      const codes: number[] = [];
      for (let i = 0; i < 20; i++)
        codes.push(Number((await s.topapi('/topapi/user/count', token, { only_active: false })).errcode));
      return { s, codes, token };
    };
    const a = await run();
    const b = await run();
    expect(a.codes).toEqual(b.codes);
    expect(a.codes).toContain(90018);
    expect(a.codes).toContain(0);
    await a.s.request('DELETE', `/__sandbox/api/tenants/${a.s.tenant.corpId}/faults`);
    expect((await a.s.topapi('/topapi/user/count', a.token, { only_active: false })).errcode).toBe(0);
  });

  it('rules of one tenant never touch another tenant', async () => {
    const s = makeSandbox();
    await addRule(s, { action: { type: 'rateLimit' }, times: 'always' });
    const other = (await s.request('POST', '/__sandbox/api/tenants', { json: {} })).json() as {
      apps: { appKey: string; appSecret: string }[];
    };
    const app = other.apps[0]!;
    expect(
      (await s.request('GET', `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)).json(),
    ).toMatchObject({ errcode: 0 });
  });
});

describe('fault rules: connection faults on a real socket', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
  });
  afterAll(() => sb.stop());

  async function rule(body: unknown) {
    await fetch(`${sb.url}/__sandbox/api/tenants/${sb.defaultTenant.corpId}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
  const app = () => sb.defaultTenant.listApps()[0]!;

  it('reset: the connection closes without an answer, and the journal says so', async () => {
    await rule({ match: { route: 'oapi.gettoken' }, action: { type: 'reset' } });
    await expect(
      fetch(`${sb.url}/gettoken?appkey=${app().appKey}&appsecret=${app().appSecret}`),
    ).rejects.toThrow();
    const entry = sb.defaultTenant.journal.query({ outcome: 'fault' }).at(-1)!;
    expect(entry.reason).toContain('reset the connection');
  });

  it('timeout: no answer, then the connection is dropped after the rule’s time', async () => {
    await rule({ match: { route: 'oapi.gettoken' }, action: { type: 'timeout', ms: 300 } });
    const started = performance.now();
    await expect(
      fetch(`${sb.url}/gettoken?appkey=${app().appKey}&appsecret=${app().appSecret}`),
    ).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    const ok = await fetch(`${sb.url}/gettoken?appkey=${app().appKey}&appsecret=${app().appSecret}`);
    expect(((await ok.json()) as { errcode: number }).errcode).toBe(0);
  });
});
