/**
 * E5 from the console alone: an in-app code exchanged once (免登, L4) is replayed from the journal
 * (重放) with the same code; DingTalk's 40078 不存在的临时授权码 comes back and the second call is in
 * the journal, linked to E5, its reason saying the code was already used. The code is never shown.
 */
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { launchChromium } from '../helpers/browser.ts';

describe('E5: replay a used in-app code from the journal', () => {
  let browser: Browser;
  let sb: RunningSandbox;
  let page: Page;

  beforeAll(async () => {
    [browser, sb] = await Promise.all([launchChromium(), startSandbox({ port: 0 })]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), sb?.stop()]);
  });

  const json = async (method: string, path: string, body?: unknown) =>
    (await (
      await fetch(`${sb.url}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      })
    ).json()) as Record<string, unknown>;

  it('E5: 重放 on a getuserinfo entry answers 40078 and journals the second call, linked to E5', async () => {
    const corpId = sb.defaultTenant.corpId;
    const app = sb.defaultTenant.listApps()[0]!;
    const issued = await json('POST', `/__sandbox/api/tenants/${corpId}/inapp-codes`, {
      appKey: app.appKey,
      userid: 'manager1471',
    });
    const code = String(issued.code);
    const { access_token: token } = await json(
      'GET',
      `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`,
    );
    const first = await json('POST', `/topapi/v2/user/getuserinfo?access_token=${String(token)}`, { code });
    expect(first.errcode).toBe(0);

    await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/journal?route=oapi.v2.user.getuserinfo`);
    const row = page.locator('#journal-table tbody tr').first();
    expect(await row.getAttribute('data-outcome')).toBe('ok');
    await row.getByRole('button', { name: /重放/ }).click();

    await page.waitForURL(/\/journal$/);
    const flash = (await page.locator('.cs-flash').textContent()) ?? '';
    expect(flash).toContain('"errcode":40078');
    expect(flash).toContain('不存在的临时授权码');
    expect(await page.content()).not.toContain(code);

    const replayed = page.locator('#journal-table tbody tr', { hasText: 'oapi.v2.user.getuserinfo' }).first();
    expect(await replayed.getAttribute('data-outcome')).toBe('refused');
    expect(await replayed.textContent()).toContain('40078');
    expect(await replayed.textContent()).toContain('already used');
    expect(await replayed.locator('a.cs-scn').allTextContents()).toEqual(['E5']);
  });
});
