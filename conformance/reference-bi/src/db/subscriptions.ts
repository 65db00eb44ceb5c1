/** 订阅: a dashboard pushed to recipients now or every N minutes; 预警: a metric threshold with recipients. */
import type { Db } from './database.ts';

export type MessageFormat = 'markdown' | 'action_card';

export interface Subscription {
  id: number;
  name: string;
  format: MessageFormat;
  intervalMinutes: number | null;
  nextRunAt: number | null;
  lastRunAt: number | null;
  enabled: boolean;
  recipientIds: number[];
}

interface SubRow {
  id: number;
  name: string;
  format: MessageFormat;
  interval_minutes: number | null;
  next_run_at: number | null;
  last_run_at: number | null;
  enabled: number;
}

function recipients(db: Db, table: 'subscription_recipients' | 'alert_recipients', col: string, id: number) {
  return db
    .prepare(`SELECT user_id FROM ${table} WHERE ${col} = ? ORDER BY user_id`)
    .pluck()
    .all(id) as number[];
}

const toSub = (db: Db, r: SubRow): Subscription => ({
  id: r.id,
  name: r.name,
  format: r.format,
  intervalMinutes: r.interval_minutes,
  nextRunAt: r.next_run_at,
  lastRunAt: r.last_run_at,
  enabled: r.enabled === 1,
  recipientIds: recipients(db, 'subscription_recipients', 'subscription_id', r.id),
});

export function listSubscriptions(db: Db): Subscription[] {
  return (db.prepare('SELECT * FROM subscriptions ORDER BY id').all() as SubRow[]).map((r) => toSub(db, r));
}

export function getSubscription(db: Db, id: number): Subscription | undefined {
  const r = db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as SubRow | undefined;
  return r && toSub(db, r);
}

export function createSubscription(
  db: Db,
  s: {
    name: string;
    format: MessageFormat;
    intervalMinutes: number | null;
    firstRunAt: number | null;
    recipientIds: number[];
  },
  now: number,
): Subscription {
  return db.transaction(() => {
    const info = db
      .prepare(
        'INSERT INTO subscriptions (name, format, interval_minutes, next_run_at, enabled, created_at) VALUES (?, ?, ?, ?, 1, ?)',
      )
      .run(s.name, s.format, s.intervalMinutes, s.intervalMinutes ? s.firstRunAt : null, now);
    const id = Number(info.lastInsertRowid);
    const add = db.prepare('INSERT INTO subscription_recipients (subscription_id, user_id) VALUES (?, ?)');
    for (const u of new Set(s.recipientIds)) add.run(id, u);
    return getSubscription(db, id)!;
  })();
}

export function dueSubscriptions(db: Db, now: number): Subscription[] {
  return (
    db
      .prepare(
        'SELECT * FROM subscriptions WHERE enabled = 1 AND next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY id',
      )
      .all(now) as SubRow[]
  ).map((r) => toSub(db, r));
}

/** After a run: the next time strictly after `now` (missed periods are not replayed one by one). */
export function markSubscriptionRun(db: Db, s: Subscription, now: number): void {
  let next: number | null = null;
  if (s.intervalMinutes && s.nextRunAt !== null) {
    const step = s.intervalMinutes * 60_000;
    next = s.nextRunAt;
    while (next <= now) next += step;
  }
  db.prepare('UPDATE subscriptions SET last_run_at = ?, next_run_at = ? WHERE id = ?').run(now, next, s.id);
}

export function deleteSubscription(db: Db, id: number): void {
  db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id);
}

export type Operator = '>' | '>=' | '<' | '<=';
export type AlertChannel = 'work_notice' | 'robot' | 'both';

export interface Alert {
  id: number;
  name: string;
  metricKey: string;
  operator: Operator;
  threshold: number;
  channel: AlertChannel;
  state: 'ok' | 'firing';
  lastFiredAt: number | null;
  enabled: boolean;
  recipientIds: number[];
}

interface AlertRow {
  id: number;
  name: string;
  metric_key: string;
  operator: Operator;
  threshold: number;
  channel: AlertChannel;
  state: 'ok' | 'firing';
  last_fired_at: number | null;
  enabled: number;
}

const toAlert = (db: Db, r: AlertRow): Alert => ({
  id: r.id,
  name: r.name,
  metricKey: r.metric_key,
  operator: r.operator,
  threshold: r.threshold,
  channel: r.channel,
  state: r.state,
  lastFiredAt: r.last_fired_at,
  enabled: r.enabled === 1,
  recipientIds: recipients(db, 'alert_recipients', 'alert_id', r.id),
});

export function listAlerts(db: Db): Alert[] {
  return (db.prepare('SELECT * FROM alerts ORDER BY id').all() as AlertRow[]).map((r) => toAlert(db, r));
}

export function getAlert(db: Db, id: number): Alert | undefined {
  const r = db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
  return r && toAlert(db, r);
}

export function createAlert(
  db: Db,
  a: {
    name: string;
    metricKey: string;
    operator: Operator;
    threshold: number;
    channel: AlertChannel;
    recipientIds: number[];
  },
  now: number,
): Alert {
  return db.transaction(() => {
    const info = db
      .prepare(
        `INSERT INTO alerts (name, metric_key, operator, threshold, channel, state, enabled, created_at)
         VALUES (?, ?, ?, ?, ?, 'ok', 1, ?)`,
      )
      .run(a.name, a.metricKey, a.operator, a.threshold, a.channel, now);
    const id = Number(info.lastInsertRowid);
    const add = db.prepare('INSERT INTO alert_recipients (alert_id, user_id) VALUES (?, ?)');
    for (const u of new Set(a.recipientIds)) add.run(id, u);
    return getAlert(db, id)!;
  })();
}

export function setAlertState(db: Db, id: number, state: 'ok' | 'firing', firedAt: number | null): void {
  if (firedAt !== null)
    db.prepare('UPDATE alerts SET state = ?, last_fired_at = ? WHERE id = ?').run(state, firedAt, id);
  else db.prepare('UPDATE alerts SET state = ? WHERE id = ?').run(state, id);
}

export function deleteAlert(db: Db, id: number): void {
  db.prepare('DELETE FROM alerts WHERE id = ?').run(id);
}

export function crosses(value: number, op: Operator, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}
