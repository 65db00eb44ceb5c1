import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { CALLBACK, authorizeUrl, location, openQrLogin, phone, qrLogin, sidOf } from '../helpers/login.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

const E3 = '对不起，你无权限查看该页面，redirect_url的域名不在appid的安全域名内';

describe('new web login page (login.dingtalk.com/oauth2/auth)', () => {
  it('L1 redirects /oauth2/auth to challenge.htm, which shows the QR card with a real QR of the phone URL', async () => {
    const s = makeSandbox();
    const auth = await s.request('GET', authorizeUrl({ client_id: s.main.appKey, state: 'abc' }));
    expect(auth.statusCode).toBe(302);
    expect(location(auth).pathname).toBe('/oauth2/challenge.htm');
    const page = await s.request('GET', location(auth).pathname + location(auth).search, {
      headers: { host: '127.0.0.1:3700' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    for (const t of [
      '<title>钉钉统一身份认证</title>',
      '使用钉钉扫码或点击头像授权登录',
      '继续使用',
      '观远BI',
      'app-qr-login-page',
      '账号登录',
      '自动登录',
    ]) {
      expect(page.body).toContain(t);
    }
    const sid = sidOf(page.body);
    const svg = await QRCode.toString(`http://127.0.0.1:3700/login/phone?sid=${sid}`, {
      type: 'svg',
      margin: 1,
      errorCorrectionLevel: 'M',
    });
    expect(page.body).toContain(svg);
  });

  it('shows 应用不存在 (900103) for an unknown client_id, without a redirect, and journals why', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', authorizeUrl({ client_id: 'dingnotanapp0000000' }));
    expect(r.statusCode).toBe(200);
    expect(r.headers.location).toBeUndefined();
    expect(r.body).toContain('应用不存在');
    expect(r.body).toContain('900103');
    const e = s.sandbox.unattributed.query({ route: 'login.oauth2.auth' }).at(-1)!;
    expect(e).toMatchObject({ outcome: 'refused', code: '900103' });
    expect(e.reason).toContain('dingnotanapp0000000');
  });

  it.each([
    'http://evil.example.com/cb',
    'http://evil.com/127.0.0.1',
    'http://127.0.0.1.evil.com/auth/dingtalk/callback',
    'http://127.0.0.1@evil.com/cb',
    'javascript:alert(1)//127.0.0.1',
  ])('E3 shows 无权限 with status 200, no Location and no code for redirect_uri %s', async (redirect) => {
    const s = makeSandbox();
    const r = await s.request('GET', authorizeUrl({ client_id: s.main.appKey, redirect_uri: redirect }));
    expect(r.statusCode).toBe(200);
    expect(r.headers.location).toBeUndefined();
    expect(r.body).toContain('<title>无权限</title>');
    expect(r.body).toContain(E3);
    expect(r.body).not.toContain('data-sid');
    const e = s.tenant.journal.query({ route: 'login.oauth2.auth' }).at(-1)!;
    expect(e.outcome).toBe('refused');
    expect(e.reason).toMatch(/not among the safe domains|is not http\(s\)/);
    expect(e.reason).toContain('no code is issued (E3)');
  });

  it('accepts another port and path on a registered domain (domains are host names)', async () => {
    const s = makeSandbox();
    const r = await s.request(
      'GET',
      authorizeUrl({ client_id: s.main.appKey, redirect_uri: 'http://127.0.0.1:4000/x' }),
    );
    expect(r.statusCode).toBe(302);
  });

  it('L1 redirects to the callback with authCode and code (same value) and the state echoed', async () => {
    const s = makeSandbox();
    const url = await qrLogin(s, { client_id: s.main.appKey, state: 'xyz' });
    expect(url.origin + url.pathname).toBe(CALLBACK);
    const code = url.searchParams.get('authCode');
    expect(code).toMatch(/^[0-9a-f]{32}$/);
    expect(url.searchParams.get('code')).toBe(code);
    expect(url.searchParams.get('state')).toBe('xyz');
    expect(s.tenant.authCodes.peek(code!)).toMatchObject({
      kind: 'oauth',
      appKey: s.main.appKey,
      userid: 'manager1471',
    });
  });

  it('journals the login steps with tenant, app and user', async () => {
    const s = makeSandbox();
    await qrLogin(s, { client_id: s.main.appKey, state: 'j' });
    const routes = s.tenant.journal.query().map((e) => e.route);
    expect(routes).toEqual(
      expect.arrayContaining([
        'login.oauth2.auth',
        'login.oauth2.challenge',
        'admin.qr.scan',
        'admin.qr.confirm',
        'login.oauth2.continue',
      ]),
    );
    const cont = s.tenant.journal.query({ route: 'login.oauth2.continue' }).at(-1)!;
    expect(cont).toMatchObject({ outcome: 'ok', status: 302, appKey: s.main.appKey, userid: 'manager1471' });
  });

  it('X4 refuses a user outside the visible range: error redirect with the state, the phone says why', async () => {
    const s = makeSandbox();
    s.main.visibleRange = { deptIds: [], userids: ['manager1471'] };
    const other = [...s.tenant.directory.allUsers()].find((u) => u.userid !== 'manager1471' && u.active)!;
    const sid = await openQrLogin(s, { client_id: s.main.appKey, state: 's1' });
    await phone(s, sid, 'scan', other.userid);
    const confirm = await phone(s, sid, 'confirm');
    expect(confirm.statusCode).toBe(409);
    const status = (await s.request('GET', `/login/qr/status?sid=${sid}`)).json();
    expect(status).toMatchObject({ status: 'refused', message: expect.stringContaining('可用范围') });
    const url = location(await s.request('GET', `/oauth2/continue?sid=${sid}`));
    expect(url.searchParams.get('error')).toBe('user_not_allowed');
    expect(url.searchParams.get('state')).toBe('s1');
    expect(url.searchParams.get('authCode')).toBeNull();
    const e = s.tenant.journal.query({ route: 'login.oauth2.continue' }).at(-1)!;
    expect(e.reason).toContain('outside the visible range');
  });

  it('reports waiting, scanned (with the nick), cancelled on the status endpoint', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey });
    expect((await s.request('GET', `/login/qr/status?sid=${sid}`)).json()).toMatchObject({
      status: 'waiting',
    });
    await phone(s, sid, 'scan', 'manager1471');
    expect((await s.request('GET', `/login/qr/status?sid=${sid}`)).json()).toMatchObject({
      status: 'scanned',
      nick: '万宇泽',
    });
    await phone(s, sid, 'cancel');
    expect((await s.request('GET', `/login/qr/status?sid=${sid}`)).json()).toMatchObject({
      status: 'cancelled',
    });
  });

  it('expires a QR session after 180 s on the tenant clock; 刷新 gives a new session that works', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey, state: 'r' });
    s.tenant.clock.advance(180_000);
    expect((await s.request('GET', `/login/qr/status?sid=${sid}`)).json()).toMatchObject({
      status: 'expired',
    });
    expect((await phone(s, sid, 'scan', 'manager1471')).statusCode).toBe(409);
    const fresh = (await s.request('POST', '/login/qr/refresh', { json: { sid } })).json() as {
      sid: string;
      svg: string;
    };
    expect(fresh.sid).not.toBe(sid);
    expect(fresh.svg).toContain('<svg');
    await phone(s, fresh.sid, 'scan', 'manager1471');
    await phone(s, fresh.sid, 'confirm');
    const url = location(await s.request('GET', `/oauth2/continue?sid=${fresh.sid}`));
    expect(url.searchParams.get('state')).toBe('r');
    expect(url.searchParams.get('authCode')).toBeTruthy();
  });

  it('answers an unknown sid on the status endpoint in the new-API envelope', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', '/login/qr/status?sid=nope');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'InvalidParameter', requestid: expect.any(String) });
  });

  it('journals status polls only when the status changes', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey });
    for (let i = 0; i < 3; i++) await s.request('GET', `/login/qr/status?sid=${sid}`);
    await phone(s, sid, 'scan', 'manager1471');
    for (let i = 0; i < 3; i++) await s.request('GET', `/login/qr/status?sid=${sid}`);
    expect(s.tenant.journal.query({ route: 'login.qr.status' })).toHaveLength(2);
  });

  it('spends the session: a second /oauth2/continue issues no second code', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey });
    await phone(s, sid, 'scan', 'manager1471');
    await phone(s, sid, 'confirm');
    expect((await s.request('GET', `/oauth2/continue?sid=${sid}`)).statusCode).toBe(302);
    const again = await s.request('GET', `/oauth2/continue?sid=${sid}`);
    expect(again.statusCode).toBe(200);
    expect(again.headers.location).toBeUndefined();
    expect(again.body).toContain('该二维码已使用');
  });

  it('in iframe mode (DTFrameLogin) finishes by posting {success, redirectUrl} to the parent', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey, state: 'if', iframe: 'true' });
    await phone(s, sid, 'scan', 'manager1471');
    await phone(s, sid, 'confirm');
    const r = await s.request('GET', `/oauth2/continue?sid=${sid}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers.location).toBeUndefined();
    expect(r.body).toContain("window.parent.postMessage(data, '*')");
    expect(r.body).toMatch(
      /redirectUrl: "http:\/\/127\.0\.0\.1:3710\/auth\/dingtalk\/callback\?authCode=[0-9a-f]{32}&code=[0-9a-f]{32}&state=if"/,
    );
  });

  it('serves the DTFrameLogin and DDLogin stand-ins as JavaScript', async () => {
    const s = makeSandbox();
    const a = await s.request('GET', '/login/ddlogin.js');
    expect(a.headers['content-type']).toMatch(/javascript/);
    expect(a.body).toContain('window.DTFrameLogin');
    const b = await s.request('GET', '/login/legacy/ddLogin.js');
    expect(b.body).toContain('window.DDLogin');
  });
});
