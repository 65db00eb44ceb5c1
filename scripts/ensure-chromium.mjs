#!/usr/bin/env node
// Makes sure a Chromium exists for the browser tests: an explicitly configured one wins
// (DINGTALK_SANDBOX_CHROMIUM); otherwise Debian's /usr/bin/chromium, installed with apt-get when
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
if (existsSync('/usr/bin/chromium')) process.exit(0);
const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!root) {
  console.error(
    'Chromium is missing: run `sudo apt-get install -y chromium fonts-noto-cjk`, or set DINGTALK_SANDBOX_CHROMIUM.',
  );
  process.exit(1);
}
console.error('installing Debian chromium and fonts-noto-cjk for the browser tests…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk', { stdio: 'inherit', env });
