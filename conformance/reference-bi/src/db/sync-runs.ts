/** 账户同步 runs: progress while fetching, the result report after, and recovery after a crash. */
import type { Db } from './database.ts';

export type SyncStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';
export type SyncPhase = 'departments' | 'users' | 'writing' | 'done';

export interface SyncChange {
  action: 'created' | 'updated' | 'deactivated' | 'reactivated' | 'kept';
  userid: string;
  name: string;
  /** For updates: the fields that changed. For kept: why the user was left alone. */
  detail?: string;
}

export interface SyncRun {
  id: number;
  status: SyncStatus;
  phase: SyncPhase;
  startedAt: number;
  finishedAt: number | null;
  departmentsSeen: number;
  usersSeen: number;
  pagesFetched: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  error: string | null;
  errorScopes: string[];
  changes: SyncChange[];
}

interface Row {
  id: number;
  status: SyncStatus;
  phase: SyncPhase;
  started_at: number;
  finished_at: number | null;
  departments_seen: number;
  users_seen: number;
  pages_fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  error: string | null;
  error_scopes: string | null;
  changes: string;
}

const toRun = (r: Row): SyncRun => ({
  id: r.id,
  status: r.status,
  phase: r.phase,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  departmentsSeen: r.departments_seen,
  usersSeen: r.users_seen,
  pagesFetched: r.pages_fetched,
  created: r.created,
  updated: r.updated,
  unchanged: r.unchanged,
  deactivated: r.deactivated,
  error: r.error,
  errorScopes: r.error_scopes ? (JSON.parse(r.error_scopes) as string[]) : [],
  changes: JSON.parse(r.changes) as SyncChange[],
});

export function startRun(db: Db, startedBy: number | null, now: number): SyncRun {
  const info = db
    .prepare(
      `INSERT INTO sync_runs (status, phase, started_at, started_by) VALUES ('running', 'departments', ?, ?)`,
    )
    .run(now, startedBy);
  return getRun(db, Number(info.lastInsertRowid))!;
}

export function getRun(db: Db, id: number): SyncRun | undefined {
  const r = db.prepare('SELECT * FROM sync_runs WHERE id = ?').get(id) as Row | undefined;
  return r && toRun(r);
}

export function runningRun(db: Db): SyncRun | undefined {
  const r = db.prepare(`SELECT * FROM sync_runs WHERE status = 'running' ORDER BY id DESC LIMIT 1`).get() as
    Row | undefined;
  return r && toRun(r);
}

export function recentRuns(db: Db, limit = 10): SyncRun[] {
  return (db.prepare('SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map(toRun);
}

/** Progress while fetching: committed on its own, so the page can poll it. */
export function recordProgress(
  db: Db,
  id: number,
  p: { phase: SyncPhase; departmentsSeen: number; usersSeen: number; pagesFetched: number },
): void {
  db.prepare(
    'UPDATE sync_runs SET phase = ?, departments_seen = ?, users_seen = ?, pages_fetched = ? WHERE id = ?',
  ).run(p.phase, p.departmentsSeen, p.usersSeen, p.pagesFetched, id);
}

export function finishRun(
  db: Db,
  id: number,
  r: { created: number; updated: number; unchanged: number; deactivated: number; changes: SyncChange[] },
  now: number,
): void {
  db.prepare(
    `UPDATE sync_runs SET status = 'succeeded', phase = 'done', finished_at = ?, created = ?, updated = ?,
       unchanged = ?, deactivated = ?, changes = ? WHERE id = ?`,
  ).run(now, r.created, r.updated, r.unchanged, r.deactivated, JSON.stringify(r.changes), id);
}

export function failRun(db: Db, id: number, f: { error: string; scopes: string[] }, now: number): void {
  const { error, scopes } = f;
  db.prepare(
    `UPDATE sync_runs SET status = 'failed', finished_at = ?, error = ?, error_scopes = ? WHERE id = ?`,
  ).run(now, error, JSON.stringify(scopes), id);
}

/** On start: a run still 'running' belongs to a process that died; nothing of it was written. */
export function markInterrupted(db: Db, now: number): number {
  return db
    .prepare(
      `UPDATE sync_runs SET status = 'interrupted', finished_at = ?,
         error = '同步过程中 BI 进程已退出；本次同步未写入任何用户，请重新同步' WHERE status = 'running'`,
    )
    .run(now).changes;
}
