import { describe, expect, it } from 'vitest';
import { CALLBACK, authorizeUrl, location, openQrLogin, phone, qrLogin } from '../helpers/login.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const MOBILE_UA =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36 AliApp(DingTalk/7.6.0) com.alibaba.android.rimet/1';
const PC_UA =
  'Mozilla/5.0 (Windows NT 10.0) dingtalk-win/1.0.0 nw(0.14.7) DingTalk(7.6.0-Release.1) Mojo/1.0.0';

async function confirmedSid(s: TestSandbox, params: Record<string, string>, userid = 'manager1471') {
  const sid = await openQrLogin(s, params);
  await phone(s, sid, 'scan', userid);
  await phone(s, sid, 'confirm');
  return sid;
}

describe('consent page (prompt=consent)', () => {
  it('shows the consent card after the phone confirms, with the app name and the basic-info point', async () => {
    const s = makeSandbox();
    const sid = await confirmedSid(s, { client_id: s.main.appKey, prompt: 'consent', state: 'c' });
    const r = await s.request('GET', `/oauth2/continue?sid=${sid}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers.location).toBeUndefined();
    expect(r.body).toContain('想要访问你的账号');
    expect(r.body).toContain('观远BI');
    expect(r.body).toContain('获取你的个人基本信息');
    expect(r.body).toContain('module-consent-submit-agree');
    expect(r.body).toContain('拒绝');
  });

  it('拒绝 redirects with error=access_denied and the state, no code, and journals the refusal', async () => {
    const s = makeSandbox();
    const sid = await confirmedSid(s, { client_id: s.main.appKey, prompt: 'consent', state: 'd' });
    await s.request('GET', `/oauth2/continue?sid=${sid}`);
    const r = await s.request('POST', '/oauth2/consent', {
      body: `sid=${sid}&decision=deny`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const url = location(r);
    expect(url.origin + url.pathname).toBe(CALLBACK);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('state')).toBe('d');
    expect([...url.searchParams.keys()]).not.toContain('authCode');
    const e = s.tenant.journal.query({ route: 'login.oauth2.consent' }).at(-1)!;
    expect(e).toMatchObject({ outcome: 'refused', code: 'access_denied' });
    expect(e.reason).toContain('拒绝');
  });

  it('同意 redirects with the code, and the next login of that user skips the consent page', async () => {
    const s = makeSandbox();
    const sid = await confirmedSid(s, { client_id: s.main.appKey, prompt: 'consent', state: 'a' });
    const r = await s.request('POST', '/oauth2/consent', {
      body: `sid=${sid}&decision=agree`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(location(r).searchParams.get('authCode')).toBeTruthy();
    const second = await qrLogin(s, { client_id: s.main.appKey, prompt: 'consent', state: 'b' });
    expect(second.searchParams.get('authCode')).toBeTruthy();
    expect(second.searchParams.get('state')).toBe('b');
    // another user has not consented yet
    const other = [...s.tenant.directory.allUsers()].find((u) => u.userid !== 'manager1471' && u.active)!;
    const sid3 = await confirmedSid(s, { client_id: s.main.appKey, prompt: 'consent' }, other.userid);
    expect((await s.request('GET', `/oauth2/continue?sid=${sid3}`)).body).toContain('想要访问你的账号');
  });

  it('does not show consent without prompt=consent', async () => {
    const s = makeSandbox();
    const url = await qrLogin(s, { client_id: s.main.appKey });
    expect(url.searchParams.get('authCode')).toBeTruthy();
  });
});

describe('inside the DingTalk client (L6, E4)', () => {
  const cookie = (s: TestSandbox, userid = 'manager1471') => ({
    cookie: `dt_sandbox_user=${s.tenant.corpId}:${userid}`,
  });

  it('L6 shows consent for the client user without a QR, then redirects with the code', async () => {
    const s = makeSandbox();
    const r = await s.request(
      'GET',
      authorizeUrl({ client_id: s.main.appKey, prompt: 'consent', state: 'l6' }),
      {
        headers: { 'user-agent': MOBILE_UA, ...cookie(s) },
      },
    );
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('想要访问你的账号');
    expect(r.body).not.toContain('<svg');
    const sid = /name="sid" value="([^"]+)"/.exec(r.body)![1]!;
    const done = await s.request('POST', '/oauth2/consent', {
      body: `sid=${sid}&decision=agree`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': MOBILE_UA },
    });
    const url = location(done);
    expect(url.searchParams.get('state')).toBe('l6');
    expect(s.tenant.authCodes.peek(url.searchParams.get('authCode')!)?.userid).toBe('manager1471');
  });

  it('L6 redirects at once when consent is not asked (PC client user agent, header instead of cookie)', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', authorizeUrl({ client_id: s.main.appKey, state: 'pc' }), {
      headers: { 'user-agent': PC_UA, 'x-dt-sandbox-user': `${s.tenant.corpId}:manager1471` },
    });
    expect(r.statusCode).toBe(302);
    expect(location(r).searchParams.get('authCode')).toBeTruthy();
  });

  it('E4 shows a blank page for an unknown client_id inside the client, and the journal says why', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', authorizeUrl({ client_id: 'dingwrongappid00000', prompt: 'consent' }), {
      headers: { 'user-agent': MOBILE_UA, ...cookie(s) },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers.location).toBeUndefined();
    expect(r.body).toMatch(/<body><\/body>/);
    expect(r.body).not.toContain('应用不存在');
    const e = s.sandbox.unattributed.query({ route: 'login.oauth2.auth' }).at(-1)!;
    expect(e.outcome).toBe('refused');
    expect(e.reason).toContain('client_id "dingwrongappid00000" matches no app');
    expect(e.reason).toContain('E4');
  });

  it('E4 shows a blank page for a redirect_uri outside the safe domains inside the client', async () => {
    const s = makeSandbox();
    const r = await s.request(
      'GET',
      authorizeUrl({
        client_id: s.main.appKey,
        prompt: 'consent',
        redirect_uri: 'https://bi.other-domain.com/cb',
      }),
      { headers: { 'user-agent': PC_UA, ...cookie(s) } },
    );
    expect(r.statusCode).toBe(200);
    expect(r.headers.location).toBeUndefined();
    expect(r.body).toMatch(/<body><\/body>/);
    const e = s.tenant.journal.query({ route: 'login.oauth2.auth' }).at(-1)!;
    expect(e.reason).toContain('bi.other-domain.com');
    expect(e.reason).toContain('E4');
    expect(s.tenant.authCodes.size).toBe(0);
  });

  it('explains, rather than guesses, when no client user is known', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', authorizeUrl({ client_id: s.main.appKey }), {
      headers: { 'user-agent': MOBILE_UA },
    });
    expect(r.body).toContain('dt_sandbox_user');
    expect(s.tenant.journal.query({ route: 'login.oauth2.auth' }).at(-1)).toMatchObject({
      outcome: 'refused',
      code: 'noClientUser',
    });
  });

  it('X4 inside the client: a resigned user gets the error redirect', async () => {
    const s = makeSandbox();
    const u = [...s.tenant.directory.allUsers()].find((x) => x.userid !== 'manager1471')!;
    s.tenant.directory.updateUser(u.userid, { resigned: true });
    const r = await s.request('GET', authorizeUrl({ client_id: s.main.appKey, state: 'x4' }), {
      headers: { 'user-agent': MOBILE_UA, ...cookie(s, u.userid) },
    });
    const url = location(r);
    expect(url.searchParams.get('error')).toBe('user_not_allowed');
    expect(url.searchParams.get('state')).toBe('x4');
  });
});
