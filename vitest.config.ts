import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'contract', include: ['test/contract/**/*.test.ts'] } },
      { extends: true, test: { name: 'examples', include: ['test/examples/**/*.test.ts'] } },
      // Fuzz and soak (scripts/fuzz.ts, scripts/soak.ts, short runs) over real sockets to a child process.
      { extends: true, test: { name: 'robustness', include: ['test/robustness/**/*.test.ts'] } },
      // Real Chromium (Debian's) driven by Playwright as a library; one file at a time keeps 2 cores sane.
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          fileParallelism: false,
        },
      },
      // The reference BI (conformance/reference-bi): its client, sync, messaging, crash safety, browser walkthrough.
      {
        extends: true,
        test: {
          name: 'bi',
          include: ['conformance/reference-bi/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
    testTimeout: 20_000,
  },
});
