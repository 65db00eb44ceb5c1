/**
 * The scenario table's rows, without I/O: what one run (or one shard) collected per scenario id and
 * project, how shards' rows merge, and the table written from them (JSON rows and Markdown).
 */
import { SCENARIOS } from 'dingtalk-sandbox';

export type Status = 'passed' | 'failed' | 'skipped';

export interface ScenarioRow {
  id: string;
  title: string;
  status: Status;
  project: string;
  screenshot: string | null;
}

/** A row while collecting: the titles of the tests that named the scenario too. */
export type CollectedRow = ScenarioRow & { tests: string[] };

/** What a shard leaves behind for the others (scenarios.shard-<i>-of-<n>.json). */
export interface ShardFile {
  shard: { current: number; total: number };
  projects: string[];
  rows: CollectedRow[];
}

export function titleOf(id: string): string {
  return SCENARIOS.find((s) => s.id === id)?.title ?? id;
}

/** Failed wins over passed, passed over skipped. */
export function mergeStatus(a: Status, b: Status): Status {
  if (a === 'failed' || b === 'failed') return 'failed';
  if (a === 'passed' || b === 'passed') return 'passed';
  return 'skipped';
}

const keyOf = (r: { id: string; project: string }) => `${r.id}\u0000${r.project}`;

/** Folds `row` into `into` (same id and project): status merged, first screenshot kept, tests united. */
export function addRow(into: Map<string, CollectedRow>, row: CollectedRow): void {
  const key = keyOf(row);
  const had = into.get(key);
  if (!had) {
    into.set(key, { ...row, tests: [...row.tests] });
    return;
  }
  had.status = mergeStatus(had.status, row.status);
  had.screenshot ??= row.screenshot;
  for (const t of row.tests) if (!had.tests.includes(t)) had.tests.push(t);
}

/** The rows of several shards as one run's. */
export function mergeShards(files: ShardFile[]): { projects: string[]; rows: CollectedRow[] } {
  const rows = new Map<string, CollectedRow>();
  const projects: string[] = [];
  for (const f of [...files].sort((a, b) => a.shard.current - b.shard.current)) {
    for (const p of f.projects) if (!projects.includes(p)) projects.push(p);
    for (const r of f.rows) addRow(rows, r);
  }
  return { projects, rows: [...rows.values()] };
}

/** The complete table: every catalogue id, per project in the configured order; uncovered ids skipped. */
export function tableRows(collected: CollectedRow[], projects: string[]): ScenarioRow[] {
  const rows: ScenarioRow[] = [];
  for (const s of SCENARIOS) {
    const mine = collected.filter((r) => r.id === s.id);
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
    // Merged blob reports list each project once per shard: one row per project all the same.
    for (const project of new Set(projects)) {
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
  return rows;
}

export function markdown(rows: ScenarioRow[]): string {
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
