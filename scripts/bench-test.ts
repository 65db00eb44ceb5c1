/**
 * How long `npm test` takes, step by step: runs exactly its phases and jobs (scripts/test.mjs) and
 * prints each job's wall time and CPU time (user+sys of its process tree), the total against the
 * 3-minute target, how busy the cores were, and the load average before and after (other work on
 * the machine disturbs the wall times; CPU time much less). A benchmark, not a test.
 *   npm run bench:test [-- --skip conformance,mutation | --only eslint,typecheck] [--json FILE]
 * Measured figures and what changed them: docs/decisions/0017-npm-test-on-both-cores.md.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { runPhases, summary } from './test.mjs';

const TARGET_S = 180;

function names(flag: string): Set<string> | null {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? new Set((process.argv[i + 1] ?? '').split(',')) : null;
}
const only = names('--only');
const skip = names('--skip');
const jsonAt = process.argv.indexOf('--json');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const cores = availableParallelism();
const loadBefore = load();
const started = performance.now();
const { ok, results } = await runPhases({
  select: (job: { name: string }) => (!only || only.has(job.name)) && !skip?.has(job.name),
});
const wall = (performance.now() - started) / 1000;
const loadAfter = load();

const cpu = results.every((r) => r.cpu !== null) ? results.reduce((s, r) => s + (r.cpu ?? 0), 0) : null;
const partial = only !== null || skip !== null;
const lines = [
  '',
  `npm test, step by step (${cores} cores; load average 1/5/15 min before ${loadBefore}, after ${loadAfter})`,
  summary(results, wall).trimEnd(),
  `target: whole npm test ≤ ${TARGET_S} s → ${wall.toFixed(1)} s ${wall <= TARGET_S ? 'within' : 'OVER'}${partial ? ' (partial run: not every step ran)' : ''}`,
  cpu === null
    ? 'CPU time: n/a (needs Linux /proc)'
    : `cores busy on average: ${(cpu / wall).toFixed(2)} of ${cores} (CPU ${cpu.toFixed(1)} s / wall ${wall.toFixed(1)} s)`,
  ok ? '' : 'a step failed: the figures stop there',
];
process.stdout.write(lines.join('\n') + '\n');
if (jsonAt >= 0) {
  const file = process.argv[jsonAt + 1]!;
  writeFileSync(
    file,
    JSON.stringify(
      {
        cores,
        loadBefore,
        loadAfter,
        wall,
        cpu,
        targetS: TARGET_S,
        partial,
        ok,
        results: results.map(({ output: _o, ...r }) => r),
      },
      null,
      2,
    ),
  );
}
process.exitCode = ok ? 0 : 1;
