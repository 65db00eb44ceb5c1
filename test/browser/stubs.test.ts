/**
 * 桩接口 (stubs) in Chromium: the page lists a stub added by the admin API, the form adds one that then
 * answers on its host with the corp's token, a refused definition comes back with the reason and the
 * values typed, and what a stub holds is shown as text (no markup, no script) — docs/stubs.md.
 */
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { launchChromium } from '../helpers/browser.ts';

describe('桩接口 (stubs) in the console', () => {
  let browser: Browser;
  let sb: RunningSandbox;
  let page: Page;
  let corpId: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    [browser, sb] = await Promise.all([launchChromium(), startSandbox({ port: 0 })]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    corpId = sb.defaultTenant.corpId;
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), sb?.stop()]);
  });

  it('lists a stub added by the admin API as text: its <script> body and markup description are not run or rendered', async () => {
    const r = await fetch(`${sb.url}/__sandbox/api/tenants/${corpId}/stubs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'xss',
        description: '<img src=x onerror="alert(1)">',
        host: 'oapi',
        method: 'GET',
        path: '/x/<b>bold</b>',
        response: { body: { html: '<script>alert(2)</script>' } },
      }),
    });
    expect(r.status).toBe(201);
    await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/stubs`);
    expect(await page.locator('.cs-title h1').textContent()).toContain('桩接口');
    const row = page.locator('tr[data-stub="xss"]');
    expect(await row.textContent()).toContain('<script>alert(2)</script>');
    expect(await row.textContent()).toContain('<img src=x onerror="alert(1)">');
    expect(await row.textContent()).toContain('/x/<b>bold</b>');
    expect(await row.locator('img, script, b').count()).toBe(0);
    expect(dialogs).toEqual([]);
    // The nav names the page in Chinese first.
    expect(await page.locator('nav a[href$="/stubs"]').textContent()).toContain('桩接口');
  });

  it('the form adds a stub that answers on oapi with the corp’s token; a bad JSON body comes back refused with the values typed', async () => {
    await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/stubs`);
    await page.locator('#stub-path').fill('/topapi/attendance/getleavestatus');
    await page.locator('#stub-body').fill('{"userid_list": ');
    await page.locator('#stub-response').fill('{"result":{"has_more":false}}');
    await page.getByRole('button', { name: '添加桩接口' }).click();
    await page.waitForURL(/\/stubs$/);
    expect(await page.locator('.cs-flash.error').textContent()).toContain('不是合法的 JSON');
    expect(await page.locator('#stub-path').inputValue()).toBe('/topapi/attendance/getleavestatus');

    await page.locator('#stub-body').fill('{"userid_list":"manager1471"}');
    await page.locator('#stub-id').fill('leave');
    await page.getByRole('button', { name: '添加桩接口' }).click();
    await page.waitForURL(/\/stubs$/);
    expect(await page.locator('tr[data-stub="leave"]').textContent()).toContain(
      'oapi POST /topapi/attendance/getleavestatus',
    );

    const app = sb.defaultTenant.listApps()[0]!;
    const token = (
      (await (
        await fetch(`${sb.url}/gettoken?appkey=${app.appKey}&appsecret=${encodeURIComponent(app.appSecret)}`)
      ).json()) as { access_token: string }
    ).access_token;
    const answer = (await (
      await fetch(`${sb.url}/topapi/attendance/getleavestatus?access_token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userid_list: 'manager1471', offset: 0, size: 20 }),
      })
    ).json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ errcode: 0, errmsg: 'ok', result: { has_more: false } });

    await page.reload();
    expect(await page.locator('tr[data-stub="leave"] td').nth(4).textContent()).toBe('1');
    await page.locator('tr[data-stub="leave"]').getByRole('button', { name: '删除' }).click();
    await page.waitForURL(/\/stubs$/);
    expect(await page.locator('tr[data-stub="leave"]').count()).toBe(0);
  });
});
