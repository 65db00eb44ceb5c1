/** Real Chromium for browser tests (see mock-server/src/chromium.ts for which one and why). */
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../../mock-server/src/chromium.ts';

export { CHROMIUM_ARGS, chromiumPath } from '../../mock-server/src/chromium.ts';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ ...chromiumLaunchOptions(), headless: true });
}
