/** BI users: local accounts, their 钉钉账号 (DingTalk UserID) binding, and what account sync keeps. */
import type { Db } from './database.ts';

export interface BiUser {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string | null;
  role: 'admin' | 'user';
  /** 钉钉账号 */
  dingtalkUserid: string | null;
  email: string;
  mobile: string;
  title: string;
  deptIds: number[];
  source: 'local' | 'dingtalk';
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: number;
  username: string;
  display_name: string;
  password_hash: string | null;
  role: 'admin' | 'user';
  dingtalk_userid: string | null;
  email: string;
  mobile: string;
  title: string;
  dept_ids: string;
  source: 'local' | 'dingtalk';
  active: number;
  created_at: number;
  updated_at: number;
}

const toUser = (r: Row): BiUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  passwordHash: r.password_hash,
  role: r.role,
  dingtalkUserid: r.dingtalk_userid,
  email: r.email,
  mobile: r.mobile,
  title: r.title,
  deptIds: JSON.parse(r.dept_ids) as number[],
  source: r.source,
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class UserConflictError extends Error {}

export function getUser(db: Db, id: number): BiUser | undefined {
  const r = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
  return r && toUser(r);
}

export function findByUsername(db: Db, username: string): BiUser | undefined {
  const r = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as Row | undefined;
  return r && toUser(r);
}

export function findByDingtalkUserid(db: Db, userid: string): BiUser | undefined {
  const r = db.prepare('SELECT * FROM users WHERE dingtalk_userid = ?').get(userid) as Row | undefined;
  return r && toUser(r);
}

export function listUsers(db: Db): BiUser[] {
  return (db.prepare('SELECT * FROM users ORDER BY id').all() as Row[]).map(toUser);
}

export function countUsers(db: Db): number {
  return db.prepare('SELECT count(*) FROM users').pluck().get() as number;
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash?: string | null;
  role?: 'admin' | 'user';
  dingtalkUserid?: string | null;
  email?: string;
  mobile?: string;
  title?: string;
  deptIds?: number[];
  source?: 'local' | 'dingtalk';
}

export function createUser(db: Db, u: NewUser, now: number): BiUser {
  if (findByUsername(db, u.username)) throw new UserConflictError(`用户名 ${u.username} 已存在`);
  if (u.dingtalkUserid) assertUnbound(db, u.dingtalkUserid);
  const info = db
    .prepare(
      `INSERT INTO users (username, display_name, password_hash, role, dingtalk_userid, email, mobile, title,
         dept_ids, source, active, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    )
    .run(
      u.username,
      u.displayName,
      u.passwordHash ?? null,
      u.role ?? 'user',
      u.dingtalkUserid || null,
      u.email ?? '',
      u.mobile ?? '',
      u.title ?? '',
      JSON.stringify(u.deptIds ?? []),
      u.source ?? 'local',
      now,
      now,
    );
  return getUser(db, Number(info.lastInsertRowid))!;
}

function assertUnbound(db: Db, dingtalkUserid: string, exceptId?: number): void {
  const holder = findByDingtalkUserid(db, dingtalkUserid);
  if (holder && holder.id !== exceptId) {
    throw new UserConflictError(
      `钉钉账号 ${dingtalkUserid} 已绑定到用户 ${holder.username}（${holder.displayName}）`,
    );
  }
}

/** Sets or clears (null) a user's 钉钉账号 (S4). */
export function setDingtalkUserid(db: Db, id: number, dingtalkUserid: string | null, now: number): void {
  if (dingtalkUserid) assertUnbound(db, dingtalkUserid, id);
  db.prepare('UPDATE users SET dingtalk_userid = ?, updated_at = ? WHERE id = ?').run(
    dingtalkUserid || null,
    now,
    id,
  );
}

export function setActive(db: Db, id: number, active: boolean, now: number): void {
  db.prepare('UPDATE users SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, now, id);
}

export function setPasswordHash(db: Db, id: number, hash: string, now: number): void {
  db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(hash, now, id);
}

/** The fields account sync copies from DingTalk. */
export interface SyncedFields {
  displayName: string;
  email: string;
  mobile: string;
  title: string;
  deptIds: number[];
  active: boolean;
}

export function updateSyncedFields(db: Db, id: number, f: SyncedFields, now: number): void {
  db.prepare(
    `UPDATE users SET display_name = ?, email = ?, mobile = ?, title = ?, dept_ids = ?, active = ?, updated_at = ?
     WHERE id = ?`,
  ).run(f.displayName, f.email, f.mobile, f.title, JSON.stringify(f.deptIds), f.active ? 1 : 0, now, id);
}
