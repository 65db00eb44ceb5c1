/**
 * Which Chromium the browser tools use: an explicitly configured one (DINGTALK_SANDBOX_CHROMIUM),
 * else Debian's /usr/bin/chromium, else Playwright's own (undefined). Playwright cannot download
 * browsers on these machines, so Debian's is the usual one; its flags keep it off the network.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS: readonly string[] = [
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

/** Launch options for Playwright's chromium.launch / `use.launchOptions`. */
export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  const executablePath = chromiumPath();
  return { ...(executablePath ? { executablePath } : {}), args: [...CHROMIUM_ARGS] };
}
