/** L1–L3, L7 and the guide's login errors E1–E3, X4, in a desktop browser. */
import type { Page } from '@playwright/test';
import type { SandboxAdmin } from 'dingtalk-sandbox';
import type { JournalHelper } from 'dingtalk-sandbox/playwright';
import { expect, sameText, shot, test, type Phone } from '../../fixtures/index.ts';
import type { BiUnderTest } from '../../targets/target.ts';

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
    expect(refused).toContainEqual(
      expect.objectContaining({ code: '88/60011', reason: expect.stringContaining('qyapi_get_member') }),
    );
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
    const responses: { url: string; status: number }[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/oauth2/')) responses.push({ url: r.url(), status: r.status() });
    });
    await bi.ui.startDingTalkLogin(page);
    await expect(page).toHaveTitle('无权限');
    await expect(page.locator('body')).toContainText('redirect_url的域名不在appid的安全域名内');
    expect(sameText((await page.locator('body').textContent()) ?? '')).toContain(
      sameText('对不起,你无权限查看该页面,redirect_url的域名不在appid的安全域名内'),
    );
    await shot(page, 'E3-no-permission');
    expect(new URL(page.url()).origin).not.toBe(bi.baseUrl);
    expect(responses.filter((r) => r.status !== 200 && r.status !== 302)).toEqual([]);
    const codes = await sandbox.admin.qrSessions(tenant.corpId, { all: true });
    expect(codes).toHaveLength(0);
    expect(await journal.refusals()).toContainEqual(
      expect.objectContaining({ reason: expect.stringMatching(/redirect/i) }),
    );
  });

  // X4, one test per cause. DingTalk refuses at the phone's 登录 (the phone says why), then sends the
  // browser back with ?error= and no code; the BI shows 登录失败 and signs nobody in.
  test('X4 a user who has left the company (离职) is refused at the phone’s 登录: DingTalk says 该账号已离职，无法登录, the BI shows 登录失败', async ({
    page,
    bi,
    people,
    phone,
    sandbox,
    tenant,
    journal,
  }) => {
    const who = people.analyst;
    await sandbox.admin.updateUser(tenant.corpId, who.dingtalkUserid, { resigned: true });
    await shot(page, 'X4-before');
    const seen = await x4RefusedLogin({ page, bi, phone, sandbox, tenant, journal }, who.dingtalkUserid, {
      reason: `user ${who.dingtalkUserid} (${who.displayName}) has left the company (离职)`,
      reasonZh: `用户 ${who.dingtalkUserid}（${who.displayName}）已离职`,
      phoneText: '该账号已离职，无法登录',
    });
    await shot(page, 'X4-left-the-company');
    expect(seen.biMessage).toContain('离职');
  });

  test('X4 a user outside the app’s visible range (可用范围) is refused at the phone’s 登录: DingTalk says 你不在「<app>」的可用范围内，请联系管理员, the BI shows 登录失败', async ({
    page,
    bi,
    people,
    phone,
    sandbox,
    tenant,
    app,
    journal,
  }) => {
    const who = people.analyst;
    await sandbox.admin.updateApp(tenant.corpId, app.appKey, {
      visibleRange: { deptIds: [], userids: [people.admin.dingtalkUserid] },
    });
    const seen = await x4RefusedLogin({ page, bi, phone, sandbox, tenant, journal }, who.dingtalkUserid, {
      reason: `user ${who.dingtalkUserid} (${who.displayName}) is outside the visible range (可用范围) of app "${app.name}"`,
      reasonZh: `用户 ${who.dingtalkUserid}（${who.displayName}）不在应用「${app.name}」的可用范围内`,
      phoneText: `你不在「${app.name}」的可用范围内，请联系管理员`,
    });
    await shot(page, 'X4-outside-the-visible-range');
    expect(seen.biMessage).toContain('可用范围');
  });
});

interface X4Fixtures {
  page: Page;
  bi: BiUnderTest;
  phone: Phone;
  sandbox: { admin: SandboxAdmin };
  tenant: { corpId: string };
  journal: JournalHelper;
}

/**
 * X4's steps for one cause, each checked where it happens: the scan is accepted; the phone's 登录 is
 * refused (the admin API answers 409 loginRefused with the reason; the journal holds it under
 * admin.qr.confirm; the QR session keeps DingTalk's text for the phone); /oauth2/continue sends the
 * browser to the BI's redirect URL with error=user_not_allowed and no code, journaled as refused;
 * no code is exchanged; the BI shows 登录失败, its message free of error internals, nobody signed in.
 */
async function x4RefusedLogin(
  { page, bi, phone, sandbox, tenant, journal }: X4Fixtures,
  userid: string,
  want: { reason: string; reasonZh: string; phoneText: string },
): Promise<{ biMessage: string }> {
  await bi.ui.startDingTalkLogin(page);
  const { sid } = await phone.session(page);
  await expect(sandbox.admin.phoneScan(tenant.corpId, sid, userid)).resolves.toMatchObject({
    status: 'scanned',
    userid,
  });
  // The phone's 登录 is the refusing step: one call, checked for its words and for its status/code
  // (an Error's message is not shown in a toMatchObject diff, so it gets its own toThrow).
  const confirm = sandbox.admin.phoneConfirm(tenant.corpId, sid);
  await expect(confirm).rejects.toThrow(`409 loginRefused: ${want.reason}`);
  await expect(confirm).rejects.toMatchObject({
    name: 'SandboxAdminError',
    status: 409,
    code: 'loginRefused',
  });

  const failure = await bi.ui.readLoginFailure(page);
  expect(failure.title).toBe('登录失败');
  expect(failure.message).not.toMatch(/Error|stack|undefined/);
  expect(await bi.ui.signedInAs(page)).toBeNull();
  const landed = new URL(page.url());
  expect(`${landed.origin}${landed.pathname}`).toBe(bi.consoleValues.redirectUrl);
  expect(Object.fromEntries(landed.searchParams)).toMatchObject({ error: 'user_not_allowed' });
  expect([...landed.searchParams.keys()]).not.toContain('authCode');
  expect([...landed.searchParams.keys()]).not.toContain('code');

  const sessions = await sandbox.admin.qrSessions(tenant.corpId, { all: true });
  expect(sessions.find((s) => s.sid === sid)).toMatchObject({
    userid,
    refusal: { error: 'user_not_allowed', message: want.phoneText },
  });
  const refused = await journal.refusals();
  expect(refused).toContainEqual(
    expect.objectContaining({
      route: 'admin.qr.confirm',
      code: 'phone.confirm',
      userid,
      reason: want.reason,
      reasonZh: want.reasonZh,
    }),
  );
  expect(refused).toContainEqual(
    expect.objectContaining({
      route: 'login.oauth2.continue',
      code: 'user_not_allowed',
      userid,
      reasonZh: want.reasonZh,
    }),
  );
  const routes = (await journal.entries()).map((e) => e.route);
  expect(routes).not.toContain('api.oauth2.userAccessToken');
  return { biMessage: failure.message };
}
