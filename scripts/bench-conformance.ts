/**
 * `npm run bench:conformance`: runs the conformance suite (and, with --mutation, the mutation check)
 * and says how long it took against the targets of issue 14 — a measurement, not a test.
 *
 *   npm run bench:conformance -- [--workers 2,3,4] [--mutation] [--json <file>]
 *
 * For each run: wall time, CPU time of every process it started (user + sys of the runner, its
 * workers and their Chromiums — GNU time's rusage of the waited-for children, so nothing is missed),
 * the load average around it, and per scenario id the tests, their summed and slowest durations
 * (Playwright's JSON reporter). Targets: the suite ≤ 45 s wall; wall ≤ 1.25 × CPU / cores (the run is
 * busy, not waiting). Other work on the machine disturbs both: the load average is printed beside.
 * Exits non-zero only when a test failed (or a mutant survived), never for a missed target.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { scenarioIdsIn } from '../mock-server/src/scenarios/ids.ts';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'test-results', 'bench');
const TIME = '/usr/bin/time';

const TARGET_WALL_S = 45;
const TARGET_RATIO = 1.25;

interface Args {
  workers: number[];
  mutation: boolean;
  json: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { workers: [], mutation: false, json: join(outDir, 'conformance.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--mutation') args.mutation = true;
    else if (a === '--workers') args.workers = (argv[++i] ?? '').split(',').map(Number);
    else if (a === '--json') args.json = argv[++i] ?? args.json;
    else throw new Error(`unknown argument ${a} (--workers 2,3,4, --mutation, --json <file>)`);
  }
  if (args.workers.some((w) => !Number.isInteger(w) || w < 1))
    throw new Error('--workers takes positive integers, e.g. --workers 2,3');
  return args;
}

interface Measured {
  wallS: number;
  userS: number;
  sysS: number;
  exitCode: number;
  load: { before: number[]; after: number[] };
}

/** Runs a command under GNU time: wall and the CPU of every process it started and waited for. */
function measure(cmd: string[], env: NodeJS.ProcessEnv): Measured {
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to count the children's CPU`);
  const timeFile = join(outDir, 'time.txt');
  const before = loadavg();
  const r = spawnSync(TIME, ['-o', timeFile, '-f', '%e %U %S', ...cmd], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const after = loadavg();
  const line = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '';
  const [wallS, userS, sysS] = line.split(' ').map(Number) as [number, number, number];
  return { wallS, userS, sysS, exitCode: r.status ?? 1, load: { before, after } };
}

interface JsonSuite {
  specs?: {
    title: string;
    tests: { projectName: string; results: { duration: number; status: string }[] }[];
  }[];
  suites?: JsonSuite[];
}

interface TestTiming {
  title: string;
  project: string;
  ms: number;
  status: string;
}

function testTimings(report: { suites: JsonSuite[] }): TestTiming[] {
  const out: TestTiming[] = [];
  const walk = (s: JsonSuite) => {
    for (const spec of s.specs ?? [])
      for (const t of spec.tests) {
        const last = t.results.at(-1);
        out.push({
          title: spec.title,
          project: t.projectName,
          ms: last?.duration ?? 0,
          status: last?.status ?? '',
        });
      }
    for (const child of s.suites ?? []) walk(child);
  };
  report.suites.forEach(walk);
  return out;
}

interface ScenarioTiming {
  id: string;
  tests: number;
  totalMs: number;
  maxMs: number;
}

/** Per scenario id: how many tests name it, their summed and their slowest durations. */
function byScenario(tests: TestTiming[]): ScenarioTiming[] {
  const rows = new Map<string, ScenarioTiming>();
  for (const t of tests)
    for (const id of scenarioIdsIn(t.title)) {
      const r = rows.get(id) ?? { id, tests: 0, totalMs: 0, maxMs: 0 };
      r.tests++;
      r.totalMs += t.ms;
      r.maxMs = Math.max(r.maxMs, t.ms);
      rows.set(id, r);
    }
  return [...rows.values()].sort((a, b) => b.totalMs - a.totalMs);
}

const s1 = (ms: number) => (ms / 1000).toFixed(1);
const cores = availableParallelism();

function verdict(m: Measured, wallTarget: number | null): string[] {
  const cpu = m.userS + m.sysS;
  const ratio = m.wallS / (cpu / cores);
  const lines = [
    `wall ${m.wallS.toFixed(1)} s · CPU ${cpu.toFixed(1)} s (user ${m.userS.toFixed(1)} + sys ${m.sysS.toFixed(1)}) · ${cores} cores`,
    `load average ${m.load.before.map((l) => l.toFixed(2)).join(' ')} before, ${m.load.after.map((l) => l.toFixed(2)).join(' ')} after`,
    `wall / (CPU / ${cores}) = ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'met' : 'missed'})`,
  ];
  if (wallTarget !== null)
    lines.push(
      `wall ${m.wallS.toFixed(1)} s vs ${wallTarget} s: ×${(m.wallS / wallTarget).toFixed(2)} (${m.wallS <= wallTarget ? 'met' : 'missed'})`,
    );
  return lines;
}

function runSuite(workers: number | undefined) {
  const json = join(outDir, `conformance-${workers ?? 'default'}w.json`);
  const env = {
    ...process.env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: json,
    ...(workers ? { CONFORMANCE_WORKERS: String(workers) } : {}),
  };
  // The JSON reporter alone: a benchmark run leaves the scenario table and the HTML report alone.
  const m = measure(['npx', 'playwright', 'test', '-c', 'conformance', '--reporter=json'], env);
  const tests = existsSync(json) ? testTimings(JSON.parse(readFileSync(json, 'utf8'))) : [];
  return { workers: workers ?? 'config', measured: m, tests, scenarios: byScenario(tests) };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(outDir, { recursive: true });
  const runs: ReturnType<typeof runSuite>[] = [];
  let failed = false;
  for (const workers of args.workers.length ? args.workers : [undefined]) {
    const run = runSuite(workers);
    runs.push(run);
    const bad = run.tests.filter((t) => t.status !== 'passed' && t.status !== 'skipped');
    failed ||= run.measured.exitCode !== 0 || bad.length > 0;
    const out = [
      `\nconformance suite, workers: ${run.workers} — ${run.tests.length} tests, ${bad.length} not passed`,
      ...verdict(run.measured, TARGET_WALL_S),
      '',
      '| scenario | tests | total s | slowest s |',
      '| --- | ---: | ---: | ---: |',
      ...run.scenarios.map((r) => `| ${r.id} | ${r.tests} | ${s1(r.totalMs)} | ${s1(r.maxMs)} |`),
      '',
      'slowest tests:',
      ...[...run.tests]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 10)
        .map((t) => `  ${s1(t.ms).padStart(5)} s  ${t.project.padEnd(16)} ${t.title.slice(0, 90)}`),
      ...bad.map((t) => `  NOT PASSED (${t.status}): [${t.project}] ${t.title}`),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
  let mutation: Measured | undefined;
  if (args.mutation) {
    mutation = measure(['npx', 'tsx', 'scripts/mutation-check.ts'], process.env);
    failed ||= mutation.exitCode !== 0;
    process.stdout.write(
      `\nmutation check (exit ${mutation.exitCode})\n${verdict(mutation, null).join('\n')}\n`,
    );
  }
  writeFileSync(
    args.json,
    `${JSON.stringify({ cores, targets: { wallS: TARGET_WALL_S, ratio: TARGET_RATIO }, runs, mutation }, null, 2)}\n`,
  );
  process.stdout.write(`\nfigures → ${args.json}\n`);
  if (failed) process.exit(1);
}

main();
