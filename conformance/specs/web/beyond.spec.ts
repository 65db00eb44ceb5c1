/** Beyond the guide: what real tenants do to integrations (X1–X3, X6), in a desktop browser. */
import { expect, sameText, shot, test } from '../../fixtures/index.ts';

test.describe('X1 test connection', () => {
  test('X1 a wrong AppSecret or an unknown AppKey shows DingTalk’s error verbatim and saves nothing', async ({
    page,
    bi,
    people,
    app,
    tenant,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    await bi.ui.openDingTalkSettings(page);
    const creds = {
      appKey: app.appKey,
      appSecret: app.appSecret,
      agentId: app.agentId,
      corpId: tenant.corpId,
    };
    expect(await bi.ui.testConnection(page, { ...creds, appSecret: 'wrong-secret' })).toContain(
      '不合法的appKey或appSecret',
    );
    expect(await bi.ui.testConnection(page, { ...creds, appKey: 'dingnosuchapp00000000' })).toContain(
      '不合法的appKey或appSecret',
    );
    await shot(page, 'X1-wrong');
    await bi.ui.saveCredentials(page, { ...creds, appKey: 'dingnosuchapp00000000' });
    expect(await bi.ui.savedAppKey(page)).toBe(app.appKey);
  });

  test('X1 DingTalk unreachable (connection reset) gives a clear “cannot reach” message, not a stack trace', async ({
    page,
    bi,
    people,
    app,
    tenant,
    faults,
  }) => {
    await faults.add({ match: { route: 'oapi.gettoken' }, action: { type: 'reset' }, times: 'always' });
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    await bi.ui.openDingTalkSettings(page);
    const message = await bi.ui.testConnection(page, {
      appKey: app.appKey,
      appSecret: app.appSecret,
      agentId: app.agentId,
      corpId: tenant.corpId,
    });
    await shot(page, 'X1-unreachable');
    expect(message).toMatch(/无法连接|不可用|连接失败|稍后重试/);
    expect(message).not.toMatch(/Error:|at .*\.ts|ECONNRESET|undefined/);
  });
});

test('X2 the BI keeps working across token expiry (7200 s on the tenant clock), fetching a new token', async ({
  page,
  bi,
  phone,
  people,
  clock,
  journal,
}) => {
  await bi.ui.startDingTalkLogin(page);
  await phone.confirm(page, people.admin.dingtalkUserid);
  await page.waitForURL(`${bi.baseUrl}/**`);
  const before = (await journal.entries({ route: 'oapi.gettoken', outcome: 'ok' })).length;
  await bi.ui.signOut(page);
  await clock.advance(7201);
  await bi.ui.startDingTalkLogin(page);
  await phone.confirm(page, people.analyst.dingtalkUserid);
  await page.waitForURL(`${bi.baseUrl}/**`);
  expect(await bi.ui.signedInAs(page)).toBe(people.analyst.displayName);
  // A new token was fetched after expiry, and no call was refused with an expired one that was not retried.
  const after = await journal.entries({ route: 'oapi.gettoken', outcome: 'ok' });
  expect(after.length).toBeGreaterThan(before);
  const expired = (await journal.refusals()).filter((e) => /expired/.test(e.reason ?? ''));
  const last = (await journal.entries()).at(-1)!;
  expect(last.outcome).toBe('ok');
  expect(expired.length).toBeLessThanOrEqual(1);
});

test.describe('X3 rate limits, 5xx, timeouts and resets', () => {
  test('X3 a rate limit (90018) during login is retried and the login completes', async ({
    page,
    bi,
    phone,
    people,
    faults,
    journal,
  }) => {
    await faults.add({ match: { route: 'oapi.user.getbyunionid' }, action: { type: 'rateLimit' }, times: 2 });
    await bi.ui.startDingTalkLogin(page);
    await phone.confirm(page, people.admin.dingtalkUserid);
    await page.waitForURL(`${bi.baseUrl}/**`);
    expect(await bi.ui.signedInAs(page)).toBe(people.admin.displayName);
    expect((await journal.entries({ route: 'oapi.user.getbyunionid' })).map((e) => e.outcome)).toEqual([
      'fault',
      'fault',
      'ok',
    ]);
  });

  for (const [name, action] of [
    ['a 502 from a proxy', { type: 'status', status: 502, body: '<html>502 Bad Gateway</html>' }],
    ['a connection reset', { type: 'reset' }],
    ['系统繁忙 (-1)', { type: 'error', kind: 'systemBusy' }],
  ] as const) {
    test(`X3 ${name} on every call shows a clear, retryable error and signs nobody in`, async ({
      page,
      bi,
      phone,
      people,
      faults,
    }) => {
      await faults.add({ match: { route: 'oapi.user.getbyunionid' }, action, times: 'always' });
      await bi.ui.startDingTalkLogin(page);
      await phone.confirm(page, people.admin.dingtalkUserid);
      const failure = await bi.ui.readLoginFailure(page);
      await shot(page, 'X3-retryable');
      expect(failure.title).toBe('登录失败');
      expect(failure.message).toMatch(/稍后重试|重试/);
      expect(failure.message).not.toMatch(/Error:|at .*\.ts|ECONNRESET|undefined|<html>/);
      expect(await bi.ui.signedInAs(page)).toBeNull();
    });
  }

  test.describe('a BI that gives up on DingTalk after 500 ms', () => {
    // The BI's own limit, short (the adapter's usual 2 s would make three attempts cost 6 s); DingTalk
    // still holds every answer 40 times longer, so the BI must give up by itself.
    test.use({ biDingTalkTimeoutMs: 500 });

    test('X3 a timeout does not hang the BI: the login fails cleanly within its own time limit', async ({
      page,
      bi,
      phone,
      people,
      faults,
    }) => {
      await faults.add({
        match: { route: 'oapi.user.getbyunionid' },
        action: { type: 'timeout', ms: 20_000 },
        times: 'always',
      });
      await bi.ui.startDingTalkLogin(page);
      await phone.confirm(page, people.admin.dingtalkUserid);
      const failure = await bi.ui.readLoginFailure(page);
      expect(failure.message).toMatch(/稍后重试|重试|超时/);
      expect(await bi.ui.signedInAs(page)).toBeNull();
      // It was the held call the BI gave up on: DingTalk received it (the rule fired) and still holds it.
      const [rule] = await faults.list();
      expect(rule!.hits).toBeGreaterThan(0);
    });
  });
});

test('X6 a caller outside the app’s IP allow-list gets 60020 naming its IP, shown by the BI', async ({
  page,
  bi,
  people,
  app,
  tenant,
  sandbox,
  journal,
}) => {
  await sandbox.admin.updateApp(tenant.corpId, app.appKey, { ipAllowList: ['10.20.30.40'] });
  await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
  await bi.ui.openDingTalkSettings(page);
  const message = await bi.ui.testConnection(page, {
    appKey: app.appKey,
    appSecret: app.appSecret,
    agentId: app.agentId,
    corpId: tenant.corpId,
  });
  await shot(page, 'X6-ip');
  expect(sameText(message)).toContain('访问ip不在白名单之中');
  expect(message).toContain('127.0.0.1');
  expect(await journal.refusals()).toContainEqual(expect.objectContaining({ code: '60020' }));
});
