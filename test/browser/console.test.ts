/**
 * The console in real Chromium, as a QA person follows the guide: S1 (steps 3.1–3.2: create the app
 * with an icon, add 网页应用, read the credentials) and S3 (step 3.3: home URLs, 重定向URL, the
 * permission points), then the app seen through the admin API and used against DingTalk's endpoints;
 * and E1 seen in the journal, its scenario link and the timeline. Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from '@playwright/test';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { launchChromium } from '../helpers/browser.ts';

const SHOTS = 'test-results/console';
// A 1×1 PNG: the icon the drawer uploads.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const BI = 'http://bi.qa.example.test';

describe('the sandbox console in Chromium (S1, S3, E1)', () => {
  let browser: Browser;
  let sb: RunningSandbox;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [browser, sb] = await Promise.all([launchChromium(), startSandbox({ port: 0 })]);
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN' });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), sb?.stop()]);
  });

  const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const text = async (selector: string) => ((await page.textContent(selector)) ?? '').trim();
  const heading = () => text('.cs-title h1');

  it('S1 + S3: create "QA BI" with an icon, add 网页应用, read the credentials, configure it; the app works', async () => {
    // 3.1 钉钉应用 → 创建应用
    await page.goto(`${sb.url}/__sandbox/`);
    expect(await heading()).toContain('钉钉应用');
    await page.getByRole('link', { name: '创建应用' }).click();
    await page.getByLabel('应用名称').fill('QA BI');
    await page.getByLabel('应用描述').fill('观远 BI 的 QA 环境');
    await page
      .locator('#app-icon-file')
      .setInputFiles({ name: 'icon.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForFunction(() =>
      (document.getElementById('app-icon') as HTMLInputElement).value.startsWith('data:image/png'),
    );
    await shot('s1-01-create-drawer');
    await page.getByRole('button', { name: '保存' }).click();

    // … lands on 添加应用能力: 网页应用 → 添加
    await page.waitForURL(/\/capabilities$/);
    expect(await heading()).toContain('添加应用能力');
    await shot('s1-02-add-capability');
    await page.locator('[data-capability="webapp"]').getByRole('button', { name: '添加' }).click();
    await page.waitForURL(/\/webapp$/);
    expect(await heading()).toContain('网页应用');

    // 3.2 凭证与基础信息: AppKey, AppSecret (after 查看), AgentId, CorpId
    await page.getByRole('link', { name: '凭证与基础信息' }).click();
    expect(await page.locator('#cred-secret').count()).toBe(0);
    const appKey = await text('#cred-appkey');
    const agentId = Number(await text('#cred-agentid'));
    const corpId = await text('#cred-corpid');
    await page.getByRole('button', { name: '查看' }).click();
    const appSecret = await text('#cred-secret');
    expect(page.url()).not.toContain(appSecret);
    await shot('s1-03-credentials');
    expect(appKey).toMatch(/^ding[a-z0-9]{16}$/);
    expect(appSecret.length).toBeGreaterThanOrEqual(40);
    expect(agentId).toBeGreaterThan(0);
    expect(corpId).toBe(sb.defaultTenant.corpId);

    // 3.2 (end) 网页应用: the home URLs the BI shows
    await page.getByRole('link', { name: '网页应用' }).click();
    await page.getByLabel('应用首页地址').fill(`${BI}/dingtalk/mobile?corpId=$CORPID$`);
    await page.getByLabel('PC端首页地址').fill(`${BI}/dingtalk/pc?corpId=$CORPID$`);
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForSelector('.cs-flash.ok');
    expect(await text('.cs-banner')).toContain('版本发布后，当前修改才能生效');

    // 3.3 安全设置: 重定向URL
    await page.getByRole('link', { name: '安全设置' }).click();
    await page.getByLabel('重定向URL：').fill(`${BI}/auth/dingtalk/callback`);
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForSelector('.cs-flash.ok');
    await shot('s3-01-security');

    // 3.3 权限管理: search each point and 申请权限
    await page.getByRole('link', { name: '权限管理' }).click();
    for (const scope of ['qyapi_get_member', 'qyapi_get_department_list', 'qyapi_get_department_member']) {
      const search = page.getByPlaceholder('请输入权限或接口的名称进行搜索');
      await search.fill(scope);
      await search.press('Enter');
      await page.waitForURL(new RegExp(`q=${scope}`));
      const row = page.locator(`tr[data-scope="${scope}"]`);
      expect(await row.textContent()).toContain('未开通');
      await row.getByRole('button', { name: '申请权限' }).click();
      await page.waitForSelector('.cs-flash.ok');
      expect(await page.locator(`tr[data-scope="${scope}"]`).textContent()).toContain('已开通');
    }
    await shot('s3-02-permissions');

    // The result, through the admin API …
    const app = (await (
      await fetch(`${sb.url}/__sandbox/api/tenants/${corpId}/apps/${appKey}`)
    ).json()) as Record<string, unknown>;
    expect(app).toMatchObject({
      name: 'QA BI',
      description: '观远 BI 的 QA 环境',
      appKey,
      appSecret,
      agentId,
      webApp: {
        enabled: true,
        mobileHomeUrl: `${BI}/dingtalk/mobile?corpId=$CORPID$`,
        pcHomeUrl: `${BI}/dingtalk/pc?corpId=$CORPID$`,
      },
      redirectUrls: [`${BI}/auth/dingtalk/callback`],
      scopes: ['qyapi_base', 'qyapi_get_member', 'qyapi_get_department_list', 'qyapi_get_department_member'],
    });
    expect(app.icon).toBe(`data:image/png;base64,${PNG.toString('base64')}`);

    // … and against DingTalk's endpoints: a token, then v2/user/get.
    const token = (await (
      await fetch(`${sb.url}/gettoken?appkey=${appKey}&appsecret=${appSecret}`)
    ).json()) as { access_token: string };
    const user = (await (
      await fetch(`${sb.url}/topapi/v2/user/get?access_token=${token.access_token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userid: 'manager1471' }),
      })
    ).json()) as { errcode: number; result: { userid: string } };
    expect([user.errcode, user.result.userid]).toEqual([0, 'manager1471']);
  });

  it('E1: the journal shows the refusal and links to the scenario; the timeline marks where it broke', async () => {
    const tenant = sb.defaultTenant;
    const lacking = tenant.listApps()[1]!;
    const token = (await (
      await fetch(`${sb.url}/gettoken?appkey=${lacking.appKey}&appsecret=${lacking.appSecret}`)
    ).json()) as {
      access_token: string;
    };
    await fetch(`${sb.url}/topapi/v2/user/get?access_token=${token.access_token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userid: 'manager1471' }),
    });

    await page.goto(`${sb.url}/__sandbox/tenants/${tenant.corpId}/journal`);
    await page.getByLabel('结果 outcome').selectOption('refused');
    await page.getByRole('button', { name: '筛选' }).click();
    const row = page.locator('#journal-table tr[data-outcome="refused"]').first();
    expect(await row.textContent()).toContain('has not been granted the permission point qyapi_get_member');
    await shot('e1-01-journal');

    await row.getByRole('link', { name: 'E1' }).click();
    await page.waitForURL(/\/__sandbox\/scenarios#E1$/);
    expect(await text('tr#E1')).toContain('QR login while the app lacks qyapi_get_member');

    await page.goBack();
    await page
      .locator('#journal-table tr[data-outcome="refused"]')
      .first()
      .getByRole('link', { name: '时间线 →' })
      .click();
    await page.waitForSelector('.cs-flow');
    expect(await text('.cs-flow .flow-verdict')).toBe('中断于 oapi.v2.user.get');
    expect(await page.locator('.cs-flow li.broke .why').textContent()).toContain('qyapi_get_member');
    await shot('e1-02-timeline');
  });
});
