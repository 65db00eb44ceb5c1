/**
 * The conformance suite: every scenario of mock-server/src/scenarios/catalogue.ts against a BI integration (the
 * reference BI by default; another through a target adapter, see conformance/targets/).
 * Browsers: Debian's Chromium (scripts/ensure-chromium.mjs provisions it), or an explicitly
 * configured one through DINGTALK_SANDBOX_CHROMIUM.
 */
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from 'dingtalk-sandbox/playwright';

/** Per-project option: which DingTalk client the in-app specs run in. */
export interface ConformanceOptions {
  dingtalkPlatform: 'pc' | 'ios' | 'android' | undefined;
}

const launchOptions = chromiumLaunchOptions();
/** The describe of V1's Stream half in web/events.spec.ts: run by the bot project. */
const STREAM_EVENTS = /事件订阅: Stream push to the dingtalk-stream SDK/;
const CI = !!process.env.CI;

export default defineConfig<ConformanceOptions>({
  testDir: './specs',
  outputDir: '../test-results/conformance',
  fullyParallel: true,
  // Three slots on two cores: the bot project's one worker mostly waits (its bot is a child process
  // that reconnects, retries and acks in real time), so it runs beside two browser workers that keep
  // both cores busy; the browser projects never take more than two (decision 0016, part 4).
  // CONFORMANCE_WORKERS overrides.
  workers: process.env.CONFORMANCE_WORKERS ? Number(process.env.CONFORMANCE_WORKERS) : 3,
  retries: CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    [CI ? 'dot' : 'list'],
    ['html', { open: 'never', outputFolder: '../playwright-report/html' }],
    ['./reporters/scenario-table.ts', { outputDir: 'playwright-report' }],
    ...(CI ? ([['blob', { outputDir: '../blob-report' }]] as const) : []),
  ],
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions,
  },
  // The bot project first, in its own slot from start to end. Then the in-app projects, one worker
  // each: a project's worker starts its own browser and sandbox and loads the BI, and a second worker
  // for a project of seven short tests cost more than it saved. Two run side by side, then
  // desktop-web's short tests fill those two slots to the end.
  projects: [
    {
      // The bot specs (B1–B10): no browser — the bot under test runs in its own process and people
      // write to it through the admin API (fixtures/bot.ts). One worker: its tests wait on the bot's
      // own timers, not on the CPU. V1's Stream half (web/events.spec.ts, no browser either) runs here
      // too: it uses the same fixtures, so it shares this worker's sandbox instead of a worker of its own.
      name: 'bot',
      testMatch: [/bot\/.*\.spec\.ts/, /web\/events\.spec\.ts/],
      grep: [/ bot\/[\w-]+\.spec\.ts /, STREAM_EVENTS],
      workers: 1,
    },
    {
      name: 'dingtalk-pc',
      testMatch: /in-app\/(pc|common)\/.*\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions, dingtalkPlatform: 'pc' },
      workers: 1,
    },
    {
      name: 'dingtalk-ios',
      testMatch: /in-app\/(mobile|common)\/.*\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions, dingtalkPlatform: 'ios' },
      workers: 1,
    },
    {
      name: 'dingtalk-android',
      testMatch: /in-app\/(mobile|common)\/.*\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions, dingtalkPlatform: 'android' },
      workers: 1,
    },
    {
      name: 'desktop-web',
      testMatch: /web\/.*\.spec\.ts/,
      // One browser context per worker, reset between tests (cookies, cache, storage, pages, routes,
      // init scripts): a new context costs Chromium more than the rest of a short test. Isolation
      // holds because each test has its own BI (its own origin and database) and its own tenant,
      // and no web spec grants permissions, sets geolocation, offline or extra headers, or reads
      // history — what the reset leaves. The in-app projects open their own client contexts.
      use: { ...devices['Desktop Chrome'], launchOptions, reuseContext: true },
      grepInvert: STREAM_EVENTS,
      workers: 2,
    },
  ],
});
