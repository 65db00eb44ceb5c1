import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('../../mock-server/src/heap-tuning.ts', import.meta.url));

/** A fresh node process that keeps 300,000 small objects alive, tuned or not; its young generation before and after. */
function growYoungGeneration(tuned: boolean): { before: number; after: number } {
  const script = `
    const { keepYoungGenerationSmall, youngGenerationSize } = await import(${JSON.stringify(MODULE)});
    const before = youngGenerationSize();
    if (${tuned}) keepYoungGenerationSmall();
    const kept = [];
    for (let i = 0; i < 300000; i++) kept.push({ i, s: 'v' + i });
    process.stdout.write(JSON.stringify({ before, after: youngGenerationSize(), kept: kept.length }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as { before: number; after: number };
}

describe('keepYoungGenerationSmall (decision 0011)', () => {
  it('stops V8 from growing the young generation when objects survive, which it otherwise does', () => {
    const untuned = growYoungGeneration(false);
    const tuned = growYoungGeneration(true);
    expect(untuned.after).toBeGreaterThan(untuned.before);
    expect(tuned.after).toBe(tuned.before);
    expect(tuned.after).toBeLessThan(untuned.after);
  });
});
