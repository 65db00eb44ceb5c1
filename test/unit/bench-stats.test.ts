import { describe, expect, it } from 'vitest';
import { judge, median, percentile, ratio, renderTable } from '../../scripts/bench/stats.ts';

describe('benchmark arithmetic (npm run bench)', () => {
  it('takes percentiles by nearest rank, whatever the input order', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
    expect(
      percentile(
        Array.from({ length: 1000 }, (_, i) => i + 1),
        99,
      ),
    ).toBe(990);
    expect(percentile([], 99)).toBeNaN();
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('judges a ratio against at-least and at-most targets, and a missing figure as a miss', () => {
    const row = { figure: 'x', sandbox: '', reference: '', unit: '×' };
    expect(judge({ ...row, value: ratio(8, 10), target: { op: '>=', limit: 0.8 } }).pass).toBe(true);
    expect(judge({ ...row, value: ratio(7, 10), target: { op: '>=', limit: 0.8 } }).pass).toBe(false);
    expect(judge({ ...row, value: ratio(21, 10), target: { op: '<=', limit: 2 } }).pass).toBe(false);
    expect(judge({ ...row, value: ratio(1, 0), target: { op: '<=', limit: 2 } }).pass).toBe(false);
  });

  it('prints one aligned line per figure with its verdict', () => {
    const table = renderTable([
      judge({
        figure: 'a',
        sandbox: '1',
        reference: '2',
        value: 0.5,
        unit: '×',
        target: { op: '>=', limit: 0.8 },
      }),
      judge({
        figure: 'long figure',
        sandbox: '3',
        reference: '',
        value: 1,
        unit: ' s',
        target: { op: '<=', limit: 3 },
      }),
    ]).split('\n');
    expect(table).toHaveLength(4);
    expect(table[2]).toMatch(/^a\s+1\s+2\s+0\.50×\s+>= 0\.8×\s+FAIL$/);
    expect(table[3]).toMatch(/^long figure\s+3\s+1\.00 s\s+<= 3 s\s+PASS$/);
    expect(table[2]!.indexOf('0.50×')).toBe(table[3]!.indexOf('1.00 s'));
  });
});
