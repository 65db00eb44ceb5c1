#!/usr/bin/env node
// `npm test`: every check and suite CI runs (docs/decisions/0017-npm-test-on-both-cores.md).
// Phases run in order and stop after the first that fails. The jobs of one phase are independent
// and run side by side, at most one per core, longest first; each job's output is printed in one
// block when it ends, so concurrent jobs never interleave. A phase of one job prints live.
// At the end: each job's wall time and CPU time (user+sys of its whole process tree, Linux only).
//   node scripts/test.mjs                         what `npm test` runs
//   node scripts/test.mjs --skip a,b | --only a,b  by job name (for trying things; CI runs all)
import { spawn } from 'node:child_process';
import { readFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A job is one or more commands run one after the other (binaries from node_modules/.bin).
 * `typecheck` checks every source, mock-server/src included, so the build phase's tsc only emits
 * (`--noCheck` still reports declaration-emit errors); `npm run build` on its own still checks.
 */
export const PHASES = [
  { name: 'setup', jobs: [{ name: 'chromium', cmds: [['node', 'scripts/ensure-chromium.mjs']] }] },
  {
    name: 'static checks and build',
    jobs: [
      { name: 'eslint', cmds: [['eslint', '.']] },
      { name: 'typecheck', cmds: [['tsc', '-p', 'tsconfig.json']] },
      // The cache keys on each file's content, prettier's version and options: right on a clean clone.
      { name: 'prettier', cmds: [['prettier', '--check', '--cache', '--cache-strategy', 'content', '.']] },
      {
        name: 'build',
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
function runJob(job, live) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--measure', JSON.stringify(job.cmds)],
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

/** `--measure`: run the commands in order (stop at the first failure), then report our children's CPU. */
async function measure(cmds) {
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

/**
 * Runs the phases; `select(job)` says which jobs run. Resolves to every job's result and whether
 * all passed. `print` receives what to show (the default writes to stdout).
 */
export async function runPhases({ select = () => true, print = (s) => process.stdout.write(s) } = {}) {
  const results = [];
  for (const phase of PHASES) {
    const jobs = phase.jobs.filter(select);
    if (jobs.length === 0) continue;
    const live = jobs.length === 1;
    print(`\n▶ ${phase.name}: ${jobs.map((j) => j.name).join(', ')}\n`);
    const pending = [...jobs];
    const done = [];
    const worker = async () => {
      for (let job = pending.shift(); job; job = pending.shift()) {
        if (live) print(`  $ ${commandLine(job)}\n`);
        const r = await runJob(job, live);
        const mark = r.code === 0 ? '✓' : `✗ exit ${r.code}`;
        print(`── ${job.name} ${mark} · ${seconds(r.wall).trim()} wall · ${seconds(r.cpu).trim()} CPU`);
        print(
          live
            ? '\n'
            : ` ── ${commandLine(job)}\n${r.output}${r.output && !r.output.endsWith('\n') ? '\n' : ''}`,
        );
        done.push(r);
      }
    };
    const width = Math.min(jobs.length, Math.max(1, availableParallelism()));
    await Promise.all(Array.from({ length: width }, worker));
    results.push(...done);
    const failed = done.filter((r) => r.code !== 0);
    if (failed.length > 0) {
      print(`\n✗ ${phase.name} failed: ${failed.map((r) => r.name).join(', ')} (later phases not run)\n`);
      return { ok: false, results };
    }
  }
  return { ok: true, results };
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
    await measure(JSON.parse(process.argv[3]));
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
