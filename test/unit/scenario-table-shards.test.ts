/**
 * The scenario table across sharded runs (issue 14): shards' rows merge into one table, and a run in
 * which nothing ran (`--list`) or a single shard never replaces a complete table.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FullConfig, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import ScenarioTableReporter, { type ScenarioRow } from '../../conformance/reporters/scenario-table.ts';

const PROJECTS = ['desktop-web', 'dingtalk-pc'];

const fakeTest = (title: string, project: string, outcome = 'expected') =>
  ({ title, parent: { project: () => ({ name: project }) }, outcome: () => outcome }) as unknown as TestCase;
const result = (status: TestResult['status']) => ({ status, attachments: [] }) as unknown as TestResult;

/** One run of the reporter: `tests` as [title, project, status]; `shard` as --shard=i/n would set it. */
function run(
  dir: string,
  tests: [string, string, TestResult['status']][],
  shard: { current: number; total: number } | null = null,
): void {
  const r = new ScenarioTableReporter({ outputDir: dir });
  r.onBegin(
    { projects: PROJECTS.map((name) => ({ name })), rootDir: dir, shard } as unknown as FullConfig,
    {} as Suite,
  );
  for (const [title, project, status] of tests)
    r.onTestEnd(fakeTest(title, project, status === 'passed' ? 'expected' : 'unexpected'), result(status));
  r.onEnd();
}

const table = (dir: string) => JSON.parse(readFileSync(join(dir, 'scenarios.json'), 'utf8')) as ScenarioRow[];
const row = (rows: ScenarioRow[], id: string, project = 'desktop-web') =>
  rows.find((r) => r.id === id && r.project === project);

describe('scenario table across shards', () => {
  it('merges the rows of every shard into one table once all shards are in the folder, then tidies up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scen-shards-'));
    run(
      dir,
      [
        ['L1 signs in', 'desktop-web', 'passed'],
        ['E1 shows 登录失败', 'desktop-web', 'passed'],
      ],
      { current: 1, total: 2 },
    );
    // One shard of two: its rows are kept aside, no table yet.
    expect(existsSync(join(dir, 'scenarios.json'))).toBe(false);
    expect(readdirSync(dir)).toContain('scenarios.shard-1-of-2.json');

    run(
      dir,
      [
        ['E1 and the hint', 'desktop-web', 'failed'],
        ['L4 in the PC client', 'dingtalk-pc', 'passed'],
      ],
      { current: 2, total: 2 },
    );
    const rows = table(dir);
    expect(row(rows, 'L1')?.status).toBe('passed');
    expect(row(rows, 'E1')?.status).toBe('failed'); // passed in shard 1, failed in shard 2
    expect(row(rows, 'L4', 'dingtalk-pc')?.status).toBe('passed');
    expect(row(rows, 'A3', '')?.title).toContain('(no test)');
    expect(readFileSync(join(dir, 'scenarios.md'), 'utf8')).toContain('| L4 |');
    expect(readdirSync(dir).filter((f) => f.startsWith('scenarios.shard-'))).toEqual([]);
  });

  it('merged blob reports (every shard lists the projects again) give one row per scenario and project', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scen-blobs-'));
    const r = new ScenarioTableReporter({ outputDir: dir });
    const projects = [...PROJECTS, ...PROJECTS].map((name) => ({ name }));
    r.onBegin({ projects, rootDir: dir, shard: null } as unknown as FullConfig, {} as Suite);
    r.onTestEnd(fakeTest('X6 outside the allow-list', 'desktop-web'), result('passed'));
    r.onTestEnd(fakeTest('E3 无权限', 'desktop-web'), result('passed'));
    r.onEnd();
    const rows = table(dir).filter((x) => x.project !== '');
    expect(rows.map((x) => `${x.id} ${x.project}`).sort()).toEqual(['E3 desktop-web', 'X6 desktop-web']);
  });

  it('a --list run (no test ended) leaves the complete table as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scen-list-'));
    run(dir, [
      ['L1 signs in', 'desktop-web', 'passed'],
      ['L4 in the PC client', 'dingtalk-pc', 'passed'],
    ]);
    const before = readFileSync(join(dir, 'scenarios.json'), 'utf8');
    const beforeMd = readFileSync(join(dir, 'scenarios.md'), 'utf8');
    run(dir, []);
    expect(readFileSync(join(dir, 'scenarios.json'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'scenarios.md'), 'utf8')).toBe(beforeMd);
    expect(row(table(dir), 'L1')?.status).toBe('passed');
  });

  it('a single shard, or an empty one, never replaces a complete table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scen-one-shard-'));
    run(dir, [
      ['L1 signs in', 'desktop-web', 'passed'],
      ['E1 shows 登录失败', 'desktop-web', 'passed'],
    ]);
    const before = readFileSync(join(dir, 'scenarios.json'), 'utf8');
    run(dir, [['E1 shows 登录失败', 'desktop-web', 'failed']], { current: 1, total: 3 });
    run(dir, [], { current: 2, total: 3 });
    expect(readFileSync(join(dir, 'scenarios.json'), 'utf8')).toBe(before);
    expect(row(table(dir), 'L1')?.status).toBe('passed');
  });
});
