import { describe, expect, it } from 'vitest';
import { location, openQrLogin, phone } from '../helpers/login.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const form = (body: string) => ({ body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

async function phonePage(s: TestSandbox, sid: string, q = '') {
  return s.request('GET', `/login/phone?sid=${sid}${q ? `&q=${encodeURIComponent(q)}` : ''}`);
}

describe('the simulated phone', () => {
  it('lists the directory to pick the scanning user, searchable, and marks who cannot sign in', async () => {
    const s = makeSandbox();
    const inactive = [...s.tenant.directory.allUsers()].find((u) => !u.active)!;
    const sid = await openQrLogin(s, { client_id: s.main.appKey });
    const all = await phonePage(s, sid);
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('扫一扫');
    expect(all.body.match(/<option /g)).toHaveLength(60);
    expect(all.body).toContain(`${inactive.userid}）`);
    expect(all.body).toContain('未激活');
    const found = await phonePage(s, sid, '万宇泽');
    expect(found.body.match(/<option /g)).toHaveLength(1);
    expect(found.body).toContain('manager1471');
  });

  it('scans, shows 单点登录 with 登录 / 取消登录, and confirms through its forms', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey });
    const scan = await s.request('POST', '/login/phone/scan', form(`sid=${sid}&userid=manager1471`));
    expect(scan.statusCode).toBe(303);
    expect(location(scan).pathname).toBe('/login/phone');
    const confirmPage = await phonePage(s, sid);
    for (const t of ['单点登录', '登录', '取消登录', '万宇泽']) expect(confirmPage.body).toContain(t);
    await s.request('POST', '/login/phone/confirm', form(`sid=${sid}`));
    expect((await phonePage(s, sid)).body).toContain('已确认登录');
    const steps = s.tenant.journal.query().filter((e) => e.route?.startsWith('login.phone.'));
    expect(steps.map((e) => [e.route, e.outcome, e.userid])).toEqual([
      ['login.phone.scan', 'ok', 'manager1471'],
      ['login.phone.confirm', 'ok', 'manager1471'],
    ]);
  });

  it('cancels: the phone and the status say 已取消登录 / cancelled', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey });
    await s.request('POST', '/login/phone/scan', form(`sid=${sid}&userid=manager1471`));
    await s.request('POST', '/login/phone/cancel', form(`sid=${sid}`));
    expect((await phonePage(s, sid)).body).toContain('已取消登录');
    expect((await s.request('GET', `/login/qr/status?sid=${sid}`)).json()).toMatchObject({
      status: 'cancelled',
    });
  });

  it('X4 shows why on the phone when a resigned user tries to confirm', async () => {
    const s = makeSandbox();
    const u = [...s.tenant.directory.allUsers()].find((x) => x.userid !== 'manager1471')!;
    s.tenant.directory.updateUser(u.userid, { resigned: true });
    const sid = await openQrLogin(s, { client_id: s.main.appKey });
    await s.request('POST', '/login/phone/scan', form(`sid=${sid}&userid=${u.userid}`));
    await s.request('POST', '/login/phone/confirm', form(`sid=${sid}`));
    const page = await phonePage(s, sid);
    expect(page.body).toContain('无法登录');
    expect(page.body).toContain('该账号已离职，无法登录');
    const e = s.tenant.journal.query({ route: 'login.phone.confirm' }).at(-1)!;
    expect(e).toMatchObject({ outcome: 'refused' });
    expect(e.reason).toContain('has left the company');
  });

  it('shows 二维码已失效 on the phone after expiry, and journals the refused scan', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey });
    s.tenant.clock.advance(181_000);
    expect((await phonePage(s, sid)).body).toContain('二维码已失效');
    await s.request('POST', '/login/phone/scan', form(`sid=${sid}&userid=manager1471`));
    expect(s.tenant.journal.query({ route: 'login.phone.scan' }).at(-1)?.reason).toContain('expired');
  });
});

describe('admin API for QR logins', () => {
  it('lists pending sessions of a tenant, newest first, and forgets expired ones', async () => {
    const s = makeSandbox();
    const a = await openQrLogin(s, { client_id: s.main.appKey, state: 'a' });
    const b = await openQrLogin(s, { client_id: s.main.appKey, state: 'b' });
    const list = (await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/qr`)).json() as {
      sessions: { sid: string; status: string; appName: string }[];
    };
    expect(list.sessions.map((x) => x.sid)).toEqual([b, a]);
    expect(list.sessions[0]).toMatchObject({ status: 'waiting', appName: '观远BI' });
    s.tenant.clock.advance(180_000);
    const later = (await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/qr`)).json() as {
      sessions: unknown[];
    };
    expect(later.sessions).toEqual([]);
  });

  it('answers 404 for an unknown sid, 400 for an unknown user, 409 for a refused confirm', async () => {
    const s = makeSandbox();
    expect((await phone(s, 'nope', 'confirm')).statusCode).toBe(404);
    const sid = await openQrLogin(s, { client_id: s.main.appKey });
    const bad = await phone(s, sid, 'scan', 'nobody');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'userNotFound' } });
    s.main.visibleRange = { deptIds: [999], userids: [] };
    await phone(s, sid, 'scan', 'manager1471');
    const refused = await phone(s, sid, 'confirm');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      error: { code: 'loginRefused', message: expect.stringContaining('visible range') },
    });
  });
});
