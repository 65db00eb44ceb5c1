import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FullConfig, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import ScenarioTableReporter, { type ScenarioRow } from '../../conformance/reporters/scenario-table.ts';
import { SCENARIOS } from '../../mock-server/src/scenarios/catalogue.ts';
import { scenarioIdsIn } from '../../mock-server/src/scenarios/ids.ts';

function fakeTest(
  title: string,
  project: string,
  outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped' = 'expected',
): TestCase {
  return {
    title,
    parent: { project: () => ({ name: project }) },
    outcome: () => outcome,
  } as unknown as TestCase;
}
const result = (status: TestResult['status'], attachments: TestResult['attachments'] = []) =>
  ({ status, attachments }) as TestResult;

describe('scenario table reporter', () => {
  it('finds scenario ids in test titles', () => {
    expect(scenarioIdsIn('L1 web QR login signs the bound user in')).toEqual(['L1']);
    expect(scenarioIdsIn('[L4, L5] in-app login; not L9 nor XL1')).toEqual(['L4', 'L5']);
  });

  it('writes one row per scenario and project, failed wins, uncovered ids are listed as skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scen-'));
    const r = new ScenarioTableReporter({ outputDir: dir });
    r.onBegin(
      { projects: [{ name: 'desktop-web' }, { name: 'dingtalk-pc' }], rootDir: dir } as unknown as FullConfig,
      {} as Suite,
    );
    r.onTestEnd(
      fakeTest('L1 signs in', 'desktop-web'),
      result('passed', [
        { name: 'screenshot', contentType: 'image/png', path: join(dir, 'shots', 'l1.png') },
      ]),
    );
    r.onTestEnd(fakeTest('E1 shows 登录失败', 'desktop-web'), result('passed'));
    r.onTestEnd(fakeTest('E1 and the hint', 'desktop-web', 'unexpected'), result('failed'));
    r.onTestEnd(fakeTest('L4 in the PC client', 'dingtalk-pc'), result('passed'));
    r.onEnd();
    const rows = JSON.parse(readFileSync(join(dir, 'scenarios.json'), 'utf8')) as ScenarioRow[];
    expect(rows.find((x) => x.id === 'L1')).toEqual({
      id: 'L1',
      title: SCENARIOS.find((x) => x.id === 'L1')!.title,
      status: 'passed',
      project: 'desktop-web',
      screenshot: 'shots/l1.png',
    });
    expect(rows.find((x) => x.id === 'E1')?.status).toBe('failed');
    expect(rows.find((x) => x.id === 'L4')?.project).toBe('dingtalk-pc');
    expect(rows.find((x) => x.id === 'A3')).toMatchObject({
      status: 'skipped',
      title: expect.stringContaining('(no test)'),
    });
    expect(new Set(rows.map((x) => x.id))).toEqual(new Set(SCENARIOS.map((s) => s.id)));
    expect(readFileSync(join(dir, 'scenarios.md'), 'utf8')).toContain(
      `| E1 | ${SCENARIOS.find((x) => x.id === 'E1')!.title.replace(/\|/g, '\\|')} | desktop-web | ❌ failed |`,
    );
  });
});
