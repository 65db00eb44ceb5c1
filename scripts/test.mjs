#!/usr/bin/env node
// `npm test`: every check and suite CI runs (docs/decisions/0017-npm-test-on-both-cores.md).
// Phases run in order and stop after the first that fails. The jobs of one phase are independent
// and run side by side, at most one per core, longest first; each job's output is printed in one
// block when it ends, so concurrent jobs never interleave. A phase of one job prints live. The
// static checks run beside the phases at the lowest CPU priority (BACKGROUND below).
// At the end: each job's wall time and CPU time (user+sys of its whole process tree, Linux only).
//   node scripts/test.mjs                         what `npm test` runs
//   node scripts/test.mjs --skip a,b | --only a,b  by job name (for trying things; CI runs all)
import { spawn } from 'node:child_process';
import { readFileSync, writeSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A job is one or more commands run one after the other (binaries from node_modules/.bin).
 * The phases run in order; a later phase needs what an earlier one made (vitest and the conformance
 * suite run the build in dist/).
 */
export const PHASES = [
  { name: 'setup', jobs: [{ name: 'chromium', cmds: [['node', 'scripts/ensure-chromium.mjs']] }] },
  {
    name: 'build',
    jobs: [
      {
        name: 'build',
        // `typecheck` (below) checks every source, mock-server/src included, so this tsc only emits
        // (`--noCheck` still reports declaration-emit errors); `npm run build` on its own still checks.
        cmds: [
          ['tsc', '-p', 'tsconfig.build.json', '--noCheck'],
          ['node', 'scripts/build-cli.mjs'],
        ],
      },
    ],
  },
  { name: 'vitest', jobs: [{ name: 'vitest', cmds: [['vitest', 'run']] }] },
  {
    name: 'conformance',
    jobs: [{ name: 'conformance', cmds: [['playwright', 'test', '-c', 'conformance']] }],
  },
  { name: 'mutation', jobs: [{ name: 'mutation', cmds: [['tsx', 'scripts/mutation-check.ts']] }] },
];

/**
 * The static checks: nothing needs what they make, so they start with the first phase and run
 * beside all of them at the lowest CPU priority (nice 19), on the CPU the phases leave idle — the
 * suites wait on browsers, sockets and child processes now and then (decision 0017, part 4). Their
 * output is printed between phases, one block per job; a failure fails `npm test` without
 * stopping the phases. Longest first.
 */
export const BACKGROUND = [
  { name: 'eslint', cmds: [['eslint', '.']] },
  { name: 'typecheck', cmds: [['tsc', '-p', 'tsconfig.json']] },
  // The cache keys on each file's content, prettier's version and options: right on a clean clone.
  { name: 'prettier', cmds: [['prettier', '--check', '--cache', '--cache-strategy', 'content', '.']] },
];

/** CPU priority of the background jobs: the lowest, so they never slow a phase down. */
const BACKGROUND_NICE = 19;

const env = {
  ...process.env,
  PATH: [join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
};

/** CPU seconds (user+sys) of the waited-for children of this process; null off Linux. */
function childrenCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime (fields 16 and 17 of proc(5)) in USER_HZ, which Linux fixes at 100.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/**
 * Busy and idle CPU seconds of the whole machine so far (/proc/stat), null off Linux. The jobs' own
 * CPU misses what Chromium's re-parented renderer and GPU processes use; the machine's does not.
 */
export function machineTimes() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const idle = f[3] + f[4];
    return { busy: (f.reduce((a, b) => a + b, 0) - idle) / 100, idle: idle / 100 };
  } catch {
    return null;
  }
}

/**
 * Runs one job's commands in a child of this file (`--measure`), which reports the CPU its
 * process tree used on fd 3. `live` shares our stdout/stderr; otherwise output is collected.
 */
function runJob(job, live, nice = 0) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--measure', JSON.stringify(job.cmds), String(nice)],
      {
        cwd: root,
        // Collected output keeps its colours when we print to a terminal.
        env: !live && process.stdout.isTTY && !process.env.NO_COLOR ? { ...env, FORCE_COLOR: '1' } : env,
        stdio: ['inherit', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe', 'pipe'],
      },
    );
    let output = '';
    let report = '';
    if (!live) {
      child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
      child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
    }
    child.stdio[3].setEncoding('utf8').on('data', (d) => (report += d));
    child.on('close', (code, signal) => {
      const cpu = report ? JSON.parse(report).cpu : null;
      resolve({
        name: job.name,
        code: code ?? (signal ? 1 : 0),
        wall: (performance.now() - started) / 1000,
        cpu,
        output,
      });
    });
  });
}

/**
 * `--measure`: run the commands in order (stop at the first failure), then report our children's CPU.
 * `nice` is set on this process first, so every command and its children inherit it.
 */
async function measure(cmds, nice) {
  if (nice) {
    try {
      setPriority(nice);
    } catch {
      // Where a process may not change its priority, the job runs at the usual one: slower, not wrong.
    }
  }
  let code = 0;
  for (const [cmd, ...args] of cmds) {
    code = await new Promise((resolve) => {
      const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
      child.on('error', (e) => {
        console.error(`${cmd}: ${e.message}`);
        resolve(127);
      });
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
    if (code !== 0) break;
  }
  writeSync(3, JSON.stringify({ cpu: childrenCpu() }));
  process.exitCode = code;
}

const seconds = (s) => (s === null ? '   n/a' : `${s.toFixed(1).padStart(5)} s`);
const commandLine = (job) => job.cmds.map((c) => c.join(' ')).join(' && ');

/** The line a job's end is shown with: its name, mark, wall and CPU time. */
function ended(r, job) {
  const mark = r.code === 0 ? '✓' : `✗ exit ${r.code}`;
  return `── ${job.name} ${mark} · ${seconds(r.wall).trim()} wall · ${seconds(r.cpu).trim()} CPU`;
}

/** The block printed when a collected (not live) job ends: that line, its command, its output. */
function block(r, job) {
  const output = `${r.output}${r.output && !r.output.endsWith('\n') ? '\n' : ''}`;
  return `${ended(r, job)} ── ${commandLine(job)}\n${output}`;
}

/** Runs `jobs` side by side, at most one per core, in order; `onEnd(result, job)` as each ends. */
async function sideBySide(jobs, run, onEnd) {
  const pending = [...jobs];
  const done = [];
  const worker = async () => {
    for (let job = pending.shift(); job; job = pending.shift()) {
      const r = await run(job);
      onEnd(r, job);
      done.push(r);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(jobs.length, Math.max(1, availableParallelism())) }, worker),
  );
  return done;
}

/**
 * Runs the phases, and the background jobs beside them; `select(job)` says which jobs run. Resolves
 * to every job's result and whether all passed. `print` receives what to show (the default writes
 * to stdout). A failed phase stops the later phases; the background jobs are still waited for.
 */
export async function runPhases({ select = () => true, print = (s) => process.stdout.write(s) } = {}) {
  const results = [];
  const background = BACKGROUND.filter(select);
  // Blocks of background jobs that ended while a phase printed live: shown at the next boundary.
  const held = [];
  let phaseRunning = false;
  const backgroundDone = sideBySide(
    background,
    (job) => runJob(job, false, BACKGROUND_NICE),
    (r, job) => (phaseRunning ? held.push(block(r, job)) : print(block(r, job))),
  );
  if (background.length > 0)
    print(`\n▶ in the background (nice ${BACKGROUND_NICE}): ${background.map((j) => j.name).join(', ')}\n`);
  const flush = () => print(held.splice(0).join(''));
  let ok = true;
  for (const phase of PHASES) {
    const jobs = phase.jobs.filter(select);
    if (jobs.length === 0) continue;
    const live = jobs.length === 1;
    flush();
    print(`\n▶ ${phase.name}: ${jobs.map((j) => j.name).join(', ')}\n`);
    phaseRunning = live;
    const done = await sideBySide(
      jobs,
      (job) => {
        if (live) print(`  $ ${commandLine(job)}\n`);
        return runJob(job, live);
      },
      (r, job) => print(live ? `${ended(r, job)}\n` : block(r, job)),
    );
    phaseRunning = false;
    results.push(...done);
    const failed = done.filter((r) => r.code !== 0);
    if (failed.length > 0) {
      print(`\n✗ ${phase.name} failed: ${failed.map((r) => r.name).join(', ')} (later phases not run)\n`);
      ok = false;
      break;
    }
  }
  flush();
  const bg = await backgroundDone;
  results.push(...bg);
  const bgFailed = bg.filter((r) => r.code !== 0);
  if (bgFailed.length > 0) print(`\n✗ failed in the background: ${bgFailed.map((r) => r.name).join(', ')}\n`);
  return { ok: ok && bgFailed.length === 0, results };
}

/** One line per job, then the total: wall and CPU (user+sys). */
export function summary(results, totalWall) {
  const lines = results.map(
    (r) =>
      `  ${r.name.padEnd(12)} ${seconds(r.wall)} wall  ${seconds(r.cpu)} CPU  ${r.code === 0 ? '' : '✗'}`,
  );
  const cpu = results.every((r) => r.cpu !== null) ? results.reduce((s, r) => s + r.cpu, 0) : null;
  lines.push(`  ${'total'.padEnd(12)} ${seconds(totalWall)} wall  ${seconds(cpu)} CPU`);
  return lines.join('\n') + '\n';
}

function names(flag) {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? new Set(process.argv[i + 1].split(',')) : null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--measure') {
    await measure(JSON.parse(process.argv[3]), Number(process.argv[4] ?? 0));
  } else {
    const only = names('--only');
    const skip = names('--skip');
    const started = performance.now();
    const t0 = machineTimes();
    const { ok, results } = await runPhases({
      select: (job) => (!only || only.has(job.name)) && !skip?.has(job.name),
    });
    process.stdout.write(`\n${ok ? '✓ npm test passed' : '✗ npm test failed'}\n`);
    process.stdout.write(summary(results, (performance.now() - started) / 1000));
    const t1 = machineTimes();
    if (t0 && t1)
      process.stdout.write(
        `  machine      ${seconds(t1.busy - t0.busy)} busy  ${seconds(t1.idle - t0.idle)} idle (all cores, all processes)\n`,
      );
    process.exitCode = ok ? 0 : 1;
  }
}
