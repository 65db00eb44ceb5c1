import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { launchChromium } from '../helpers/browser.ts';

describe('real Chromium against a listening sandbox', () => {
  let browser: Browser;
  let sb: RunningSandbox;
  beforeAll(async () => {
    [browser, sb] = await Promise.all([launchChromium(), startSandbox({ port: 0 })]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), sb?.stop()]);
  });

  it('shows the legacy envelope for an unknown path, as DingTalk does (errcode 22)', async () => {
    const page = await browser.newPage();
    await page.goto(`${sb.url}/topapi/v2/user/notexist`);
    const body = JSON.parse((await page.textContent('body')) ?? '{}') as { errcode: number };
    expect(body.errcode).toBe(22);
  });
});
