/**
 * An app deleted while one of its web logins is under way: the login page does not crash, it sends
 * the browser back with app_not_found (as a refused 登录 does) and the journal says why.
 */
import { describe, expect, it } from 'vitest';
import { location, openQrLogin, phone } from '../helpers/login.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

describe('web login of an app deleted mid-way', () => {
  it('L1: deleted after 登录, /oauth2/continue redirects with error=app_not_found, not a 500', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey, state: 'gone' });
    expect((await phone(s, sid, 'scan', 'manager1471')).statusCode).toBe(200);
    expect((await phone(s, sid, 'confirm')).statusCode).toBe(200);
    s.tenant.removeApp(s.main.appKey);
    const r = await s.request('GET', `/oauth2/continue?sid=${sid}`);
    expect(r.statusCode).toBe(302);
    expect([...location(r).searchParams]).toEqual([
      ['error', 'app_not_found'],
      ['state', 'gone'],
    ]);
    const e = s.tenant.journal.query({ route: 'login.oauth2.continue' }).at(-1)!;
    expect(e).toMatchObject({ outcome: 'refused', code: 'app_not_found', userid: 'manager1471' });
    expect(e.reason).toBe(`app ${s.main.appKey} was deleted after the QR code was shown`);
  });

  it('L6: deleted while the consent card is shown, 同意 redirects with error=app_not_found', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey, prompt: 'consent' });
    await phone(s, sid, 'scan', 'manager1471');
    await phone(s, sid, 'confirm');
    expect((await s.request('GET', `/oauth2/continue?sid=${sid}`)).body).toContain('想要访问你的账号');
    s.tenant.removeApp(s.main.appKey);
    const r = await s.request('POST', '/oauth2/consent', {
      body: `sid=${sid}&decision=agree`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.statusCode).toBe(302);
    expect(location(r).searchParams.get('error')).toBe('app_not_found');
    expect(s.tenant.authCodes.size).toBe(0);
  });
});
