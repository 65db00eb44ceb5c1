/**
 * Real Chromium for browser tests: Debian's build through Playwright's library API (Playwright
 * cannot download its own browsers here). DINGTALK_SANDBOX_CHROMIUM overrides the executable.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export function chromiumPath(): string | undefined {
  const explicit = process.env.DINGTALK_SANDBOX_CHROMIUM;
  if (explicit) return explicit;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}
