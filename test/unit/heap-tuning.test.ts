import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('../../mock-server/src/heap-tuning.ts', import.meta.url));

/** Runs an ES module body in a fresh node process (heap-tuning.ts imported as `t`) and parses what it prints. */
function inFreshNode<T>(body: string): T {
  const script = `
    const t = await import(${JSON.stringify(MODULE)});
    const kept = [];
    /** Keep n small objects alive: survivors that make V8 grow its young generation (to 32 MB by ~200,000). */
    const survivors = (n) => { for (let i = 0; i < n; i++) kept.push({ i, s: 'v' + i }); };
    ${body}
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as T;
}

describe('a young generation that stops growing (heap-tuning.ts, decision 0011)', () => {
  it('keepYoungGenerationSmall stops V8 growing the young generation as objects survive, which it otherwise does', () => {
    const run = (tuned: boolean) =>
      inFreshNode<{ before: number; after: number }>(`
        const before = t.youngGenerationSize();
        if (${tuned}) t.keepYoungGenerationSmall();
        survivors(300000);
        process.stdout.write(JSON.stringify({ before, after: t.youngGenerationSize() }));
      `);
    const untuned = run(false);
    const tuned = run(true);
    expect(untuned.after).toBeGreaterThan(untuned.before);
    expect(tuned.after).toBe(tuned.before);
    expect(tuned.after).toBeLessThan(untuned.after);
  });

  it('keepYoungGenerationSmallOnceServing lets it grow until the server has answered once, and not after', () => {
    const r = inFreshNode<{ start: number; beforeAnswer: number; afterAnswer: number; end: number }>(`
      const http = await import('node:http');
      const server = http.createServer((_req, res) => res.end('ok'));
      t.keepYoungGenerationSmallOnceServing(server);
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const start = t.youngGenerationSize();
      // Just enough to grow it once (not to its maximum, 32 MB).
      while (t.youngGenerationSize() === start && kept.length < 1000000) survivors(10000);
      const beforeAnswer = t.youngGenerationSize();
      await new Promise((resolve) =>
        http.get('http://127.0.0.1:' + server.address().port + '/', (res) => { res.resume(); res.on('end', resolve); }),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      const afterAnswer = t.youngGenerationSize();
      survivors(300000);
      const end = t.youngGenerationSize();
      server.close();
      process.stdout.write(JSON.stringify({ start, beforeAnswer, afterAnswer, end }));
    `);
    expect(r.beforeAnswer).toBeGreaterThan(r.start);
    // Room left to grow, or the last check could not fail.
    expect(r.afterAnswer).toBeLessThan(32 * 1024 * 1024);
    expect(r.end).toBe(r.afterAnswer);
  });
});
