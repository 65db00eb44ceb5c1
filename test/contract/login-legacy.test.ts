import { describe, expect, it } from 'vitest';
import { CALLBACK, location, phone, sidOf, snsSignature } from '../helpers/login.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const E3 = '对不起，你无权限查看该页面，redirect_url的域名不在appid的安全域名内';

function connectUrl(path: string, params: Record<string, string>): string {
  const q = new URLSearchParams({
    response_type: 'code',
    scope: 'snsapi_login',
    redirect_uri: CALLBACK,
    ...params,
  });
  return `${path}?${q.toString()}`;
}

/** The legacy flow up to the callback: qrconnect → phone → status → sns_authorize → 302. */
async function legacyLogin(s: TestSandbox, userid = 'manager1471', state = 'ls'): Promise<URL> {
  const page = await s.request('GET', connectUrl('/connect/qrconnect', { appid: s.main.appKey, state }));
  const sid = sidOf(page.body);
  await phone(s, sid, 'scan', userid);
  await phone(s, sid, 'confirm');
  const status = (await s.request('GET', `/login/qr/status?sid=${sid}`)).json() as { next: string };
  expect(status.next).toMatch(/^\/connect\/oauth2\/sns_authorize\?.*loginTmpCode=/);
  return location(await s.request('GET', status.next));
}

function bycode(
  s: TestSandbox,
  code: unknown,
  opts: { timestamp?: string; signature?: string; app?: TestSandbox['main'] } = {},
) {
  const app = opts.app ?? s.main;
  const ts = opts.timestamp ?? String(s.tenant.clock.now());
  const sig = opts.signature ?? snsSignature(app.appSecret, ts);
  return s.request(
    'POST',
    `/sns/getuserinfo_bycode?accessKey=${app.appKey}&timestamp=${ts}&signature=${sig}`,
    {
      json: code === undefined ? {} : { tmp_auth_code: code },
    },
  );
}

describe('legacy web login (oapi /connect, /sns)', () => {
  it('L2 shows the legacy QR page with its texts', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', connectUrl('/connect/qrconnect', { appid: s.main.appKey, state: 'x' }));
    expect(r.statusCode).toBe(200);
    for (const t of [
      '<title>钉钉登录</title>',
      '请使用钉钉扫描二维码登录',
      '刷新',
      '您的二维码已失效，',
      '请点击下方刷新按钮',
      '<svg',
    ]) {
      expect(r.body).toContain(t);
    }
  });

  it('L2 redirects to the callback with an sns code and the state, then getuserinfo_bycode and getbyunionid resolve the user', async () => {
    const s = makeSandbox();
    const url = await legacyLogin(s);
    expect(url.origin + url.pathname).toBe(CALLBACK);
    expect(url.searchParams.get('state')).toBe('ls');
    const code = url.searchParams.get('code')!;
    expect(s.tenant.authCodes.peek(code)?.kind).toBe('sns');
    const r = await bycode(s, code);
    const u = s.tenant.directory.getUser('manager1471')!;
    expect(r.json()).toEqual({
      errcode: 0,
      errmsg: 'ok',
      user_info: {
        nick: u.name,
        unionid: u.unionid,
        openid: expect.any(String),
        main_org_auth_high_level: false,
      },
    });
    const token = await s.tokenFor();
    const by = await s.topapi('/topapi/user/getbyunionid', token, { unionid: u.unionid });
    expect(by).toMatchObject({ errcode: 0, result: { userid: 'manager1471' } });
  });

  it('answers 40078 for a used code and journals "already used"', async () => {
    const s = makeSandbox();
    const code = (await legacyLogin(s)).searchParams.get('code')!;
    await bycode(s, code);
    const r = await bycode(s, code);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ errcode: 40078, errmsg: '不存在的临时授权码' });
    expect(s.tenant.journal.query({ route: 'oapi.sns.getuserinfo_bycode' }).at(-1)?.reason).toContain(
      'already used',
    );
  });

  it("L2 L1 takes the same app's new web-login authCode and in-app 免登 code too, once each", async () => {
    const s = makeSandbox();
    const now = s.tenant.clock.now();
    for (const kind of ['oauth', 'inapp'] as const) {
      const c = s.tenant.authCodes.issue(kind, { appKey: s.main.appKey, userid: 'manager1471' }, now);
      const u = s.tenant.directory.getUser('manager1471')!;
      expect((await bycode(s, c.code)).json()).toMatchObject({
        errcode: 0,
        user_info: { unionid: u.unionid },
      });
      expect((await bycode(s, c.code)).json()).toMatchObject({ errcode: 40078 });
    }
  });

  it('E5 answers 40078 for a code issued to another app, and for an expired one', async () => {
    const s = makeSandbox();
    const now = s.tenant.clock.now();
    const other = s.tenant.authCodes.issue('oauth', { appKey: s.lacking.appKey, userid: 'manager1471' }, now);
    expect((await bycode(s, other.code)).json()).toMatchObject({
      errcode: 40078,
      errmsg: '不存在的临时授权码',
    });
    expect(s.tenant.journal.query({ route: 'oapi.sns.getuserinfo_bycode' }).at(-1)?.reason).toContain(
      `issued to app ${s.lacking.appKey}`,
    );
    const late = s.tenant.authCodes.issue('sns', { appKey: s.main.appKey, userid: 'manager1471' }, now);
    s.tenant.clock.advance(5 * 60_000);
    expect((await bycode(s, late.code)).json()).toMatchObject({ errcode: 40078 });
    expect(s.tenant.journal.query({ route: 'oapi.sns.getuserinfo_bycode' }).at(-1)?.reason).toContain(
      'expired',
    );
  });

  it('refuses a wrong signature with 853004', async () => {
    const s = makeSandbox();
    const code = (await legacyLogin(s)).searchParams.get('code')!;
    const ts = String(s.tenant.clock.now());
    const r = await bycode(s, code, { timestamp: ts, signature: snsSignature('not-the-secret', ts) });
    expect(r.json()).toMatchObject({
      errcode: 853004,
      errmsg: 'signature参数不正确，与钉钉服务端计算的签名不一致，请注意传入时需要urlEncode',
    });
    expect(s.tenant.journal.query({ route: 'oapi.sns.getuserinfo_bycode' }).at(-1)?.reason).toContain(
      'signature does not match',
    );
    // the code was not spent by the refused call
    expect((await bycode(s, code)).json()).toMatchObject({ errcode: 0 });
  });

  it('says so when the signature was not URL-encoded (+ arrived as spaces): 853004', async () => {
    const s = makeSandbox();
    let ts = s.tenant.clock.now();
    let raw = decodeURIComponent(snsSignature(s.main.appSecret, String(ts)));
    while (!raw.includes('+')) raw = decodeURIComponent(snsSignature(s.main.appSecret, String(++ts)));
    const r = await bycode(s, 'x', {
      timestamp: String(ts),
      signature: raw.replace(/=/g, '%3D').replace(/\//g, '%2F'),
    });
    expect(r.json()).toMatchObject({ errcode: 853004 });
    expect(s.tenant.journal.query({ route: 'oapi.sns.getuserinfo_bycode' }).at(-1)?.reason).toContain(
      'URL-encode',
    );
  });

  it('takes a timestamp up to a minute from the tenant clock and refuses one further off with 853002', async () => {
    const s = makeSandbox();
    const code = (await legacyLogin(s)).searchParams.get('code')!;
    s.tenant.clock.freeze(true); // the window is measured to the millisecond
    const now = s.tenant.clock.now();
    for (const off of [-60_001, 60_001]) {
      const r = await bycode(s, code, { timestamp: String(now + off) });
      expect(r.json()).toMatchObject({
        errcode: 853002,
        errmsg: 'timestamp参数不合法，与钉钉服务器当前时间相差超过1分钟',
      });
    }
    expect(s.tenant.journal.query({ route: 'oapi.sns.getuserinfo_bycode' }).at(-1)?.reason).toContain(
      'allowed ±60 s',
    );
    expect((await bycode(s, code, { timestamp: String(now - 59_000) })).json()).toMatchObject({ errcode: 0 });
  });

  it('refuses a timestamp that is not milliseconds with 853001, and names seconds when it is seconds', async () => {
    const s = makeSandbox();
    const r = await bycode(s, 'x', { timestamp: 'yesterday' });
    expect(r.json()).toMatchObject({
      errcode: 853001,
      errmsg: 'timestamp参数格式不正确，需为当前时间的毫秒数',
    });
    const seconds = String(Math.floor(s.tenant.clock.now() / 1000));
    expect((await bycode(s, 'x', { timestamp: seconds })).json()).toMatchObject({ errcode: 853002 });
    expect(s.tenant.journal.query({ route: 'oapi.sns.getuserinfo_bycode' }).at(-1)?.reason).toContain(
      'looks like seconds',
    );
  });

  it('answers 41026 when tmp_auth_code is missing, and 853003 for an unknown accessKey', async () => {
    const s = makeSandbox();
    expect((await bycode(s, undefined)).json()).toMatchObject({
      errcode: 41026,
      errmsg: '缺少tmp_auth_code（临时授权码）',
    });
    const ts = String(Date.now());
    const r = await s.request(
      'POST',
      `/sns/getuserinfo_bycode?accessKey=dingnobody&timestamp=${ts}&signature=x`,
      {
        json: { tmp_auth_code: 'x' },
      },
    );
    expect(r.json()).toMatchObject({
      errcode: 853003,
      errmsg: 'accessKey参数不合法，需为钉钉开放平台上存在的appId',
    });
  });

  it('E3 on qrconnect and sns_authorize: 无权限 page, status 200, no Location, no code', async () => {
    const s = makeSandbox();
    for (const path of ['/connect/qrconnect', '/connect/oauth2/sns_authorize']) {
      const r = await s.request(
        'GET',
        connectUrl(path, {
          appid: s.main.appKey,
          redirect_uri: 'http://127.0.0.1.evil.com/cb',
          loginTmpCode: 'abc',
        }),
      );
      expect(r.statusCode).toBe(200);
      expect(r.headers.location).toBeUndefined();
      expect(r.body).toContain('<title>无权限</title>');
      expect(r.body).toContain(E3);
    }
    expect(s.tenant.authCodes.size).toBe(0);
    expect(s.tenant.journal.query({ outcome: 'refused' }).map((e) => e.route)).toEqual([
      'oapi.connect.qrconnect',
      'oapi.connect.sns_authorize',
    ]);
  });

  it('shows 无效的appid on the 无权限 page for an unknown appid', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', connectUrl('/connect/qrconnect', { appid: 'dingnobody' }));
    expect(r.body).toContain('对不起，你无权限查看该页面，无效的appid');
    expect(r.headers.location).toBeUndefined();
  });

  it('ddLogin embedded flow: qrcode.htm gives the loginTmpCode, sns_authorize trades it once for a code', async () => {
    const s = makeSandbox();
    const goto = encodeURIComponent(
      connectUrl('http://127.0.0.1/connect/oauth2/sns_authorize', { appid: s.main.appKey, state: 'emb' }),
    );
    const frame = await s.request('GET', `/login/qrcode.htm?goto=${goto}`);
    expect(frame.body).toContain('请使用钉钉扫描二维码登录');
    const sid = sidOf(frame.body);
    await phone(s, sid, 'scan', 'manager1471');
    await phone(s, sid, 'confirm');
    const status = (await s.request('GET', `/login/qr/status?sid=${sid}`)).json() as {
      loginTmpCode: string;
      next?: string;
    };
    expect(status.loginTmpCode).toMatch(/^[0-9a-f]{32}$/);
    expect(status.next).toBeUndefined();
    const authorize = connectUrl('/connect/oauth2/sns_authorize', {
      appid: s.main.appKey,
      state: 'emb',
      loginTmpCode: status.loginTmpCode,
    });
    const url = location(await s.request('GET', authorize));
    expect(url.searchParams.get('state')).toBe('emb');
    expect(url.searchParams.get('code')).toBeTruthy();
    const again = await s.request('GET', authorize);
    expect(again.headers.location).toBeUndefined();
    expect(s.tenant.journal.query({ route: 'oapi.connect.sns_authorize' }).at(-1)?.reason).toContain(
      'already used',
    );
  });
});
