/**
 * The fuzzer's short run in `npm test` (scripts/fuzz.ts; `npm run fuzz` for 10,000): 2,000 malformed
 * requests over real sockets to a sandbox in a child process. Seed: FUZZ_SEED or a fixed one, printed;
 * failing cases are saved under test-results/fuzz/ for `npx tsx scripts/fuzz.ts --replay FILE`.
 */
import { expect, it } from 'vitest';
import { runFuzz } from '../../scripts/fuzz.ts';

it(
  '2,000 malformed requests over every route, the admin API and the console: no crash, hang, 5xx, wrong envelope, leak or error log line',
  { timeout: 180_000 },
  async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 14;
    const lines: string[] = [];
    const r = await runFuzz({ count: 2_000, seed, log: (l) => lines.push(l) });
    console.log(lines.join('\n'));
    expect(r.requests).toBeGreaterThanOrEqual(2_000);
    expect(r.targets.missed).toEqual([]);
    expect(r.crashed).toBeNull();
    expect(r.hangs).toBe(0);
    expect(r.fiveXx).toBe(0);
    expect(r.wrongEnvelope).toBe(0);
    expect(r.leaks).toBe(0);
    expect(r.errorLogLines).toEqual([]);
    expect(r.failures.map((f) => `${f.case.kind} ${f.case.target}: ${f.problems.join('; ')}`)).toEqual([]);
  },
);
