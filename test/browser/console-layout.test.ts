/**
 * The console at 1280 px with long values in the data (tokens, URLs, userids, rule descriptions):
 * no page scrolls sideways, long values wrap or are cut with a copy button, and buttons and badges
 * never break inside a word (删/除, 已开/通). Checked in Chromium, on the pages a QA team reads.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { launchChromium } from '../helpers/browser.ts';

const SHOTS = 'test-results/console-layout';
const LONG = 'x'.repeat(40) + 'A'.repeat(200) + '9'.repeat(60);
const LONG_URL = `https://bi.qa.example.test/dingtalk/alerts/${'segment'.repeat(40)}?token=${'t'.repeat(160)}`;

describe('console pages fit 1280 px with long data', () => {
  let browser: Browser;
  let sb: RunningSandbox;
  let page: Page;
  let corpId: string;
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${sb.url}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return (await r.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [browser, sb] = await Promise.all([launchChromium(), startSandbox({ port: 0 })]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    corpId = sb.defaultTenant.corpId;
    const app = sb.defaultTenant.listApps()[0]!;
    const admin = `/__sandbox/api/tenants/${corpId}`;
    // A user with a long userid and e-mail, in the directory and in calls.
    await api('POST', `${admin}/users`, {
      userid: `qa_${'u'.repeat(60)}`,
      name: '测试用户'.repeat(6),
      deptIds: [1],
      email: `${'m'.repeat(80)}@example.test`,
    });
    const { access_token: token } = await api(
      'GET',
      `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`,
    );
    // Refusals whose path, reason and code carry long unbroken values.
    await api('POST', `/topapi/v2/user/get?access_token=${String(token)}&extra=${LONG}`, { userid: LONG });
    await api('GET', `/user/get?access_token=${LONG}&userid=${LONG}`);
    await api('POST', `/topapi/v2/user/getuserinfo?access_token=${String(token)}`, { code: LONG });
    // A work notice whose link is a long URL.
    await api('POST', `/topapi/message/corpconversation/asyncsend_v2?access_token=${String(token)}`, {
      agent_id: app.agentId,
      userid_list: 'manager1471',
      msg: { msgtype: 'link', link: { messageUrl: LONG_URL, picUrl: LONG_URL, title: LONG, text: LONG_URL } },
    });
    // A fault rule with a long description and a long body value.
    await api('POST', `${admin}/faults`, {
      match: { route: 'oapi.v2.user.get', body: { userid: LONG } },
      action: { type: 'status', status: 502, body: LONG },
      times: 'always',
      description: LONG,
    });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), sb?.stop()]);
  });

  const pages = () => ({
    journal: `/__sandbox/tenants/${corpId}/journal`,
    flows: `/__sandbox/tenants/${corpId}/flows`,
    faults: `/__sandbox/tenants/${corpId}/faults`,
    clock: `/__sandbox/tenants/${corpId}/clock`,
    apps: `/__sandbox/tenants/${corpId}/apps`,
    directory: `/__sandbox/tenants/${corpId}/directory?q=qa_`,
    inbox: `/__sandbox/tenants/${corpId}/inbox/manager1471`,
    permissions: `/__sandbox/tenants/${corpId}/permissions`,
    tenants: '/__sandbox/tenants',
  });

  it('journal, flows, faults, clock, apps, directory, inbox … are at most 1280 px wide', async () => {
    const widths: Record<string, number> = {};
    for (const [name, path] of Object.entries(pages())) {
      await page.goto(`${sb.url}${path}`);
      widths[name] = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    }
    const tooWide = Object.fromEntries(Object.entries(widths).filter(([, w]) => w > 1280));
    expect(tooWide).toEqual({});
  });

  it('buttons, tags and outcome badges never break inside a word', async () => {
    const broken: string[] = [];
    for (const [name, path] of Object.entries(pages())) {
      await page.goto(`${sb.url}${path}`);
      const found = await page.$$eval('.cs-btn, .cs-tag, .cs-outcome, .cs-scn, .cs-chip', (els) =>
        els
          .filter((el) => {
            const r = el.getBoundingClientRect();
            if (r.width === 0) return false;
            const lines = el.getClientRects().length;
            const line = parseFloat(getComputedStyle(el).lineHeight) || 20;
            return getComputedStyle(el).whiteSpace !== 'nowrap' && (lines > 1 || r.height > line * 1.6);
          })
          .map((el) => (el.textContent ?? '').trim()),
      );
      broken.push(...found.map((t) => `${name}: ${t}`));
    }
    expect(broken).toEqual([]);
  });

  it('a long value in the journal wraps inside its cell or is cut with a copy button', async () => {
    await page.goto(`${sb.url}${pages().journal}`);
    const overflowing = await page.$$eval('#journal-table td', (cells) =>
      cells.filter((td) => td.scrollWidth > td.clientWidth + 1).map((td) => td.textContent?.slice(0, 60)),
    );
    expect(overflowing).toEqual([]);
    // The 300-character path is cut, its whole value kept for the 复制 button.
    const copy = page.locator('#journal-table tr[data-seq="2"] [data-copy]');
    expect(await copy.textContent()).toBe('复制');
    const whole = await page.locator((await copy.getAttribute('data-copy'))!).textContent();
    expect(whole).toContain(`extra=${LONG}`);
  });
});
