/**
 * 登录设置 in Chromium: each radio button (账号密码, 钉钉) sits right beside its label text, on the
 * same line — not floating above it as a column-stacked form field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBi, type RunningBi } from '../../src/app.ts';
import { dingTalkHosts } from '../../src/config.ts';
import { launchChromium } from '../../../../test/helpers/browser.ts';

describe('登录设置 layout', () => {
  let browser: Browser;
  let bi: RunningBi;
  let dir: string;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reference-bi-radios-'));
    browser = await launchChromium();
    bi = await startBi({
      port: 0,
      dbPath: join(dir, 'bi.sqlite'),
      dingtalk: dingTalkHosts('http://127.0.0.1:9'),
      logLevel: 'silent',
      bootstrap: {
        users: [{ username: 'admin', displayName: '系统管理员', password: 'admin123', role: 'admin' }],
      },
    });
    page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await bi?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each 默认登录方式 radio is on its label’s line, within a few px of the label text', async () => {
    await page.goto(`${bi.url}/login`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'admin123');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('.user-name')).toBe('系统管理员');
    await page.goto(`${bi.url}/admin/login-settings`);

    const boxes = await page.$$eval('input[type=radio][name=method]', (radios) =>
      radios.map((r) => {
        const label = r.closest('label')!;
        const range = document.createRange();
        const text = [...label.childNodes].filter((n) => n.nodeType === 3 && n.textContent!.trim()).pop()!;
        range.selectNodeContents(text);
        const t = range.getBoundingClientRect();
        const b = r.getBoundingClientRect();
        return {
          text: text.textContent!.trim(),
          gap: t.left - b.right,
          dy: Math.abs(t.top + t.height / 2 - (b.top + b.height / 2)),
        };
      }),
    );
    expect(boxes.map((b) => b.text)).toEqual(['账号密码', '钉钉']);
    for (const b of boxes) {
      expect(b.gap, `${b.text}: gap between radio and text`).toBeGreaterThanOrEqual(0);
      expect(b.gap, `${b.text}: gap between radio and text`).toBeLessThanOrEqual(12);
      expect(b.dy, `${b.text}: vertical offset`).toBeLessThanOrEqual(4);
    }
  });
});
