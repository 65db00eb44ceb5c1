import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/sequencer.ts';

// Speed (docs/decisions/0017-npm-test-on-both-cores.md): one worker per core (vitest's default
// leaves one core idle), and one project whose files share a worker's module cache (isolate: false):
// a project is a module graph of its own, so each project a worker ran paid the sandbox's import
// again (~2–3 s each; seven projects cost 13 s more CPU than one). Every file starts its own sandbox,
// tenant, BI or child process, and none changes process-wide state (process.env, globals, fake
// timers) — except the files that use nock, whose interceptors stay installed once imported and
// leave net connect disabled: they run isolated, in a project of their own.
// To run a part: `npx vitest run test/unit test/contract` (path filters).
const NOCK = [
  'test/examples/intercept.test.ts',
  'test/examples/intercept-stream.test.ts',
  'conformance/reference-bi/test/client.test.ts',
];

export default defineConfig({
  // The package's public names (dingtalk-sandbox, dingtalk-sandbox/playwright) resolve to the source, as
  // tsconfig.json's paths say, not to a build that may be missing or stale (docs/decisions/0018).
  resolve: { tsconfigPaths: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          // unit, contract (the sandbox in process), examples (the package and its CLI), robustness
          // (fuzz and soak, short runs, against a child process), reach (DingTalk's hostnames from
          // unmodified clients: curl, python3, java, node), browser (Debian's Chromium through
          // Playwright as a library), and the reference BI's own tests (conformance/reference-bi).
          include: [
            'test/{unit,contract,examples,robustness,reach,browser}/**/*.test.ts',
            'conformance/reference-bi/test/**/*.test.ts',
          ],
          exclude: NOCK,
          isolate: false,
          // Spawned clients, browsers and the BI's start-up can take long on a loaded machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { extends: true, test: { name: 'nock', include: NOCK } },
    ],
    maxWorkers: availableParallelism(),
    // The slowest files first (test/sequencer.ts).
    sequence: { sequencer: LongestFirst },
  },
});
