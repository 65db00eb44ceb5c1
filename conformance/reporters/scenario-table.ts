/**
 * A Playwright reporter that writes, after each run, the scenario table CI shows at a glance:
 * playwright-report/scenarios.json — one `{id, title, status, project, screenshot}` per scenario id
 * and project — and playwright-report/scenarios.md. Ids come from test titles ("L1 …").
 * A catalogue id no test covers is listed as skipped with "(no test)", and said so on stderr.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { SCENARIOS } from '../../mock-server/src/scenarios/catalogue.ts';
import { scenarioIdsIn } from '../../mock-server/src/scenarios/ids.ts';

type Status = 'passed' | 'failed' | 'skipped';

export interface ScenarioRow {
  id: string;
  title: string;
  status: Status;
  project: string;
  screenshot: string | null;
}

export default class ScenarioTableReporter implements Reporter {
  private readonly rows = new Map<string, ScenarioRow & { tests: string[] }>();
  private projects: string[] = [];
  private outDir = 'playwright-report';

  constructor(options: { outputDir?: string } = {}) {
    if (options.outputDir) this.outDir = options.outputDir;
  }

  onBegin(config: FullConfig, _suite: Suite): void {
    this.projects = config.projects.map((p) => p.name);
    // Relative to where the run was started (the repository root for `npm test`).
    this.outDir = resolve(this.outDir);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project()?.name ?? '';
    const status: Status =
      result.status === 'passed' ? 'passed' : result.status === 'skipped' ? 'skipped' : 'failed';
    // A retried test counts by its final result.
    const final = test.outcome() === 'flaky' ? 'passed' : status;
    const shot = result.attachments.find((a) => a.contentType === 'image/png' && a.path);
    for (const id of scenarioIdsIn(test.title)) {
      const key = `${id}\u0000${project}`;
      const row = this.rows.get(key) ?? {
        id,
        title: titleOf(id),
        status: 'skipped' as Status,
        project,
        screenshot: null,
        tests: [],
      };
      row.status = merge(row.status, final);
      if (shot?.path && !row.screenshot) row.screenshot = relative(this.outDir, shot.path);
      if (!row.tests.includes(test.title)) row.tests.push(test.title);
      this.rows.set(key, row);
    }
  }

  onEnd(): void {
    const covered = new Set([...this.rows.values()].map((r) => r.id));
    const rows: ScenarioRow[] = [];
    for (const s of SCENARIOS) {
      const mine = [...this.rows.values()].filter((r) => r.id === s.id);
      if (mine.length === 0) {
        rows.push({
          id: s.id,
          title: `${s.title} (no test)`,
          status: 'skipped',
          project: '',
          screenshot: null,
        });
        continue;
      }
      for (const project of this.projects) {
        const r = mine.find((m) => m.project === project);
        if (r)
          rows.push({
            id: r.id,
            title: r.title,
            status: r.status,
            project: r.project,
            screenshot: r.screenshot,
          });
      }
    }
    mkdirSync(this.outDir, { recursive: true });
    writeFileSync(join(this.outDir, 'scenarios.json'), `${JSON.stringify(rows, null, 2)}\n`);
    writeFileSync(join(this.outDir, 'scenarios.md'), markdown(rows));
    const missing = SCENARIOS.filter((s) => !covered.has(s.id)).map((s) => s.id);
    if (missing.length > 0) process.stderr.write(`scenario table: no test covers ${missing.join(', ')}\n`);
    const failed = rows.filter((r) => r.status === 'failed').length;
    const passed = rows.filter((r) => r.status === 'passed').length;
    process.stdout.write(
      `scenario table: ${passed} passed, ${failed} failed of ${rows.length} rows → ${join(this.outDir, 'scenarios.md')}\n`,
    );
  }

  printsToStdio(): boolean {
    return false;
  }
}

function titleOf(id: string): string {
  return SCENARIOS.find((s) => s.id === id)?.title ?? id;
}

function merge(a: Status, b: Status): Status {
  if (a === 'failed' || b === 'failed') return 'failed';
  if (a === 'passed' || b === 'passed') return 'passed';
  return 'skipped';
}

function markdown(rows: ScenarioRow[]): string {
  const icon = { passed: '✅', failed: '❌', skipped: '⏭️' } as const;
  const lines = [
    '# Scenarios',
    '',
    '| id | scenario | project | status | screenshot |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.id} | ${r.title.replace(/\|/g, '\\|')} | ${r.project || '—'} | ${icon[r.status]} ${r.status} | ${r.screenshot ? `[png](${r.screenshot})` : ''} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
