#!/usr/bin/env node
// Makes sure a Chromium exists for the browser tests: an explicitly configured one wins
// (DINGTALK_SANDBOX_CHROMIUM); otherwise Debian's /usr/bin/chromium and its headless shell (what the
// headless runs launch: it costs far less CPU, decision 0016 part 3), installed with apt-get when
// missing and we are root (Playwright cannot download its own browsers on these machines).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const explicit = process.env.DINGTALK_SANDBOX_CHROMIUM;
if (explicit) {
  if (!existsSync(explicit)) {
    console.error(`DINGTALK_SANDBOX_CHROMIUM=${explicit} does not exist`);
    process.exit(1);
  }
  process.exit(0);
}
const hasChromium = existsSync('/usr/bin/chromium');
if (hasChromium && existsSync('/usr/bin/chromium-headless-shell')) process.exit(0);
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
if (hasChromium) {
  // Everything works without the shell (the full browser runs headless), only at a higher CPU cost.
  if (!root) {
    console.error('hint: `sudo apt-get install -y chromium-headless-shell` makes the browser tests cheaper.');
    process.exit(0);
  }
  console.error('installing Debian chromium-headless-shell for the headless browser runs…');
  try {
    execSync('apt-get install -y -qq chromium-headless-shell', { stdio: 'inherit', env });
  } catch {
    console.error('could not install chromium-headless-shell: the full browser runs headless instead.');
  }
  process.exit(0);
}
if (!root) {
  console.error(
    'Chromium is missing: run `sudo apt-get install -y chromium chromium-headless-shell fonts-noto-cjk`, or set DINGTALK_SANDBOX_CHROMIUM.',
  );
  process.exit(1);
}
console.error('installing Debian chromium, its headless shell and fonts-noto-cjk for the browser tests…');
execSync('apt-get update -qq && apt-get install -y -qq chromium chromium-headless-shell fonts-noto-cjk', {
  stdio: 'inherit',
  env,
});
