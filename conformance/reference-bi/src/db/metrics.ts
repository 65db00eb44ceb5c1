/** The dashboard's metrics (销售额, 订单数): what subscriptions send and alerts watch. */
import type { Db } from './database.ts';

export interface Metric {
  key: string;
  label: string;
  unit: string;
  value: number;
  updatedAt: number;
}

interface Row {
  key: string;
  label: string;
  unit: string;
  value: number;
  updated_at: number;
}

const toMetric = (r: Row): Metric => ({
  key: r.key,
  label: r.label,
  unit: r.unit,
  value: r.value,
  updatedAt: r.updated_at,
});

export function listMetrics(db: Db): Metric[] {
  return (db.prepare('SELECT * FROM metrics ORDER BY rowid').all() as Row[]).map(toMetric);
}

export function getMetric(db: Db, key: string): Metric | undefined {
  const r = db.prepare('SELECT * FROM metrics WHERE key = ?').get(key) as Row | undefined;
  return r && toMetric(r);
}

export function setMetric(db: Db, key: string, value: number, now: number): boolean {
  return (
    db.prepare('UPDATE metrics SET value = ?, updated_at = ? WHERE key = ?').run(value, now, key).changes > 0
  );
}

export function formatMetric(m: Metric): string {
  return `${m.value.toLocaleString('zh-CN')} ${m.unit}`.trim();
}
