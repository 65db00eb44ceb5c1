/**
 * Which Chromium the browser tools use: an explicitly configured one (DINGTALK_SANDBOX_CHROMIUM),
 * else Debian's, else Playwright's own (undefined). Playwright cannot download browsers on these
 * machines, so Debian's is the usual one; its flags keep it off the network.
 *
 * For headless runs (the conformance suite, the browser tests) Debian's headless shell
 * (`chromium-headless-shell`, the "old headless" build Playwright itself uses for headless runs)
 * when installed: the full browser in headless mode cost 1.7× the CPU of the shell on the same
 * conformance run (143 s against 83 s, decision 0016 part 3) — its browser process alone ~2.6×, and
 * it starts about three times as many renderer processes. Same engine and version; a window
 * (`--headed`, the CLI's client window) needs the full browser: DINGTALK_SANDBOX_CHROMIUM=/usr/bin/chromium.
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

const DEBIAN_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The Chromium to launch; `headless` prefers Debian's headless shell when it is installed. */
export function chromiumPath({ headless = false }: { headless?: boolean } = {}): string | undefined {
  const explicit = process.env.DINGTALK_SANDBOX_CHROMIUM;
  if (explicit) return explicit;
  if (headless && existsSync(DEBIAN_HEADLESS_SHELL)) return DEBIAN_HEADLESS_SHELL;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/** Launch options for a headless Playwright chromium.launch / `use.launchOptions`. */
export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  const executablePath = chromiumPath({ headless: true });
  return { ...(executablePath ? { executablePath } : {}), args: [...CHROMIUM_ARGS] };
}
