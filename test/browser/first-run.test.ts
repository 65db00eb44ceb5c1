/**
 * The guide followed literally against `npm start` (its script as a child process, on free ports,
 * with a temporary state folder), in real Chromium: the base URL lands on the console; S1 a new app
 * with 网页应用; S2 its credentials saved in the BI with 测试连接 and 确定; S3 home URLs, redirect URL
 * and exactly the permission points the BI's settings page lists; L1 sign in with DingTalk through the
 * simulated phone. Then `npm start` is stopped (SIGTERM) and started again: the app (with its
 * permissions) and the BI's settings are intact, and the DingTalk sign-in still works.
 * Screenshots: test-results/first-run/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { freePort, runStartAll, stopStartAll, type StartedAll } from '../helpers/start-all.ts';

const SHOTS = 'test-results/first-run';
const APP_NAME = '观远BI（生产）';

describe(
  'first run: the guide against npm start, then a restart (S1, S2, S3, L1)',
  { timeout: 240_000 },
  () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let dir: string;
    let args: string[];
    let running: StartedAll | null = null;
    const created = { appKey: '', appSecret: '', agentId: '', corpId: '' };
    let listed: string[] = [];

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      dir = mkdtempSync(join(tmpdir(), 'dts-first-run-'));
      args = [
        '--port',
        String(await freePort()),
        '--bi-port',
        String(await freePort()),
        '--state',
        join(dir, 'sandbox.json'),
        '--bi-db',
        join(dir, 'reference-bi.sqlite'),
      ];
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      if (running) await stopStartAll(running.child);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function start(): Promise<StartedAll> {
      running = await runStartAll(args).ready;
      context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 900 } });
      page = await context.newPage();
      return running;
    }
    async function stop(): Promise<void> {
      await context.close();
      await stopStartAll(running!.child);
      running = null;
    }
    const shot = (name: string, p: Page = page) =>
      p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    const text = async (selector: string, p: Page = page) => ((await p.textContent(selector)) ?? '').trim();
    const biLogin = async (bi: string) => {
      await page.goto(`${bi}/login?method=password`);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', 'admin123');
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('.user-name')).toBe('系统管理员');
    };
    /** L1: 钉钉扫码登录 → the login page's link opens the simulated phone → manager1471 scans and confirms. */
    const signInWithDingTalk = async (bi: string, sandbox: string) => {
      await page.goto(`${bi}/login`);
      await page.click('#dingtalk-login');
      await page.waitForURL(new RegExp(`^${sandbox}/oauth2/`));
      const href = await page.locator('[data-scan-link]').getAttribute('href');
      const phone = await context.newPage();
      await phone.goto(new URL(href!, sandbox).toString());
      await phone.locator('select[name=userid]').selectOption('manager1471');
      await phone.getByRole('button', { name: '扫码' }).click();
      await phone.getByRole('button', { name: '登录', exact: true }).click();
      const agree = page.locator('.module-consent-submit-agree');
      await Promise.race([agree.waitFor(), page.waitForURL(`${bi}/`)]);
      if (await agree.isVisible()) await agree.click();
      await page.waitForURL(`${bi}/`);
      await expect.poll(() => page.textContent('.user-name')).toBe('系统管理员');
      await phone.close();
    };

    it('S1 S2 S3 L1: a new app set up as the guide says, the BI configured with it, then DingTalk sign-in', async () => {
      const { sandboxUrl, biUrl } = await start();

      // The base URL, opened in a browser, is the console. S1: 创建应用 → 添加应用能力 → 网页应用.
      await page.goto(sandboxUrl);
      await page.waitForURL(`${sandboxUrl}/__sandbox/**`);
      await page.getByRole('link', { name: '创建应用' }).click();
      await page.getByLabel('应用名称').fill(APP_NAME);
      await page.getByLabel('应用描述').fill('观远 BI 生产环境的钉钉登录');
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/\/capabilities$/);
      await page.locator('[data-capability="webapp"]').getByRole('button', { name: '添加' }).click();
      await page.waitForURL(/\/webapp$/);
      const consoleApp = page.url().replace(/\/webapp$/, '');

      // 凭证与基础信息 (what the BI asks for).
      await page.getByRole('link', { name: '凭证与基础信息' }).click();
      created.appKey = await text('#cred-appkey');
      created.agentId = await text('#cred-agentid');
      created.corpId = await text('#cred-corpid');
      await page.getByRole('button', { name: '查看' }).click();
      created.appSecret = await text('#cred-secret');
      await shot('01-console-credentials');

      // S2: the BI's 钉钉 settings — 配置微应用信息, 测试连接, 确定; the values to copy back.
      await biLogin(biUrl);
      await page.goto(`${biUrl}/admin/integrations/dingtalk`);
      if (!(await page.locator('input[name=appKey]').isVisible())) await page.click('#configure-app');
      await page.fill('input[name=appKey]', created.appKey);
      await page.fill('input[name=appSecret]', created.appSecret);
      await page.fill('input[name=agentId]', created.agentId);
      await page.fill('input[name=corpId]', created.corpId);
      await page.click('#test-connection');
      await expect.poll(() => page.textContent('#connection-result')).toContain('已成功获取 access_token');
      if (!(await page.locator('input[name=appKey]').isVisible())) await page.click('#configure-app');
      await page.click('#save-app');
      await page.waitForSelector('#console-values');
      expect(await text('#saved-appkey')).toBe(created.appKey);
      const urls = {
        pc: await text('#pc-home-url'),
        mobile: await text('#mobile-home-url'),
        redirect: await text('#redirect-url'),
      };
      listed = await page
        .locator('#required-scopes li[data-scope]')
        .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-scope')!));
      expect(listed.length).toBeGreaterThan(0);
      await shot('02-bi-settings-saved');

      // S3: 网页应用 home URLs, 安全设置 重定向URL, 权限管理 — exactly the points the BI listed.
      await page.goto(`${consoleApp}/webapp`);
      await page.getByLabel('应用首页地址').fill(urls.mobile);
      await page.getByLabel('PC端首页地址').fill(urls.pc);
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForSelector('.cs-flash.ok');
      await page.getByRole('link', { name: '安全设置' }).click();
      await page.getByLabel('重定向URL：').fill(urls.redirect);
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForSelector('.cs-flash.ok');
      await page.getByRole('link', { name: '权限管理' }).click();
      for (const scope of listed) {
        const search = page.getByPlaceholder('请输入权限或接口的名称进行搜索');
        await search.fill(scope);
        await search.press('Enter');
        await page.waitForURL(new RegExp(`q=${scope.replace(/\./g, '\\.')}`));
        const row = page.locator(`tr[data-scope="${scope}"]`);
        if ((await row.textContent())!.includes('未开通')) {
          await row.getByRole('button', { name: '申请权限' }).click();
          await page.waitForSelector('.cs-flash.ok');
        }
        expect(await page.locator(`tr[data-scope="${scope}"]`).textContent()).toContain('已开通');
      }
      const app = (await (
        await fetch(`${sandboxUrl}/__sandbox/api/tenants/${created.corpId}/apps/${created.appKey}`)
      ).json()) as { scopes: string[] };
      expect([...app.scopes].sort()).toEqual([...listed].sort());
      await shot('03-console-permissions');

      // L1: sign out, sign in with DingTalk.
      await page.goto(`${biUrl}/`);
      await page.click('.whoami button');
      await page.waitForURL(/\/login/);
      await signInWithDingTalk(biUrl, sandboxUrl);
      await shot('04-signed-in-with-dingtalk');
      await stop();
    });

    it('after a restart of npm start the app, its permissions and the BI settings are intact, and DingTalk sign-in works', async () => {
      expect(created.appKey).not.toBe('');
      const { sandboxUrl, biUrl } = await start();
      await page.goto(`${sandboxUrl}/__sandbox/tenants/${created.corpId}/apps`);
      await expect.poll(() => page.locator('body').textContent()).toContain(APP_NAME);
      await page.goto(`${sandboxUrl}/__sandbox/tenants/${created.corpId}/apps/${created.appKey}/permissions`);
      for (const scope of listed)
        expect(await page.locator(`tr[data-scope="${scope}"]`).first().textContent()).toContain('已开通');
      await shot('05-after-restart-permissions');

      await biLogin(biUrl);
      await page.goto(`${biUrl}/admin/integrations/dingtalk`);
      expect(await text('#saved-appkey')).toBe(created.appKey);
      expect(await text('#dingtalk-status')).toBe('已开启');
      await shot('06-after-restart-bi-settings');
      await page.click('.whoami button');
      await page.waitForURL(/\/login/);
      await signInWithDingTalk(biUrl, sandboxUrl);
      await stop();
    });
  },
);
