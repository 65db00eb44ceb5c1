/** L1–L3, L7 and the guide's login errors E1–E3, X4, in a desktop browser. */
import { expect, sameText, shot, test } from '../../fixtures/index.ts';

test.describe('web QR login', () => {
  test('L1 new-generation QR login signs the bound BI user in (authCode exchanged, user resolved)', async ({
    page,
    bi,
    phone,
    people,
    journal,
  }) => {
    await bi.ui.startDingTalkLogin(page);
    await expect(page.locator('.app-qr-login-page svg').first()).toBeVisible();
    await shot(page, 'L1-qr');
    await phone.confirm(page, people.admin.dingtalkUserid);
    await page.waitForURL(`${bi.baseUrl}/**`);
    expect(await bi.ui.signedInAs(page)).toBe(people.admin.displayName);
    await shot(page, 'L1-signed-in');
    const routes = (await journal.entries({ outcome: 'ok' })).map((e) => e.route);
    expect(routes).toEqual(
      expect.arrayContaining([
        'api.oauth2.userAccessToken',
        'api.contact.users.get',
        'oapi.user.getbyunionid',
      ]),
    );
  });

  test('L2 legacy QR login (qrconnect, signed getuserinfo_bycode, getbyunionid) signs in', async ({
    page,
    bi,
    phone,
    people,
    sandbox,
    tenant,
    app,
    journal,
  }) => {
    // The BI admin picks the legacy generation in its settings.
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    await bi.ui.setLoginGeneration(page, 'legacy');
    await bi.ui.signOut(page);
    await bi.ui.startDingTalkLogin(page);
    await page.waitForURL(/\/connect\/qrconnect/);
    await shot(page, 'L2-qrconnect');
    await phone.confirm(page, people.analyst.dingtalkUserid);
    await page.waitForURL(`${bi.baseUrl}/**`);
    expect(await bi.ui.signedInAs(page)).toBe(people.analyst.displayName);
    const ok = (await journal.entries({ outcome: 'ok' })).map((e) => e.route);
    expect(ok).toEqual(expect.arrayContaining(['oapi.sns.getuserinfo_bycode', 'oapi.user.getbyunionid']));
    void sandbox;
    void tenant;
    void app;
  });

  test('L3 with DingTalk as the default login method the login page goes straight to the QR page; password stays reachable', async ({
    page,
    bi,
    people,
    phone,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    await bi.ui.setDefaultLogin(page, 'dingtalk');
    await bi.ui.signOut(page);
    await bi.ui.openLoginPage(page);
    await page.waitForURL(/\/oauth2\//);
    await shot(page, 'L3-straight-to-qr');
    await phone.confirm(page, people.admin.dingtalkUserid);
    await page.waitForURL(`${bi.baseUrl}/**`);
    expect(await bi.ui.signedInAs(page)).toBe(people.admin.displayName);
    await bi.ui.signOut(page);
    await bi.ui.signInWithPassword(page, people.guest.username, people.guest.password);
    expect(await bi.ui.signedInAs(page)).toBe(people.guest.displayName);
  });

  test('L7 signing out and in again as another DingTalk user gives the second identity, never the first', async ({
    page,
    bi,
    phone,
    people,
  }) => {
    await bi.ui.startDingTalkLogin(page);
    await phone.confirm(page, people.admin.dingtalkUserid);
    await page.waitForURL(`${bi.baseUrl}/**`);
    expect(await bi.ui.signedInAs(page)).toBe(people.admin.displayName);
    await bi.ui.signOut(page);
    await bi.ui.startDingTalkLogin(page);
    await phone.confirm(page, people.analyst.dingtalkUserid);
    await page.waitForURL(`${bi.baseUrl}/**`);
    expect(await bi.ui.signedInAs(page)).toBe(people.analyst.displayName);
  });

  test('L1 a callback carrying another browser’s state is refused, even with a valid code', async ({
    page,
    bi,
    phone,
    people,
    browser,
    sandbox,
    tenant,
  }) => {
    // The attacker starts a login in their browser (the BI binds that state to their session)…
    const attacker = await browser.newContext();
    const a = await attacker.newPage();
    await bi.ui.startDingTalkLogin(a);
    const { sid } = await phone.session(a);
    await attacker.close();
    // …completes it on their phone, and takes the callback URL without following it.
    await sandbox.admin.phoneScan(tenant.corpId, sid, people.admin.dingtalkUserid);
    await sandbox.admin.phoneConfirm(tenant.corpId, sid);
    let r = await fetch(`${sandbox.url}/oauth2/continue?sid=${encodeURIComponent(sid)}`, {
      redirect: 'manual',
    });
    if (r.status === 200) {
      r = await fetch(`${sandbox.url}/oauth2/consent`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ sid, decision: 'agree' }).toString(),
      });
    }
    const callback = r.headers.get('location') ?? '';
    expect(callback).toContain('authCode=');
    // The victim's browser, which started its own login, is made to load it: no sign-in.
    await bi.ui.startDingTalkLogin(page);
    await page.goto(callback);
    expect(await bi.ui.signedInAs(page)).toBeNull();
  });
});

test.describe('the guide’s login errors', () => {
  test('E1 QR login while the app lacks qyapi_get_member shows 登录失败 with DingTalk’s permission text and a hint', async ({
    page,
    bi,
    phone,
    people,
    sandbox,
    tenant,
    app,
    journal,
  }) => {
    await sandbox.admin.revokeScope(tenant.corpId, app.appKey, 'qyapi_get_member');
    await bi.ui.startDingTalkLogin(page);
    await phone.confirm(page, people.admin.dingtalkUserid);
    const failure = await bi.ui.readLoginFailure(page);
    await shot(page, 'E1-login-failed');
    expect(failure.title).toBe('登录失败');
    expect(sameText(failure.message)).toContain(
      sameText(
        '没有调用该接口的权限,接口权限申请参考:https://open.dingtalk.com/document/orgapp-server/add-api-permission, {requiredScopes=[qyapi_get_member]}',
      ),
    );
    expect(failure.message).toContain('权限管理');
    const refused = await journal.refusals();
    expect(refused.some((e) => e.code === '88/60011' && e.reason?.includes('qyapi_get_member'))).toBe(true);
  });

  test('E2 QR login as a DingTalk user bound to no BI user shows 登录失败 with bindKey:<UserID>', async ({
    page,
    bi,
    phone,
    people,
  }) => {
    await bi.ui.startDingTalkLogin(page);
    await phone.confirm(page, people.stranger.userid);
    const failure = await bi.ui.readLoginFailure(page);
    await shot(page, 'E2-bindkey');
    expect(failure.title).toBe('登录失败');
    expect(sameText(failure.message)).toContain(
      sameText(`当前用户未绑定系统账号,请联系管理员完成账号关联操作,bindKey:${people.stranger.userid}`),
    );
    expect(await bi.ui.signedInAs(page)).toBeNull();
  });

  test('E2 the bindKey is the guide’s manager1471 when the administrator is not bound', async ({
    page,
    bi,
    phone,
    people,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    await bi.ui.bindDingTalkAccount(page, people.admin.username, 'nobody-here');
    await bi.ui.signOut(page);
    await bi.ui.startDingTalkLogin(page);
    await phone.confirm(page, 'manager1471');
    const failure = await bi.ui.readLoginFailure(page);
    expect(sameText(failure.message)).toContain(
      sameText('当前用户未绑定系统账号,请联系管理员完成账号关联操作,bindKey:manager1471'),
    );
  });

  test('E3 QR login while the BI’s domain is not a redirect URL shows DingTalk’s 无权限 page, no redirect, no code', async ({
    page,
    bi,
    sandbox,
    tenant,
    app,
    journal,
  }) => {
    await sandbox.admin.updateApp(tenant.corpId, app.appKey, {
      redirectUrls: ['http://some-other-bi.example.com/callback'],
    });
    const responses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/oauth2/')) responses.push(r.status());
    });
    await bi.ui.startDingTalkLogin(page);
    await expect(page).toHaveTitle('无权限');
    await expect(page.locator('body')).toContainText('redirect_url的域名不在appid的安全域名内');
    expect(sameText((await page.locator('body').textContent()) ?? '')).toContain(
      sameText('对不起,你无权限查看该页面,redirect_url的域名不在appid的安全域名内'),
    );
    await shot(page, 'E3-no-permission');
    expect(new URL(page.url()).origin).not.toBe(bi.baseUrl);
    expect(responses.every((s) => s === 200 || s === 302)).toBe(true);
    const codes = await sandbox.admin.qrSessions(tenant.corpId, { all: true });
    expect(codes).toHaveLength(0);
    expect((await journal.refusals()).some((e) => /redirect/i.test(e.reason ?? ''))).toBe(true);
  });

  test('X4 QR login as a user who has left the company, or outside the visible range, is refused with a clear message', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    app,
  }) => {
    const attempt = async () => {
      await bi.ui.startDingTalkLogin(page);
      const s = await test
        .info()
        .attach('noop', { body: '' })
        .then(() => sandbox.admin.qrSessions(tenant.corpId));
      const sid = s[0]!.sid;
      const scanned = await sandbox.admin
        .phoneScan(tenant.corpId, sid, people.analyst.dingtalkUserid)
        .catch((e: Error) => e);
      if (!(scanned instanceof Error))
        await sandbox.admin.phoneConfirm(tenant.corpId, sid).catch((e: Error) => e);
      const failure = await bi.ui.readLoginFailure(page);
      expect(failure.title).toBe('登录失败');
      expect(failure.message.length).toBeGreaterThan(4);
      expect(await bi.ui.signedInAs(page)).toBeNull();
      return failure.message;
    };
    await sandbox.admin.updateUser(tenant.corpId, people.analyst.dingtalkUserid, { resigned: true });
    await shot(page, 'X4-before');
    const left = await attempt();
    await shot(page, 'X4-left-the-company');
    await sandbox.admin.updateUser(tenant.corpId, people.analyst.dingtalkUserid, { resigned: false });
    await sandbox.admin.updateApp(tenant.corpId, app.appKey, {
      visibleRange: { deptIds: [], userids: [people.admin.dingtalkUserid] },
    });
    const outside = await attempt();
    expect([left, outside].every((m) => !/Error|stack|undefined/.test(m))).toBe(true);
  });
});
