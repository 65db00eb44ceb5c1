/**
 * Web QR login in real Chromium: the login page, the simulated phone in a second page, and a
 * throwaway BI callback — L1 (new generation), L2 (legacy), the phone's cancel and expiry states,
 * consent then skipped, and DTFrameLogin's iframe. No sleeps: every wait is on a visible state.
 */
import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../mock-server/src/domain/apps/apps.ts';
import type { Tenant } from '../../mock-server/src/domain/tenancy/tenant.ts';
import { openAsDingTalkClient } from '../../mock-server/src/client-shim/playwright.ts';
import { defaultSnapshot } from '../../mock-server/src/snapshots.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { startBi, type BiServer } from '../helpers/bi-callback.ts';
import { launchChromium } from '../helpers/browser.ts';

let browser: Browser;
let sb: RunningSandbox;
let bi: BiServer;
let context: BrowserContext;
let tenant: Tenant;
let app: App;

beforeAll(async () => {
  [browser, sb, bi] = await Promise.all([
    launchChromium(),
    startSandbox({ port: 0, loginPollMs: 200 }),
    startBi(),
  ]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), sb?.stop(), bi?.close()]);
});
beforeEach(async () => {
  // A tenant per test: consent, sessions and codes never leak between tests.
  tenant = sb.sandbox.addTenant(defaultSnapshot(), { fresh: true });
  app = tenant.listApps()[0]!;
  app.redirectUrls.push(bi.callbackUrl);
  context = await browser.newContext({ locale: 'zh-CN' });
});
afterEach(async () => {
  await context?.close();
});

function authorizeUrl(extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    client_id: app.appKey,
    redirect_uri: bi.callbackUrl,
    response_type: 'code',
    scope: 'openid',
    state: 'st-1',
    ...extra,
  });
  return `${sb.url}/oauth2/auth?${q.toString()}`;
}

/** Open the phone on the QR's scan URL and scan as `userid`. */
async function scanAs(login: Page, userid: string): Promise<Page> {
  const href = await login.locator('[data-scan-link]').getAttribute('href');
  const phone = await context.newPage();
  await phone.goto(href!);
  await phone.locator('select[name=userid]').selectOption(userid);
  await phone.getByRole('button', { name: '扫码' }).click();
  await phone.getByText('单点登录').waitFor();
  return phone;
}

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(`${sb.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await r.json()) as Record<string, unknown>;
}

describe('web QR login in Chromium', () => {
  it('L1 new generation: QR → phone scans and confirms → BI callback with authCode, code, state → token → users/me', async () => {
    const login = await context.newPage();
    await login.goto(authorizeUrl());
    await login.locator('.app-qr-login-page svg').waitFor();
    expect(await login.title()).toBe('钉钉统一身份认证');
    await login.getByText('继续使用').waitFor();
    const phone = await scanAs(login, 'manager1471');
    await login.getByText('扫码成功').waitFor();
    await login.getByText('请在手机上确认登录').waitFor();
    await phone.getByRole('button', { name: '登录', exact: true }).click();
    await login.waitForURL(`${bi.callbackUrl}?**`);
    const url = new URL(login.url());
    const code = url.searchParams.get('authCode')!;
    expect(code).toMatch(/^[0-9a-f]{32}$/);
    expect(url.searchParams.get('code')).toBe(code);
    expect(url.searchParams.get('state')).toBe('st-1');
    await login.getByRole('heading', { name: 'BI callback' }).waitFor();

    const token = await postJson('/v1.0/oauth2/userAccessToken', {
      clientId: app.appKey,
      clientSecret: app.appSecret,
      code,
      grantType: 'authorization_code',
    });
    const me = await fetch(`${sb.url}/v1.0/contact/users/me`, {
      headers: { 'x-acs-dingtalk-access-token': String(token.accessToken) },
    });
    expect(((await me.json()) as { nick: string }).nick).toBe(tenant.directory.getUser('manager1471')!.name);
  });

  it('L2 legacy generation: qrconnect → phone → callback with code → getuserinfo_bycode (signed) → getbyunionid', async () => {
    const login = await context.newPage();
    const q = new URLSearchParams({
      appid: app.appKey,
      response_type: 'code',
      scope: 'snsapi_login',
      state: 'legacy-1',
      redirect_uri: bi.callbackUrl,
    });
    await login.goto(`${sb.url}/connect/qrconnect?${q.toString()}`);
    await login.getByText('请使用钉钉扫描二维码登录').waitFor();
    await login.locator('.login_qrcode_img svg').waitFor();
    const phone = await scanAs(login, 'manager1471');
    await login.getByText('扫码成功').waitFor();
    await phone.getByRole('button', { name: '登录', exact: true }).click();
    await login.waitForURL(`${bi.callbackUrl}?**`);
    const url = new URL(login.url());
    expect(url.searchParams.get('state')).toBe('legacy-1');
    const code = url.searchParams.get('code')!;

    const ts = String(tenant.clock.now());
    const sig = encodeURIComponent(createHmac('sha256', app.appSecret).update(ts).digest('base64'));
    const info = await postJson(
      `/sns/getuserinfo_bycode?accessKey=${app.appKey}&timestamp=${ts}&signature=${sig}`,
      {
        tmp_auth_code: code,
      },
    );
    expect(info).toMatchObject({ errcode: 0 });
    const unionid = (info.user_info as { unionid: string }).unionid;
    const corp = await fetch(
      `${sb.url}/gettoken?appkey=${app.appKey}&appsecret=${encodeURIComponent(app.appSecret)}`,
    );
    const { access_token } = (await corp.json()) as { access_token: string };
    const byUnion = await postJson(`/topapi/user/getbyunionid?access_token=${access_token}`, { unionid });
    expect(byUnion).toMatchObject({ errcode: 0, result: { userid: 'manager1471' } });
  });

  it('cancel on the phone shows 已取消登录 on the login page and the phone', async () => {
    const login = await context.newPage();
    await login.goto(authorizeUrl());
    const phone = await scanAs(login, 'manager1471');
    await phone.getByRole('button', { name: '取消登录' }).click();
    await phone.getByText('已取消登录').waitFor();
    await login.getByText('已取消登录').waitFor();
    expect(new URL(login.url()).pathname).toBe('/oauth2/challenge.htm');
  });

  it('expiry by the tenant clock shows 二维码已失效; 刷新 gives a new QR that logs in', async () => {
    const login = await context.newPage();
    await login.goto(authorizeUrl({ state: 'after-refresh' }));
    const box = login.locator('[data-qr-box]');
    const firstSid = await box.getAttribute('data-sid');
    tenant.clock.advance(181_000);
    await login.getByText('二维码已失效').waitFor();
    await login.getByRole('button', { name: '刷新' }).first().click();
    await login.locator('[data-qr-box][data-state=waiting]').waitFor();
    const secondSid = await box.getAttribute('data-sid');
    expect(secondSid).not.toBe(firstSid);
    const phone = await scanAs(login, 'manager1471');
    await phone.getByRole('button', { name: '登录', exact: true }).click();
    await login.waitForURL(`${bi.callbackUrl}?**`);
    expect(new URL(login.url()).searchParams.get('state')).toBe('after-refresh');
  });

  it('consent with prompt=consent: 同意 then the callback; the second login skips the consent page', async () => {
    const first = await context.newPage();
    await first.goto(authorizeUrl({ prompt: 'consent', state: 'c1' }));
    let phone = await scanAs(first, 'manager1471');
    await phone.getByRole('button', { name: '登录', exact: true }).click();
    await first.getByText('想要访问你的账号').waitFor();
    await first.getByText('获取你的个人基本信息').waitFor();
    await first.locator('.module-consent-submit-agree').click();
    await first.waitForURL(`${bi.callbackUrl}?**`);
    expect(new URL(first.url()).searchParams.get('authCode')).toBeTruthy();

    const second = await context.newPage();
    await second.goto(authorizeUrl({ prompt: 'consent', state: 'c2' }));
    phone = await scanAs(second, 'manager1471');
    await phone.getByRole('button', { name: '登录', exact: true }).click();
    await second.waitForURL(`${bi.callbackUrl}?**`);
    expect(new URL(second.url()).searchParams.get('state')).toBe('c2');
    const continues = tenant.journal.query({ route: 'login.oauth2.continue' });
    expect(continues.map((e) => e.status)).toEqual([200, 302]);
  });

  it('DTFrameLogin (sandbox ddlogin.js) embeds the QR in an iframe and hands the authCode to onSuccess', async () => {
    const page = await context.newPage();
    const q = new URLSearchParams({
      sandbox: sb.url,
      client_id: app.appKey,
      redirect_uri: bi.callbackUrl,
      response_type: 'code',
      scope: 'openid',
      state: 'frame-1',
    });
    await page.goto(`${bi.url}/embed?${q.toString()}`);
    const frame = page.frameLocator('#login iframe');
    await frame.locator('[data-qr-box] svg').waitFor();
    const href = await frame.locator('[data-scan-link]').getAttribute('href');
    const phone = await context.newPage();
    await phone.goto(href!);
    await phone.locator('select[name=userid]').selectOption('manager1471');
    await phone.getByRole('button', { name: '扫码' }).click();
    await phone.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText(/^ok [0-9a-f]{32} frame-1$/).waitFor();
    expect(new URL(page.url()).pathname).toBe('/embed');
  });

  it('L6 inside the DingTalk client (client shim): consent, 同意, then the callback — no QR', async () => {
    const client = await openAsDingTalkClient(browser, {
      sandboxUrl: sb.url,
      corpId: tenant.corpId,
      appKey: app.appKey,
      userid: 'manager1471',
      platform: 'ios',
    });
    try {
      const page = client.page;
      await page.goto(authorizeUrl({ prompt: 'consent', state: 'in-client' }));
      await page.getByText('想要访问你的账号').waitFor();
      expect(await page.locator('svg').count()).toBe(0);
      await page.locator('.module-consent-submit-agree').click();
      await page.waitForURL(`${bi.callbackUrl}?**`);
      const url = new URL(page.url());
      expect(url.searchParams.get('state')).toBe('in-client');
      expect(tenant.authCodes.peek(url.searchParams.get('authCode')!)?.userid).toBe('manager1471');
    } finally {
      await client.context.close();
    }
  });

  it('E4 inside the DingTalk client: a wrong client_id leaves a blank page, and the journal says why', async () => {
    const client = await openAsDingTalkClient(browser, {
      sandboxUrl: sb.url,
      corpId: tenant.corpId,
      appKey: app.appKey,
      userid: 'manager1471',
      platform: 'android',
    });
    try {
      await client.page.goto(authorizeUrl({ client_id: 'dingwrongclientid000', prompt: 'consent' }));
      expect(await client.page.locator('body').innerText()).toBe('');
      expect(new URL(client.page.url()).pathname).toBe('/oauth2/auth');
      const entry = sb.sandbox.unattributed.query({ route: 'login.oauth2.auth' }).at(-1)!;
      expect(entry.reason).toContain('inside the DingTalk client');
      expect(entry.reason).toContain('dingwrongclientid000');
    } finally {
      await client.context.close();
    }
  });
});
