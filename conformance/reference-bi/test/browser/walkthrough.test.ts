/**
 * The guide in a real browser (Debian's Chromium): S2 the admin signs in, turns on the feature switch,
 * configures the app with 测试连接 and 确定, reads the values to copy; S3 the DingTalk console is set
 * up (through the sandbox's admin API); S4 the admin sets a 钉钉账号; L1 QR login with the sandbox's
 * login pages; then L5/L4 the app opened inside the DingTalk client (iOS, PC) signs in without a
 * password through unmodified dingtalk-jsapi. Screenshots: test-results/reference-bi/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBi, type RunningBi } from '../../src/app.ts';
import { dingTalkHosts } from '../../src/config.ts';
import { startSandbox, type RunningSandbox } from '../../../../mock-server/src/start.ts';
import { openAsDingTalkClient } from '../../../../mock-server/src/client-shim/playwright.ts';
import { launchChromium } from '../../../../test/helpers/browser.ts';
import { sandboxCall } from '../helpers/stack.ts';
import { requiredScopes } from '../../src/dingtalk/required-scopes.ts';

const SHOTS = resolve(import.meta.dirname, '../../../../test-results/reference-bi');

describe('browser walkthrough: S2 → S3 → S4 → L1, then in-app login', { timeout: 120_000 }, () => {
  let browser: Browser;
  let sb: RunningSandbox;
  let bi: RunningBi;
  let dir: string;
  let page: Page;
  const urls: { pc: string; mobile: string; redirect: string } = { pc: '', mobile: '', redirect: '' };
  const shot = (name: string, p: Page = page) =>
    p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'reference-bi-browser-'));
    [browser, sb] = await Promise.all([launchChromium(), startSandbox({ port: 0 })]);
    bi = await startBi({
      port: 0,
      dbPath: join(dir, 'bi.sqlite'),
      dingtalk: dingTalkHosts(sb.url),
      logLevel: 'silent',
      bootstrap: {
        users: [{ username: 'admin', displayName: '系统管理员', password: 'admin123', role: 'admin' }],
      },
    });
    page = await browser.newPage({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await browser?.close();
    await bi?.stop();
    await sb?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // The unconfigured app 新建应用 is the one the admin sets up, as a newcomer following the guide would.
  const app = () => sb.defaultTenant.listApps().find((a) => a.name === '新建应用')!;

  it('S2 the admin turns on the feature switch, tests the connection, saves, and sees the URLs to copy', async () => {
    await page.goto(`${bi.url}/login`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'admin123');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('.user-name')).toBe('系统管理员');
    await shot('01-dashboard');

    await page.goto(`${bi.url}/system-backend`);
    await page.check('#feature-dingtalk');
    await page.click('#save-features');
    await page.goto(`${bi.url}/admin/integrations/dingtalk`);
    expect(await page.title()).toContain('钉钉');

    await page.fill('input[name=appKey]', app().appKey);
    await page.fill('input[name=appSecret]', 'not-the-secret');
    await page.fill('input[name=agentId]', String(app().agentId));
    await page.fill('input[name=corpId]', sb.defaultTenant.corpId);
    await page.click('#test-connection');
    await expect.poll(() => page.textContent('#connection-result')).toBe('不合法的appKey或appSecret');
    await shot('02-test-connection-wrong-secret');

    await page.fill('input[name=appSecret]', app().appSecret);
    await page.click('#test-connection');
    await expect.poll(() => page.textContent('#connection-result')).toContain('已成功获取 access_token');
    await shot('03-test-connection-ok');
    await page.click('#save-app');
    await page.waitForSelector('#console-values');
    urls.pc = (await page.textContent('#pc-home-url'))!;
    urls.mobile = (await page.textContent('#mobile-home-url'))!;
    urls.redirect = (await page.textContent('#redirect-url'))!;
    expect(urls.redirect).toBe(`${bi.url}/auth/dingtalk/callback`);
    expect(await page.content()).not.toContain(app().appSecret);
    await shot('04-console-values');
  });

  it('S3 (DingTalk console, through the admin API): home URLs, redirect URL, permissions; then 开启钉钉', async () => {
    await sandboxCall(sb.url, 'PATCH', `/tenants/${sb.defaultTenant.corpId}/apps/${app().appKey}`, {
      webApp: { enabled: true, pcHomeUrl: urls.pc, mobileHomeUrl: urls.mobile },
      redirectUrls: [urls.redirect],
      // Exactly what the BI's 所需权限 lists for the new-generation login.
      scopes: requiredScopes('new').map((r) => r.scope),
    });
    await page.check('#dingtalk-enabled');
    await page.click('#save-enabled');
    await expect.poll(() => page.textContent('#dingtalk-status')).toBe('已开启');
    await shot('05-dingtalk-enabled');
  });

  it('S4 the admin sets their own 钉钉账号 on the users page', async () => {
    await page.goto(`${bi.url}/admin/users`);
    const row = page.locator('tr[data-username=admin]');
    await row.locator('input[name=dingtalkUserid]').fill('manager1471');
    await row.locator('button[type=submit]').click();
    await expect
      .poll(() => page.locator('tr[data-username=admin] input[name=dingtalkUserid]').inputValue())
      .toBe('manager1471');
    await shot('06-users-bound');
  });

  it('L1 signs out, then signs in with the DingTalk QR code (the phone acts through the admin API)', async () => {
    await page.click('.whoami button');
    await page.waitForURL(/\/login/);
    await page.click('#dingtalk-login');
    await page.waitForURL(new RegExp(`^${sb.url}/oauth2/`));
    await shot('07-dingtalk-qr');
    const state = new URL(page.url()).searchParams.get('state');
    const corp = sb.defaultTenant.corpId;
    const { sessions } = await sandboxCall<{ sessions: { sid: string; state: string }[] }>(
      sb.url,
      'GET',
      `/tenants/${corp}/qr`,
    );
    const sid = sessions.find((s) => s.state === state)!.sid;
    await sandboxCall(sb.url, 'POST', `/tenants/${corp}/qr/${sid}/scan`, { userid: 'manager1471' });
    await sandboxCall(sb.url, 'POST', `/tenants/${corp}/qr/${sid}/confirm`);
    const agree = page.locator('.module-consent-submit-agree');
    await agree.waitFor();
    await shot('08-consent');
    await agree.click();
    await page.waitForURL(`${bi.url}/`);
    await expect.poll(() => page.textContent('.user-name')).toBe('系统管理员');
    await shot('09-signed-in-with-dingtalk');
  });

  for (const platform of ['ios', 'pc'] as const) {
    it(`${platform === 'ios' ? 'L5' : 'L4'} the app opened in the DingTalk client (${platform}) signs in without a password`, async () => {
      const { context, page: inApp } = await openAsDingTalkClient(browser, {
        sandboxUrl: sb.url,
        corpId: sb.defaultTenant.corpId,
        appKey: app().appKey,
        userid: 'manager1471',
        platform,
      });
      try {
        const home = (platform === 'pc' ? urls.pc : urls.mobile).replace('$CORPID$', sb.defaultTenant.corpId);
        await inApp.goto(home);
        await inApp.waitForURL(`${bi.url}/`);
        await expect.poll(() => inApp.textContent('.user-name')).toBe('系统管理员');
        await shot(`10-in-app-${platform}`, inApp);
      } finally {
        await context.close();
      }
    });
  }

  it('E2 in the DingTalk client (android), an unbound user sees 登录失败 with the bindKey', async () => {
    const unbound = [...sb.defaultTenant.directory.allUsers()].find(
      (u) => u.userid !== 'manager1471' && !u.resigned && u.active,
    )!;
    const { context, page: inApp } = await openAsDingTalkClient(browser, {
      sandboxUrl: sb.url,
      corpId: sb.defaultTenant.corpId,
      appKey: app().appKey,
      userid: unbound.userid,
      platform: 'android',
    });
    try {
      await inApp.goto(urls.mobile.replace('$CORPID$', sb.defaultTenant.corpId));
      await inApp.locator('#in-app-status[data-state=failed]').waitFor();
      expect(await inApp.textContent('#login-error')).toBe(
        `当前用户未绑定系统账号,请联系管理员完成账号关联操作,bindKey:${unbound.userid}`,
      );
      await shot('11-in-app-unbound-android', inApp);
    } finally {
      await context.close();
    }
  });

  it('A1 账户同步 from the browser: the run page shows progress, then the report', async () => {
    await page.goto(`${bi.url}/admin/sync`);
    await page.click('#start-sync');
    await page.waitForURL(/\/admin\/sync\/runs\/\d+$/);
    await page.locator('#sync-status[data-status=succeeded]').waitFor();
    expect(await page.textContent('#sync-summary')).toMatch(/^新建 \d+ · 更新 1 · 未变 0 · 停用 0/);
    await shot('12-account-sync-report');
  });

  it('outside the DingTalk client the in-app home says so and offers the password login', async () => {
    const plain = await browser.newPage();
    try {
      await plain.goto(urls.mobile.replace('$CORPID$', sb.defaultTenant.corpId));
      await plain.locator('#in-app-status[data-state=failed]').waitFor();
      expect(await plain.textContent('#in-app-status .notice-title')).toBe('请在钉钉客户端中打开');
    } finally {
      await plain.close();
    }
  });
});
