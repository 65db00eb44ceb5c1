/** The arithmetic of `npm run bench`: percentiles, ratios, verdicts against targets, the table. */

/** The p-th percentile (0–100) by nearest rank on a sorted copy; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The median: the middle sample, or the mean of the two middle ones. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function ratio(measured: number, reference: number): number {
  return reference === 0 ? NaN : measured / reference;
}

/** A target: the value must stay at most (`<=`) or at least (`>=`) the limit. */
export interface Target {
  op: '<=' | '>=';
  limit: number;
}

export function meets(value: number, target: Target): boolean {
  if (!Number.isFinite(value)) return false;
  return target.op === '<=' ? value <= target.limit : value >= target.limit;
}

/** One line of the report: what was measured, the figures behind it, the judged value and its target. */
export interface Row {
  figure: string;
  sandbox: string;
  reference: string;
  value: number;
  unit: string;
  target: Target;
}

export interface JudgedRow extends Row {
  pass: boolean;
}

export function judge(row: Row): JudgedRow {
  return { ...row, pass: meets(row.value, row.target) };
}

export function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

/** A plain-text table (fixed-width columns) of judged rows, PASS/FAIL last. */
export function renderTable(rows: readonly JudgedRow[]): string {
  const header = ['figure', 'sandbox', 'reference', 'value', 'target', 'verdict'];
  const body = rows.map((r) => [
    r.figure,
    r.sandbox,
    r.reference,
    `${fmt(r.value)}${r.unit}`,
    `${r.target.op} ${r.target.limit}${r.unit}`,
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...body.map(line)].join('\n');
}
