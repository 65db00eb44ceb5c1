import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVE_NODE_FLAGS } from '../../mock-server/src/heap-tuning.ts';

const MODULE = fileURLToPath(new URL('../../mock-server/src/heap-tuning.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MB = 1024 * 1024;

/** The young generation's size in a fresh node (with `flags`) after a load that makes V8 grow it all it may. */
function grownYoungGeneration(flags: readonly string[]): number {
  const script = `
    const t = await import(${JSON.stringify(MODULE)});
    let kept = [];
    for (let round = 0; round < 60; round++)
      for (let i = 0; i < 100000; i++) { kept.push({ i, s: 'v' + i }); if (kept.length > 60000) kept = []; }
    process.stdout.write(String(t.youngGenerationSize()));
  `;
  const out = execFileSync(
    process.execPath,
    [...flags, '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  return Number(out);
}

describe('a serving process’s young generation (heap-tuning.ts, decision 0011)', () => {
  it('SERVE_NODE_FLAGS let V8 grow the young generation past its default cap of 2 × 16 MB', () => {
    const defaults = grownYoungGeneration([]);
    const served = grownYoungGeneration(SERVE_NODE_FLAGS);
    // The load reaches the default cap, or the comparison below could not fail.
    expect(defaults).toBe(32 * MB);
    expect(served).toBeGreaterThan(defaults);
  });

  it('every launcher the repository owns starts node with SERVE_NODE_FLAGS', () => {
    const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const flags = SERVE_NODE_FLAGS.join(' ');
    expect(scripts.serve).toBe(`node ${flags} dist/cli.js serve`);
    expect(scripts.start).toContain(`tsx ${flags} scripts/start-all.ts`);
    const entrypoint = read('Dockerfile')
      .split('\n')
      .find((l) => l.startsWith('ENTRYPOINT'));
    expect(entrypoint).toBe(
      `ENTRYPOINT ${JSON.stringify(['node', ...SERVE_NODE_FLAGS, 'dist/cli.js']).replaceAll(',', ', ')}`,
    );
    // The benchmark's sandbox process, the soak's and the fuzzer's run as `serve` does.
    expect(read('scripts/bench/processes.ts')).toContain(
      'process.env.BENCH_HEAP_DEFAULTS ? [] : SERVE_NODE_FLAGS',
    );
    expect(read('scripts/robustness/child.ts')).toContain('    ...SERVE_NODE_FLAGS,\n');
  });
});
