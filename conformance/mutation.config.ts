/**
 * The mutation check's Playwright config: one project per broken BI variant (conformance/mutants.ts),
 * each running the tests that must catch it and the controls that must not notice. Run by
 * scripts/mutation-check.ts, which builds the variants first and judges the results.
 */
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from 'dingtalk-sandbox/playwright';
import { MUTANTS } from './mutants.ts';
import type { ConformanceOptions } from './playwright.config.ts';

const launchOptions = chromiumLaunchOptions();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export default defineConfig<ConformanceOptions & { biSource: string; botSource: string; mustFail: string[] }>(
  {
    testDir: './specs',
    outputDir: '../test-results/mutation',
    fullyParallel: true,
    workers: process.env.CONFORMANCE_WORKERS ? Number(process.env.CONFORMANCE_WORKERS) : 3,
    retries: 0,
    timeout: 60_000,
    reporter: [['json', { outputFile: '../test-results/mutation/results.json' }]],
    use: { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', launchOptions },
    projects: MUTANTS.map((m) => ({
      name: m.name,
      testMatch: m.subject === 'bot' ? /bot\/.*\.spec\.ts/ : /web\/.*\.spec\.ts/,
      grep: new RegExp([...m.caughtBy, ...m.controls].map(escape).join('|')),
      // One worker per variant (they run side by side): its few tests share one browser, sandbox and
      // BI load instead of a second worker starting for one or two tests.
      workers: 1,
      use: {
        ...devices['Desktop Chrome'],
        launchOptions,
        ...(m.subject === 'bot'
          ? { botSource: join(import.meta.dirname, '.mutants', m.name, 'src') }
          : { biSource: join(import.meta.dirname, '.mutants', m.name, 'src') }),
        // The catching tests are expected to fail here: their failures keep the worker (no new browser
        // and sandbox after each); a catching test that passes shows as unexpected, and is judged so.
        mustFail: m.caughtBy,
      },
    })),
  },
);
