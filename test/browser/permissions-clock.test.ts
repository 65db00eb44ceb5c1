/**
 * 权限管理 and the tenant clock in Chromium at 1280 px: the permission table fits (申请权限 on
 * screen), points every app holds say 默认开通, and a moved clock shows a banner on every page of the
 * tenant until 恢复真实时间 (X2).
 */
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { launchChromium } from '../helpers/browser.ts';

describe('权限管理 and the clock banner at 1280 px', () => {
  let browser: Browser;
  let sb: RunningSandbox;
  let page: Page;
  let corpId: string;

  beforeAll(async () => {
    [browser, sb] = await Promise.all([launchChromium(), startSandbox({ port: 0 })]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    corpId = sb.defaultTenant.corpId;
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), sb?.stop()]);
  });

  it('S3 权限管理 fits 1280 px: every 申请权限 button is inside the viewport, nothing scrolls sideways', async () => {
    const app = sb.defaultTenant.listApps().find((a) => a.name === '新建应用')!;
    await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/apps/${app.appKey}/permissions`);
    const buttons = page.getByRole('button', { name: '申请权限' });
    expect(await buttons.count()).toBeGreaterThan(3);
    for (const box of await Promise.all((await buttons.all()).map((b) => b.boundingBox()))) {
      expect(box).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  });

  it('qyapi_base is 已开通 · 默认开通 on a new app; gettoken is listed under 无需权限', async () => {
    const app = sb.defaultTenant.listApps().find((a) => a.name === '新建应用')!;
    await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/apps/${app.appKey}/permissions`);
    const row = page.locator('tr[data-scope="qyapi_base"]');
    expect(await row.textContent()).toContain('已开通');
    expect(await row.textContent()).toContain('默认开通');
    expect(await row.textContent()).not.toContain('未开通');
    expect(await page.locator('#no-scope-apis').textContent()).toContain('GET /gettoken');
  });

  it('X2 a moved clock shows a banner on every page of the tenant; 恢复真实时间 removes it', async () => {
    await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/clock`);
    expect(await page.locator('#clock-banner').count()).toBe(0);
    await page.getByRole('button', { name: /\+2 小时 1 秒/ }).click();
    await page.waitForURL(/\/clock$/);
    for (const where of ['clock', 'apps', 'journal']) {
      await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/${where}`);
      const banner = page.locator('#clock-banner');
      expect(await banner.textContent()).toContain('2 小时 0 分 1 秒');
      expect(await banner.locator('a').getAttribute('href')).toBe(`/__sandbox/tenants/${corpId}/clock`);
    }
    await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/clock`);
    await page.getByRole('button', { name: /恢复真实时间/ }).click();
    await page.waitForURL(/\/clock$/);
    expect(await page.locator('#clock-banner').count()).toBe(0);
    expect(Math.abs(sb.defaultTenant.clock.now() - Date.now())).toBeLessThan(1000);
  });
});
