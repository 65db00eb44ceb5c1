import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxAdmin, SandboxAdminError } from '../../mock-server/src/admin-client.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

describe('the typed admin client', () => {
  let sb: RunningSandbox;
  let admin: SandboxAdmin;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0, adminToken: 'tok' });
    admin = new SandboxAdmin(sb.url, { adminToken: 'tok' });
  });
  afterAll(() => sb.stop());

  it('S1 end to end: a tenant, an app with the guide’s scopes, a token, a fault, the journal', async () => {
    const tenant = await admin.createTenant({ name: '客户端测试' });
    const app = await admin.createApp(tenant.corpId, { name: 'BI', description: 'test' });
    await admin.updateApp(tenant.corpId, app.appKey, {
      redirectUrls: ['http://127.0.0.1:9/cb'],
      webApp: { enabled: true },
    });
    await admin.grantScope(tenant.corpId, app.appKey, 'qyapi_get_member');
    const rule = await admin.addFault(tenant.corpId, {
      match: { route: 'oapi.v2.user.get' },
      action: { type: 'rateLimit' },
    });
    expect(rule.explanation).toContain('rate limit');
    const tok = (await (
      await fetch(`${sb.url}/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)
    ).json()) as { access_token: string };
    const call = () =>
      fetch(`${sb.url}/topapi/v2/user/get?access_token=${tok.access_token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"userid":"manager1471"}',
      }).then((r) => r.json() as Promise<{ errcode: number }>);
    expect((await call()).errcode).toBe(90018);
    expect((await call()).errcode).toBe(0);
    const entries = await admin.journal(tenant.corpId, { route: 'oapi.v2.user.get' });
    expect(entries.map((e) => e.outcome)).toEqual(['fault', 'ok']);
    expect((await admin.permissions(tenant.corpId, app.appKey)).needed[0]).toMatchObject({
      scope: 'qyapi_get_member',
      granted: true,
    });
    const clock = await admin.advanceClock(tenant.corpId, 7201);
    expect(clock.now).toBeGreaterThan(Date.now() + 7000_000);
    expect((await call()).errcode).toBe(88);
  });

  it('throws SandboxAdminError with the API’s code', async () => {
    await expect(admin.tenant('nope')).rejects.toMatchObject({ status: 404, code: 'tenantNotFound' });
    await expect(new SandboxAdmin(sb.url).tenants()).rejects.toBeInstanceOf(SandboxAdminError);
  });
});
