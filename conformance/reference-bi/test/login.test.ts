/**
 * Signing in to the reference BI against the sandbox: web QR login of both generations (L1, L2),
 * DingTalk as the default (L3), another identity after sign-out (L7), the guide's errors (E1, E2),
 * refusals (X4), state handling, open-redirect and Origin defences, and the password login.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePunctuation, textOf, type Agent } from './helpers/agent.ts';
import { ADMIN, qrLogin, startStack, type Stack } from './helpers/stack.ts';

const E1_TEXT =
  '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission, {requiredScopes=[qyapi_get_member]}';

async function whoAmI(agent: Agent): Promise<string | null> {
  const r = await agent.get('/');
  return r.status === 200 ? (/class="user-name">([^<]*)</.exec(r.text)?.[1] ?? null) : null;
}

describe('web QR login against the sandbox', () => {
  let stack: Stack;
  let bound: { userid: string; name: string };
  beforeAll(async () => {
    stack = await startStack();
    const users = stack.sb.defaultTenant.directory;
    const u = [...users.allUsers()].find((x) => x.userid !== ADMIN.userid && !x.resigned && x.active)!;
    bound = { userid: u.userid, name: u.name };
    await stack.admin.post('/admin/users', {
      username: 'analyst',
      displayName: u.name,
      dingtalkUserid: u.userid,
    });
  });
  afterAll(() => stack?.stop());

  it('L1 signs in with the new-generation QR login as the BI user bound to the UserID', async () => {
    const agent = stack.agent();
    const r = await qrLogin(stack, agent, ADMIN.userid);
    expect(r.status).toBe(302);
    expect(new URL(r.location!).pathname).toBe('/');
    expect(await whoAmI(agent)).toBe('系统管理员');
  });

  it('L1 sends state, prompt=consent and the BI callback as redirect_uri to /oauth2/auth', async () => {
    const r = await stack.agent().get('/auth/dingtalk/start');
    const url = new URL(r.location!);
    expect(url.origin + url.pathname).toBe(`${stack.sb.url}/oauth2/auth`);
    expect(url.searchParams.get('client_id')).toBe(stack.app.appKey);
    expect(url.searchParams.get('redirect_uri')).toBe(`${stack.bi.url}/auth/dingtalk/callback`);
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{22}$/);
  });

  it('L2 signs in with the legacy QR login (qrconnect, signed getuserinfo_bycode, getbyunionid)', async () => {
    await stack.admin.post('/admin/integrations/dingtalk/enable', { enabled: 'on', generation: 'legacy' });
    try {
      const agent = stack.agent();
      const start = await agent.get('/auth/dingtalk/start');
      expect(new URL(start.location!).pathname).toBe('/connect/qrconnect');
      const r = await qrLogin(stack, agent, bound.userid);
      expect(r.status).toBe(302);
      expect(await whoAmI(agent)).toBe(bound.name);
    } finally {
      await stack.admin.post('/admin/integrations/dingtalk/enable', { enabled: 'on', generation: 'new' });
    }
  });

  it('L7 sign out, then QR login as another DingTalk user in the same browser gives the second identity', async () => {
    const agent = stack.agent();
    await qrLogin(stack, agent, ADMIN.userid);
    expect(await whoAmI(agent)).toBe('系统管理员');
    await agent.post('/logout');
    expect(await whoAmI(agent)).toBeNull();
    await qrLogin(stack, agent, bound.userid);
    expect(await whoAmI(agent)).toBe(bound.name);
  });

  it('E2 shows 登录失败 with the bindKey of an unbound DingTalk user', async () => {
    const unbound = [...stack.sb.defaultTenant.directory.allUsers()].find(
      (u) => !u.resigned && u.active && u.userid !== ADMIN.userid && u.userid !== bound.userid,
    )!;
    const agent = stack.agent();
    const r = await qrLogin(stack, agent, unbound.userid);
    expect(r.status).toBe(403);
    expect(r.text).toContain('<title>登录失败');
    expect(normalisePunctuation(textOf(r.text, 'login-error')!)).toBe(
      normalisePunctuation(`当前用户未绑定系统账号，请联系管理员完成账号关联操作，bindKey:${unbound.userid}`),
    );
    expect(await whoAmI(agent)).toBeNull();
  });

  it('X4 refuses a user who left the company with a clear message', async () => {
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/users/${bound.userid}`, { resigned: true });
    try {
      const r = await qrLogin(stack, stack.agent(), bound.userid);
      expect(r.status).toBe(403);
      expect(textOf(r.text, 'login-error')).toBe(
        '钉钉拒绝了本次登录：该用户不在应用的可用范围内、已离职或未激活（user_not_allowed）',
      );
    } finally {
      await stack.sandbox('PATCH', `/tenants/${stack.corpId}/users/${bound.userid}`, { resigned: false });
    }
  });

  it('refuses a callback whose state was not issued to this browser, and a replayed state', async () => {
    const agent = stack.agent();
    const start = await agent.get('/auth/dingtalk/start');
    const state = new URL(start.location!).searchParams.get('state')!;
    const stranger = await stack.agent().get(`/auth/dingtalk/callback?authCode=x&code=x&state=${state}`);
    expect(stranger.status).toBe(503);
    expect(textOf(stranger.text, 'login-error')).toContain('state 校验失败');

    const ok = await qrLogin(stack, agent, ADMIN.userid);
    expect(ok.status).toBe(302);
    const replay = await agent.get(`/auth/dingtalk/callback?authCode=x&code=x&state=${state}`);
    expect(textOf(replay.text, 'login-error')).toContain('state 校验失败');
  });

  it('returns only to same-origin paths after login (no open redirect)', async () => {
    for (const next of [
      'https://evil.example/x',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const agent = stack.agent();
      const r = await qrLogin(
        stack,
        agent,
        ADMIN.userid,
        `/auth/dingtalk/start?next=${encodeURIComponent(next)}`,
      );
      expect(r.location).toBe(`${stack.bi.url}/`);
    }
    const agent = stack.agent();
    const r = await qrLogin(
      stack,
      agent,
      ADMIN.userid,
      `/auth/dingtalk/start?next=${encodeURIComponent('/admin/users?x=1')}`,
    );
    expect(r.location).toBe(`${stack.bi.url}/admin/users?x=1`);
  });

  it('L3 with 钉钉 as the default login method, the login page goes straight to the QR page; password stays reachable', async () => {
    const saved = await stack.admin.post('/admin/login-settings', { method: 'dingtalk' });
    expect(saved.status).toBe(302);
    try {
      const r = await stack.agent().get('/login');
      expect(r.status).toBe(302);
      const start = await stack.agent().get(new URL(r.location!).pathname + new URL(r.location!).search);
      expect(new URL(start.location!).pathname).toBe('/oauth2/auth');
      const password = await stack.agent().get('/login?method=password');
      expect(password.status).toBe(200);
      expect(password.text).toContain('name="password"');
      const agent = stack.agent();
      const done = await qrLogin(stack, agent, ADMIN.userid, new URL(r.location!).pathname);
      expect(done.status).toBe(302);
      expect(await whoAmI(agent)).toBe('系统管理员');
    } finally {
      await stack.admin.post('/admin/login-settings', { method: 'password' });
    }
  });

  it('password login: a wrong password is refused; the admin signs in and out', async () => {
    const agent = stack.agent();
    const wrong = await agent.post('/login', { username: 'admin', password: 'nope', next: '/' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('用户名或密码错误');
    await agent.login('admin', 'admin123');
    expect(await whoAmI(agent)).toBe('系统管理员');
  });

  it('session cookie is signed, httpOnly and SameSite=Lax', async () => {
    const res = await fetch(`${stack.bi.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.bi.url },
      body: 'username=admin&password=admin123&next=/',
    });
    const cookies = res.headers.getSetCookie();
    const sid = cookies.find((c) => c.startsWith('bi.sid='))!;
    expect(sid).toMatch(/httponly/i);
    expect(sid).toMatch(/samesite=lax/i);
    expect(cookies).toContainEqual(expect.stringMatching(/^bi\.sid\.sig=/));
  });

  it('refuses a POST from another origin (CSRF) and admin pages to non-admins (403)', async () => {
    const cross = await stack.admin.post(
      '/admin/login-settings',
      { method: 'password' },
      { origin: 'https://evil.example' },
    );
    expect(cross.status).toBe(403);
    expect(cross.text).toContain('请求来源不被信任');
    const analyst = stack.agent();
    await qrLogin(stack, analyst, bound.userid);
    expect((await analyst.get('/admin/users')).status).toBe(403);
    expect((await analyst.get('/system-backend')).status).toBe(403);
  });
});

describe('E1: the app lacks qyapi_get_member', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ appName: '缺少成员权限的应用' });
  });
  afterAll(() => stack?.stop());

  it('E1 shows 登录失败 with DingTalk’s permission text verbatim and the hint to grant the scope', async () => {
    const r = await qrLogin(stack, stack.agent(), ADMIN.userid);
    expect(r.status).toBe(403);
    expect(r.text).toContain('<h1>登录失败</h1>');
    expect(normalisePunctuation(textOf(r.text, 'login-error')!)).toBe(normalisePunctuation(E1_TEXT));
    expect(r.text).toContain('【网页应用】的权限管理');
    expect(r.text).toContain('qyapi_get_member');
  });
});
