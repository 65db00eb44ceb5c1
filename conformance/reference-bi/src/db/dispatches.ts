/** 投递报告: each send (dispatch) and, per recipient, whether it was sent, skipped or refused, and why. */
import type { Db } from './database.ts';

export type DispatchStatus = 'sending' | 'sent' | 'partial' | 'failed' | 'skipped';
export type DeliveryStatus = 'sent' | 'skipped' | 'refused' | 'failed';

export interface Dispatch {
  id: number;
  kind: 'subscription' | 'alert';
  sourceId: number;
  channel: 'work_notice' | 'robot';
  title: string;
  status: DispatchStatus;
  taskId: string | null;
  error: string | null;
  createdAt: number;
}

export interface Delivery {
  id: number;
  dispatchId: number;
  userId: number | null;
  recipient: string;
  dingtalkUserid: string | null;
  status: DeliveryStatus;
  reason: string;
}

interface DispatchRow {
  id: number;
  kind: Dispatch['kind'];
  source_id: number;
  channel: Dispatch['channel'];
  title: string;
  status: DispatchStatus;
  task_id: string | null;
  error: string | null;
  created_at: number;
}

const toDispatch = (r: DispatchRow): Dispatch => ({
  id: r.id,
  kind: r.kind,
  sourceId: r.source_id,
  channel: r.channel,
  title: r.title,
  status: r.status,
  taskId: r.task_id,
  error: r.error,
  createdAt: r.created_at,
});

export function createDispatch(
  db: Db,
  d: { kind: Dispatch['kind']; sourceId: number; channel: Dispatch['channel']; title: string },
  now: number,
): number {
  const info = db
    .prepare(
      `INSERT INTO dispatches (kind, source_id, channel, title, status, created_at) VALUES (?, ?, ?, ?, 'sending', ?)`,
    )
    .run(d.kind, d.sourceId, d.channel, d.title, now);
  return Number(info.lastInsertRowid);
}

export interface DeliveryInput {
  userId: number | null;
  recipient: string;
  dingtalkUserid: string | null;
  status: DeliveryStatus;
  reason: string;
}

/** Writes the per-recipient report and the dispatch's outcome together. */
export function completeDispatch(
  db: Db,
  id: number,
  outcome: { taskId: string | null; error: string | null; deliveries: DeliveryInput[] },
): Dispatch {
  db.transaction(() => {
    const add = db.prepare(
      'INSERT INTO delivery_reports (dispatch_id, user_id, recipient, dingtalk_userid, status, reason) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const d of outcome.deliveries)
      add.run(id, d.userId, d.recipient, d.dingtalkUserid, d.status, d.reason);
    db.prepare('UPDATE dispatches SET status = ?, task_id = ?, error = ? WHERE id = ?').run(
      summarise(outcome.deliveries),
      outcome.taskId,
      outcome.error,
      id,
    );
  })();
  return getDispatch(db, id)!;
}

/** Skipped recipients (no 钉钉账号) are reported, not counted as failures. */
function summarise(ds: DeliveryInput[]): DispatchStatus {
  const tried = ds.filter((d) => d.status !== 'skipped');
  const sent = tried.filter((d) => d.status === 'sent').length;
  if (tried.length === 0) return 'skipped';
  if (sent === tried.length) return 'sent';
  return sent > 0 ? 'partial' : 'failed';
}

export function getDispatch(db: Db, id: number): Dispatch | undefined {
  const r = db.prepare('SELECT * FROM dispatches WHERE id = ?').get(id) as DispatchRow | undefined;
  return r && toDispatch(r);
}

export function recentDispatches(db: Db, limit = 20): Dispatch[] {
  return (db.prepare('SELECT * FROM dispatches ORDER BY id DESC LIMIT ?').all(limit) as DispatchRow[]).map(
    toDispatch,
  );
}

export function deliveriesOf(db: Db, dispatchId: number): Delivery[] {
  return (
    db.prepare('SELECT * FROM delivery_reports WHERE dispatch_id = ? ORDER BY id').all(dispatchId) as {
      id: number;
      dispatch_id: number;
      user_id: number | null;
      recipient: string;
      dingtalk_userid: string | null;
      status: DeliveryStatus;
      reason: string;
    }[]
  ).map((r) => ({
    id: r.id,
    dispatchId: r.dispatch_id,
    userId: r.user_id,
    recipient: r.recipient,
    dingtalkUserid: r.dingtalk_userid,
    status: r.status,
    reason: r.reason,
  }));
}
