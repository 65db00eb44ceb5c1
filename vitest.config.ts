import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Speed (docs/decisions/0017-npm-test-on-both-cores.md): one worker per core (vitest's default
// leaves one core idle), and files of a project share one worker's module cache (isolate: false)
// unless they change process-wide state: nock's interceptors stay installed once imported, so the
// files that use nock run isolated (examples, bi-nock). Every file starts its own sandbox or tenant.
export default defineConfig({
  // The package's public names (dingtalk-sandbox, dingtalk-sandbox/playwright) resolve to the source, as
  // tsconfig.json's paths say, not to a build that may be missing or stale (docs/decisions/0018).
  resolve: { tsconfigPaths: true },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'contract', include: ['test/contract/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'examples', include: ['test/examples/**/*.test.ts'] } },
      // Fuzz and soak (scripts/fuzz.ts, scripts/soak.ts, short runs) over real sockets to a child process.
      { extends: true, test: { name: 'robustness', include: ['test/robustness/**/*.test.ts'] } },
      // DingTalk's real hostnames from unmodified clients (curl, python3, java, node) through TLS,
      // the register hook and the proxy: each file spawns its clients against an in-process sandbox.
      { extends: true, test: { name: 'reach', include: ['test/reach/**/*.test.ts'], testTimeout: 60_000 } },
      // Real Chromium (Debian's) driven by Playwright as a library; one file at a time keeps 2 cores sane,
      // after the other projects (a group of its own: one worker).
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          fileParallelism: false,
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
      // The reference BI (conformance/reference-bi): its client, sync, messaging, crash safety, browser walkthrough.
      {
        extends: true,
        test: {
          name: 'bi',
          include: ['conformance/reference-bi/test/**/*.test.ts'],
          exclude: ['conformance/reference-bi/test/client.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          isolate: false,
        },
      },
      // The BI's client against nock's wire variants, isolated.
      { extends: true, test: { name: 'bi-nock', include: ['conformance/reference-bi/test/client.test.ts'] } },
    ],
    maxWorkers: availableParallelism(),
    testTimeout: 20_000,
  },
});
