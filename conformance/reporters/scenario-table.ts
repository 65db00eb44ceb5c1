/**
 * A Playwright reporter that writes, after each run, the scenario table CI shows at a glance:
 * playwright-report/scenarios.json — one `{id, title, status, project, screenshot}` per scenario id
 * and project — and playwright-report/scenarios.md. Ids come from test titles ("L1 …").
 * A catalogue id no test covers is listed as skipped with "(no test)", and said so on stderr.
 *
 * A run in which no test ended (`--list`, everything filtered out) writes nothing: the last table
 * stays. A shard (`--shard=i/n`) writes only its own rows, scenarios.shard-i-of-n.json; the shard that
 * finds all n files in the folder writes the merged table and removes them. Shards on other machines:
 * copy their scenarios.shard-*.json into one folder and run one of them again, or merge their blob
 * reports with this reporter (README, "Sharded runs").
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { SCENARIOS, scenarioIdsIn } from 'dingtalk-sandbox';
import {
  addRow,
  markdown,
  mergeShards,
  tableRows,
  titleOf,
  type CollectedRow,
  type ShardFile,
  type Status,
} from './scenario-rows.ts';

export type { ScenarioRow } from './scenario-rows.ts';

const SHARD_FILE = /^scenarios\.shard-(\d+)-of-(\d+)\.json$/;

export default class ScenarioTableReporter implements Reporter {
  private readonly rows = new Map<string, CollectedRow>();
  private projects: string[] = [];
  private shard: { current: number; total: number } | null = null;
  private ended = 0;
  private outDir = 'playwright-report';

  constructor(options: { outputDir?: string } = {}) {
    if (options.outputDir) this.outDir = options.outputDir;
  }

  onBegin(config: FullConfig, _suite: Suite): void {
    this.projects = config.projects.map((p) => p.name);
    this.shard = config.shard ?? null;
    // Relative to where the run was started (the repository root for `npm test`).
    this.outDir = resolve(this.outDir);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.ended++;
    const project = test.parent.project()?.name ?? '';
    const status: Status =
      result.status === 'passed' ? 'passed' : result.status === 'skipped' ? 'skipped' : 'failed';
    // A retried test counts by its final result.
    const final = test.outcome() === 'flaky' ? 'passed' : status;
    const shot = result.attachments.find((a) => a.contentType === 'image/png' && a.path);
    for (const id of scenarioIdsIn(test.title)) {
      addRow(this.rows, {
        id,
        title: titleOf(id),
        status: final,
        project,
        screenshot: shot?.path ? relative(this.outDir, shot.path) : null,
        tests: [test.title],
      });
    }
  }

  onEnd(): void {
    if (this.ended === 0) {
      process.stdout.write('scenario table: no test ran; the last table is left as it was\n');
      return;
    }
    mkdirSync(this.outDir, { recursive: true });
    let collected = { projects: this.projects, rows: [...this.rows.values()] };
    if (this.shard) {
      const { current, total } = this.shard;
      const mine: ShardFile = { shard: this.shard, projects: this.projects, rows: collected.rows };
      writeFileSync(this.shardPath(current, total), `${JSON.stringify(mine, null, 2)}\n`);
      const files = this.shardFiles(total);
      if (files.length < total) {
        process.stdout.write(
          `scenario table: shard ${current} of ${total} → ${this.shardPath(current, total)}; ` +
            `the table is written once all ${total} shards are in ${this.outDir}\n`,
        );
        return;
      }
      collected = mergeShards(files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as ShardFile));
    }
    this.write(tableRows(collected.rows, collected.projects));
    // Whole runs and merged shards leave no shard files behind to be merged into a later run.
    for (const name of readdirSync(this.outDir))
      if (SHARD_FILE.test(name)) rmSync(join(this.outDir, name), { force: true });
  }

  printsToStdio(): boolean {
    return false;
  }

  private shardPath(current: number, total: number): string {
    return join(this.outDir, `scenarios.shard-${current}-of-${total}.json`);
  }

  /** This sharding's files present in the folder (one per shard number, 1..total). */
  private shardFiles(total: number): string[] {
    return readdirSync(this.outDir)
      .map((name) => SHARD_FILE.exec(name))
      .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === total && Number(m[1]) <= total)
      .map((m) => join(this.outDir, m[0]));
  }

  private write(rows: ReturnType<typeof tableRows>): void {
    writeFileSync(join(this.outDir, 'scenarios.json'), `${JSON.stringify(rows, null, 2)}\n`);
    writeFileSync(join(this.outDir, 'scenarios.md'), markdown(rows));
    const covered = new Set(rows.filter((r) => r.project !== '').map((r) => r.id));
    const missing = SCENARIOS.filter((s) => !covered.has(s.id)).map((s) => s.id);
    if (missing.length > 0) process.stderr.write(`scenario table: no test covers ${missing.join(', ')}\n`);
    const failed = rows.filter((r) => r.status === 'failed').length;
    const passed = rows.filter((r) => r.status === 'passed').length;
    process.stdout.write(
      `scenario table: ${passed} passed, ${failed} failed of ${rows.length} rows → ${join(this.outDir, 'scenarios.md')}\n`,
    );
  }
}
