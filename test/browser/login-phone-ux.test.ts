/**
 * The simulated phone is easy to find and to use (L1, L2): under the QR code, the
 * `沙箱：打开模拟手机扫码` link is a visible button-like link, not 12 px grey text; the phone's user list
 * has a user selected, so 扫码 at once scans instead of showing the browser's English validation bubble.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { launchChromium } from '../helpers/browser.ts';

let browser: Browser;
let sb: RunningSandbox;
let context: BrowserContext;

beforeAll(async () => {
  [browser, sb] = await Promise.all([launchChromium(), startSandbox({ port: 0 })]);
  context = await browser.newContext({ locale: 'zh-CN' });
});
afterAll(async () => {
  await context?.close();
  await Promise.all([browser?.close(), sb?.stop()]);
});

const app = () => sb.defaultTenant.listApps()[0]!;

/** The scan link's look: size, colours and box. */
async function linkLook(page: Page) {
  const link = page.locator('[data-scan-link]');
  await link.waitFor();
  return link.evaluate((a) => {
    const s = getComputedStyle(a);
    const r = a.getBoundingClientRect();
    return {
      fontSize: parseFloat(s.fontSize),
      color: s.color,
      background: s.backgroundColor,
      border: parseFloat(s.borderTopWidth),
      height: r.height,
      width: r.width,
    };
  });
}

function expectProminent(look: Awaited<ReturnType<typeof linkLook>>) {
  expect(look.fontSize).toBeGreaterThanOrEqual(14);
  expect(look.color).not.toBe('rgb(162, 163, 164)'); // not the footer grey #a2a3a4
  const filled = look.background !== 'rgba(0, 0, 0, 0)';
  expect(filled || look.border >= 1, 'a button-like box (background or border)').toBe(true);
  expect(look.height).toBeGreaterThanOrEqual(30);
}

async function scanWithoutChoosing(href: string): Promise<Page> {
  const phone = await context.newPage();
  await phone.goto(href);
  const select = phone.locator('select[name=userid]');
  const state = await select.evaluate((s: HTMLSelectElement) => ({
    valid: s.checkValidity(),
    selected: s.selectedOptions.length,
  }));
  expect(state).toEqual({ valid: true, selected: 1 });
  await phone.getByRole('button', { name: '扫码' }).click();
  await phone.getByText('单点登录').waitFor();
  return phone;
}

describe('the simulated phone, found and used at once (L1, L2)', () => {
  it('L1: the QR card’s 沙箱：打开模拟手机扫码 is a prominent button; the phone scans with the preselected user', async () => {
    const login = await context.newPage();
    const q = new URLSearchParams({
      client_id: app().appKey,
      redirect_uri: app().redirectUrls[0]!,
      response_type: 'code',
      scope: 'openid',
      state: 's',
    });
    await login.goto(`${sb.url}/oauth2/auth?${q.toString()}`);
    expectProminent(await linkLook(login));
    const phone = await scanWithoutChoosing((await login.locator('[data-scan-link]').getAttribute('href'))!);
    expect(await phone.locator('.phone-confirm .hint').textContent()).toContain('正在登录');
    await phone.close();
    await login.close();
  });

  it('L2: the legacy qrconnect page’s link is prominent too, and its phone scans at once', async () => {
    const login = await context.newPage();
    const q = new URLSearchParams({
      appid: app().appKey,
      redirect_uri: app().redirectUrls[0]!,
      response_type: 'code',
      scope: 'snsapi_login',
      state: 's',
    });
    await login.goto(`${sb.url}/connect/qrconnect?${q.toString()}`);
    expectProminent(await linkLook(login));
    const phone = await scanWithoutChoosing((await login.locator('[data-scan-link]').getAttribute('href'))!);
    await phone.close();
    await login.close();
  });
});
