/** In the DingTalk client on every platform: L6 consent, E4 blank page, E5 不存在的临时授权码, X5 dd.config. */
import { expect, sameText, shot, test } from '../../../fixtures/index.ts';
import { homeUrl, openInClient, type Platform } from '../helpers.ts';

const platformOf = (p: string | undefined): Platform =>
  p === 'android' ? 'android' : p === 'ios' ? 'ios' : 'pc';

test('L6 授权个人信息 inside the client: consent page, then back to the BI, signed in', async ({
  bi,
  client,
  tenant,
  people,
  dingtalkPlatform,
}) => {
  const platform = platformOf(dingtalkPlatform);
  const page = await openInClient(client, bi, {
    platform,
    corpId: tenant.corpId,
    userid: people.admin.dingtalkUserid,
  });
  await bi.ui.inAppOutcome(page);
  await bi.ui.signOut(page);
  // The in-app page offers 授权个人信息 (the authorize page with prompt=consent) as the other way in.
  // (Not reloading the home page first: its automatic 免登 would sign the user straight back in.)
  await page.goto(`${bi.baseUrl}/auth/dingtalk/start?generation=new`);
  const agree = page.locator('.module-consent-submit-agree');
  await agree.waitFor();
  await shot(page, 'L6-consent');
  await agree.click();
  await page.waitForURL(`${bi.baseUrl}/**`);
  expect(await bi.ui.signedInAs(page)).toBe(people.admin.displayName);
});

test('E4 inside the client, a redirect_uri that differs from the console’s callback gives a blank page, and the journal says why', async ({
  bi,
  client,
  tenant,
  app,
  people,
  sandbox,
  journal,
  dingtalkPlatform,
}) => {
  await sandbox.admin.updateApp(tenant.corpId, app.appKey, {
    redirectUrls: ['http://bi.elsewhere.example.com/auth/dingtalk/callback'],
  });
  const platform = platformOf(dingtalkPlatform);
  const { page } = await client.open({ platform, userid: people.admin.dingtalkUserid });
  const response = await page.goto(`${bi.baseUrl}/auth/dingtalk/start?generation=new`);
  expect(response?.ok()).toBe(true);
  await page.waitForLoadState();
  await shot(page, 'E4-blank');
  expect(((await page.locator('body').innerText()) ?? '').trim()).toBe('');
  expect(new URL(page.url()).origin).toBe(sandbox.url);
  const why = (await journal.refusals()).map((e) => e.reason ?? '').join('\n');
  expect(why).toMatch(/redirect/i);
});

test('E4 inside the client, an app id the console does not know gives a blank page too, never a redirect', async ({
  client,
  people,
  sandbox,
  bi,
  dingtalkPlatform,
}) => {
  const { page } = await client.open({
    platform: platformOf(dingtalkPlatform),
    userid: people.admin.dingtalkUserid,
  });
  const q = new URLSearchParams({
    client_id: 'dingunknownapp000000',
    redirect_uri: bi.consoleValues.redirectUrl,
    response_type: 'code',
    scope: 'openid',
    state: 'x',
    prompt: 'consent',
  });
  const response = await page.goto(`${sandbox.url}/oauth2/auth?${q.toString()}`);
  expect(response?.status()).toBe(200);
  expect(new URL(page.url()).origin).toBe(sandbox.url);
  expect(((await page.locator('body').innerText()) ?? '').trim()).toBe('');
});

test('E5 the micro-app opened with another app’s id: the code belongs to that app and the BI shows 不存在的临时授权码', async ({
  bi,
  client,
  tenant,
  people,
  journal,
  dingtalkPlatform,
}) => {
  const other = tenant.apps[1]!;
  const page = await openInClient(client, bi, {
    platform: platformOf(dingtalkPlatform),
    corpId: tenant.corpId,
    userid: people.admin.dingtalkUserid,
    appKey: other.appKey,
  });
  const outcome = await bi.ui.inAppOutcome(page);
  await shot(page, 'E5-other-app');
  expect(outcome.signedIn).toBe(false);
  expect(sameText(outcome.text)).toContain('不存在的临时授权码');
  const refusal = (await journal.refusals()).find((e) => e.route === 'oapi.v2.user.getuserinfo');
  expect(refusal?.code).toBe('40078');
  expect(refusal?.reason).toMatch(/otherApp|another app|issued to app/);
});

test('E5 a code used twice, or older than 5 minutes, gets 不存在的临时授权码 from the BI', async ({
  bi,
  client,
  tenant,
  app,
  people,
  sandbox,
  clock,
  dingtalkPlatform,
}) => {
  // Listen before the home page loads: its 免登 posts the code exactly once.
  const platform = platformOf(dingtalkPlatform);
  const { page } = await client.open({ platform, userid: people.admin.dingtalkUserid });
  const posted: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/auth/dingtalk/in-app')) posted.push(r.postData() ?? '');
  });
  await page.goto(homeUrl(bi, platform, tenant.corpId));
  expect((await bi.ui.inAppOutcome(page)).signedIn).toBe(true);
  await expect.poll(() => posted.length).toBe(1);
  const replay = async (body: string) => {
    const r = await page.request.post(`${bi.baseUrl}/auth/dingtalk/in-app`, {
      data: body,
      headers: { 'content-type': 'application/json', origin: bi.baseUrl },
    });
    return r.text();
  };
  expect(sameText(await replay(posted[0]!))).toContain('不存在的临时授权码');
  const { code } = await sandbox.admin.inAppCode(tenant.corpId, {
    appKey: app.appKey,
    userid: people.admin.dingtalkUserid,
  });
  await clock.advance(301);
  expect(sameText(await replay(JSON.stringify({ code })))).toContain('不存在的临时授权码');
});

test('X5 dd.config is signed with the JSAPI ticket: dd.ready on success, dd.error with 52013 once the ticket is stale', async ({
  bi,
  client,
  tenant,
  app,
  people,
  sandbox,
  dingtalkPlatform,
}) => {
  // A person the BI cannot sign in stays on the in-app page, where dd.config's outcome is shown.
  const platform = platformOf(dingtalkPlatform);
  const page = await openInClient(client, bi, {
    platform,
    corpId: tenant.corpId,
    userid: people.stranger.userid,
  });
  const status = page.locator('#jsapi-status');
  await expect(status).toHaveAttribute('data-state', 'ready');
  // The sandbox issues a new ticket; the BI still signs with the one it cached.
  await sandbox.admin.request('POST', `/tenants/${tenant.corpId}/apps/${app.appKey}/jsapi-ticket/rotate`);
  await page.reload();
  await expect(status).toHaveAttribute('data-state', /^(error|ready)$/);
  await shot(page, 'X5-jsapi');
  if ((await status.getAttribute('data-state')) === 'error') {
    expect(await status.textContent()).toContain('52013');
  } else {
    // A BI that fetches a fresh ticket for every page is correct too: then it must have asked again.
    const tickets = await sandbox.admin.journal(tenant.corpId, { route: 'oapi.get_jsapi_ticket' });
    expect(tickets.length).toBeGreaterThanOrEqual(2);
  }
});
