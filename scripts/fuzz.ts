/**
 * The fuzzer: malformed requests over real sockets to a sandbox in a child process, over every
 * DingTalk route, the admin API, the console and the login pages. Checks: the process never dies,
 * nothing hangs, no 5xx no fault rule asked for, every answer in its host's envelope, no stack trace
 * or file path in a body, no error-level log line (every request here is a client's mistake).
 *
 *   npx tsx scripts/fuzz.ts [--short] [--count N] [--seed S] [--concurrency C] [--replay FILE]
 *
 * Prints its seed; a failing case is saved to test-results/fuzz/<seed>.json and `--replay FILE`
 * sends the saved cases again to a fresh sandbox. `npm run fuzz` sends 10,000; `--short` 2,000.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { caseArbitrary, expectedAnswers, render, type FuzzCase } from './robustness/cases.ts';
import { REPO, startChild, type SandboxChild } from './robustness/child.ts';
import {
  createScratch,
  dingTalkTargets,
  readFixture,
  sandboxTargets,
  type Fixture,
} from './robustness/targets.ts';
import { judge } from './robustness/verdict.ts';
import { exchange } from './robustness/wire.ts';

export interface FuzzOptions {
  count: number;
  seed?: number;
  concurrency?: number;
  /** How long a case may take to be answered or closed before it counts as a hang. */
  deadlineMs?: number;
  /** Saved cases to send instead of generated ones. */
  replay?: FuzzCase[];
  log?: (line: string) => void;
}

export interface Failure {
  index: number;
  case: FuzzCase;
  problems: string[];
}

export interface FuzzReport {
  seed: number;
  cases: number;
  /** HTTP requests sent (a pipelined case sends several). */
  requests: number;
  answers: number;
  byKind: Record<string, number>;
  /** Answers by who answered: oapi, api, login, admin-api, console, parser (Node's refusals). */
  bySurface: Record<string, number>;
  targets: { total: number; hit: number; missed: string[] };
  crashed: string | null;
  hangs: number;
  fiveXx: number;
  wrongEnvelope: number;
  leaks: number;
  errorLogLines: string[];
  failures: Failure[];
  savedTo: string | null;
  wallMs: number;
  /** CPU time of the sandbox process (user+sys), ms. */
  sandboxCpuMs: number;
  /** CPU time of this process (generation, sockets, checks), ms. */
  fuzzerCpuMs: number;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
  const concurrency = options.concurrency ?? 8;
  const deadlineMs = options.deadlineMs ?? 15_000;
  const targets = [...dingTalkTargets(), ...sandboxTargets()];
  const pages = targets.filter((t) => t.page);
  const cases = options.replay ?? fc.sample(caseArbitrary(targets), { seed, numRuns: options.count });
  log(
    `fuzz: seed ${seed}, ${cases.length} cases over ${targets.length} routes${options.replay ? ' (replay)' : ''}`,
  );

  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const child = await startChild();
  const fixture = await readFixture(child.url);
  const values = valuesOf(fixture, child);
  const report: FuzzReport = {
    seed,
    cases: cases.length,
    requests: 0,
    answers: 0,
    byKind: {},
    bySurface: {},
    targets: { total: targets.length, hit: 0, missed: [] },
    crashed: null,
    hangs: 0,
    fiveXx: 0,
    wrongEnvelope: 0,
    leaks: 0,
    errorLogLines: [],
    failures: [],
    savedTo: null,
    wallMs: 0,
    sandboxCpuMs: 0,
    fuzzerCpuMs: 0,
  };
  const hit = new Set<string>();
  const inFlight = new Map<number, string[]>();
  let next = 0;
  let errorsSeen = 0;
  const fail = (index: number, problems: string[]) => {
    const existing = report.failures.find((f) => f.index === index);
    if (existing) existing.problems.push(...problems);
    else report.failures.push({ index, case: cases[index]!, problems });
  };

  const worker = async () => {
    while (next < cases.length && child.exited === null) {
      const index = next++;
      const c = cases[index]!;
      if (index > 0 && index % 500 === 0) await keepScratch(child.url, fixture, values);
      const requestIds: string[] = [];
      inFlight.set(index, requestIds);
      const bytes = c.requests.map((r) => render(r, values));
      const chunks = c.slow ? split(bytes.join(''), c.slow.pieces) : bytes;
      const result = await exchange(
        child.port,
        {
          chunks,
          delayMs: c.slow?.delayMs,
          methods: c.requests.map((r) => r.method),
          expected: expectedAnswers(c),
        },
        deadlineMs,
      );
      const verdict = judge(c, result, { values, pages, redirectOrigins: fixture.redirectOrigins });
      requestIds.push(...verdict.requestIds);
      report.requests += c.requests.length;
      report.answers += result.responses.length;
      report.byKind[c.kind] = (report.byKind[c.kind] ?? 0) + c.requests.length;
      for (const s of verdict.answered) report.bySurface[s] = (report.bySurface[s] ?? 0) + 1;
      hit.add(c.target);
      if (result.hang) report.hangs++;
      if (verdict.problems.some((p) => p.includes('5xx'))) report.fiveXx++;
      if (verdict.problems.some((p) => /stack|file path/.test(p))) report.leaks++;
      if (verdict.problems.some((p) => !/5xx|stack|file path|hang/.test(p))) report.wrongEnvelope++;
      if (verdict.problems.length) fail(index, verdict.problems);
      attributeErrorLines();
      inFlight.delete(index);
    }
  };
  /** New error-level lines: to the case whose answer carries the line's request id, else to all in flight. */
  const attributeErrorLines = () => {
    while (errorsSeen < child.errorLines.length) {
      const line = child.errorLines[errorsSeen++]!;
      report.errorLogLines.push(line.raw.slice(0, 2000));
      const owner = [...inFlight].find(([, ids]) => line.requestId && ids.includes(line.requestId));
      for (const [index] of owner ? [owner] : inFlight)
        fail(index, [`error-level log line: ${line.raw.slice(0, 300)}`]);
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  // A crash shows as the process gone; let a last log line or exit arrive.
  await new Promise((r) => setTimeout(r, 200));
  attributeErrorLines();
  if (child.exited !== null) {
    report.crashed = child.exited;
    for (const [index] of inFlight) fail(index, [`the sandbox process died (${child.exited})`]);
  }
  report.targets.hit = targets.filter((t) => hit.has(t.id)).length;
  report.targets.missed = targets.filter((t) => !hit.has(t.id)).map((t) => t.id);
  report.sandboxCpuMs = cpuOf(child.pid);
  await child.stop();
  const cpu = process.cpuUsage(cpu0);
  report.fuzzerCpuMs = Math.round((cpu.user + cpu.system) / 1000);
  report.wallMs = Math.round(performance.now() - started);
  if (report.failures.length) {
    const dir = join(REPO, 'test-results', 'fuzz');
    mkdirSync(dir, { recursive: true });
    report.savedTo = join(dir, `${seed}.json`);
    writeFileSync(report.savedTo, JSON.stringify({ seed, failures: report.failures }, null, 2));
  }
  printReport(report, log);
  return report;
}

function valuesOf(f: Fixture, child: SandboxChild): Record<string, string> {
  return {
    port: String(child.port),
    corpId: f.corpId,
    appKey: f.appKey,
    appSecret: f.appSecret,
    agentId: f.agentId,
    userid: f.userid,
    unionid: f.unionid,
    token: f.token,
    scratchCorpId: f.scratchCorpId,
    scratchAppKey: f.scratchAppKey,
    robotToken: f.robotToken,
  };
}

/** The scratch tenant may be deleted by a case: another one takes its place. */
async function keepScratch(url: string, fixture: Fixture, values: Record<string, string>): Promise<void> {
  const r = await fetch(`${url}/__sandbox/api/tenants/${fixture.scratchCorpId}`);
  if (r.ok) return;
  const scratch = await createScratch(url);
  fixture.scratchCorpId = values.scratchCorpId = scratch.corpId;
  fixture.scratchAppKey = values.scratchAppKey = scratch.appKey;
}

function split(bytes: string, pieces: number): string[] {
  const size = Math.ceil(bytes.length / pieces);
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}

/** user+sys CPU of a process so far, ms (/proc/<pid>/stat, clock ticks of 10 ms). */
export function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function printReport(r: FuzzReport, log: (l: string) => void): void {
  log(
    `fuzz: seed ${r.seed} — ${r.requests} requests in ${r.cases} cases, ${r.answers} answers, ${(r.wallMs / 1000).toFixed(1)} s wall`,
  );
  log(`  by kind     ${JSON.stringify(r.byKind)}`);
  log(`  answered by ${JSON.stringify(r.bySurface)}`);
  log(
    `  routes hit  ${r.targets.hit}/${r.targets.total}${r.targets.missed.length && r.targets.missed.length <= 20 ? ` (missed: ${r.targets.missed.join(', ')})` : ''}`,
  );
  log(`  cpu         sandbox ${r.sandboxCpuMs} ms, fuzzer ${r.fuzzerCpuMs} ms (user+sys)`);
  log(
    `  crashes ${r.crashed ? 1 : 0} · hangs ${r.hangs} · 5xx ${r.fiveXx} · wrong envelope ${r.wrongEnvelope} · leaks ${r.leaks} · error log lines ${r.errorLogLines.length}`,
  );
  for (const f of r.failures.slice(0, 10))
    log(`  case ${f.index} (${f.case.kind}, ${f.case.target}): ${f.problems.join('; ')}`);
  if (r.savedTo)
    log(`  failing cases saved: ${r.savedTo} (replay: npx tsx scripts/fuzz.ts --replay ${r.savedTo})`);
}

export function failed(r: FuzzReport): boolean {
  return r.failures.length > 0 || r.crashed !== null || r.errorLogLines.length > 0;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean' },
      count: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      replay: { type: 'string' },
    },
  });
  const replay = values.replay
    ? (JSON.parse(readFileSync(values.replay, 'utf8')) as { seed: number; failures: Failure[] })
    : undefined;
  const report = await runFuzz({
    count: values.count ? Number(values.count) : values.short ? 2_000 : 10_000,
    seed: replay?.seed ?? (values.seed ? Number(values.seed) : undefined),
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
    replay: replay?.failures.map((f) => f.case),
  });
  process.exitCode = failed(report) ? 1 : 0;
}
