/**
 * 账户同步, phase 2: write what was read, in ONE transaction (all or nothing). For every DingTalk user:
 * create a BI user with 钉钉账号 set, update the fields that changed, or leave it. BI users bound to a
 * UserID no longer in DingTalk (resigned, removed) are deactivated, never deleted — except admins, who
 * are kept (reported) so a sync cannot lock the BI's administrators out. Nothing else is touched.
 */
import type { Db } from '../db/database.ts';
import type { SyncChange } from '../db/sync-runs.ts';
import {
  createUser,
  findByUsername,
  listUsers,
  setActive,
  updateSyncedFields,
  type BiUser,
  type SyncedFields,
} from '../db/users.ts';
import type { DingTalkUser } from '../dingtalk/client.ts';
import type { Directory } from './fetch-directory.ts';

export interface ApplyResult {
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  changes: SyncChange[];
}

export const FIELD_NAMES: Record<keyof SyncedFields, string> = {
  displayName: '姓名',
  email: '邮箱',
  mobile: '手机',
  title: '职位',
  deptIds: '部门',
  active: '状态',
};

export function fieldsOf(u: DingTalkUser): SyncedFields {
  return {
    displayName: u.name,
    email: u.email ?? '',
    mobile: u.mobile ?? '',
    title: u.title ?? '',
    deptIds: [...(u.dept_id_list ?? [])].sort((a, b) => a - b),
    active: true,
  };
}

export function changedFields(current: BiUser, next: SyncedFields): (keyof SyncedFields)[] {
  const out: (keyof SyncedFields)[] = [];
  for (const k of Object.keys(FIELD_NAMES) as (keyof SyncedFields)[]) {
    const a = k === 'deptIds' ? JSON.stringify(current.deptIds) : current[k];
    const b = k === 'deptIds' ? JSON.stringify(next.deptIds) : next[k];
    if (a !== b) out.push(k);
  }
  return out;
}

/** The DingTalk UserID as username, unless a local account already has that name. */
export function usernameFor(db: Db, userid: string): string {
  if (!findByUsername(db, userid)) return userid;
  for (let i = 1; ; i++) {
    const candidate = `${userid}-dingtalk${i > 1 ? i : ''}`;
    if (!findByUsername(db, candidate)) return candidate;
  }
}

export function applyDirectory(db: Db, dir: Directory, now: number): ApplyResult {
  return db.transaction((): ApplyResult => {
    const result: ApplyResult = { created: 0, updated: 0, unchanged: 0, deactivated: 0, changes: [] };

    db.prepare('DELETE FROM departments').run();
    const addDept = db.prepare(
      'INSERT INTO departments (dept_id, name, parent_id, synced_at) VALUES (?, ?, ?, ?)',
    );
    for (const d of dir.departments) addDept.run(d.dept_id, d.name, d.parent_id ?? null, now);

    const bound = new Map<string, BiUser>();
    for (const u of listUsers(db)) if (u.dingtalkUserid) bound.set(u.dingtalkUserid, u);

    const ids = [...dir.users.keys()].sort();
    for (const userid of ids) {
      const dt = dir.users.get(userid)!;
      const next = fieldsOf(dt);
      const current = bound.get(userid);
      if (!current) {
        createUser(
          db,
          {
            username: usernameFor(db, userid),
            ...next,
            dingtalkUserid: userid,
            source: 'dingtalk',
            passwordHash: null,
          },
          now,
        );
        result.created++;
        result.changes.push({ action: 'created', userid, name: dt.name });
        continue;
      }
      const diff = changedFields(current, next);
      if (diff.length === 0) {
        result.unchanged++;
        continue;
      }
      updateSyncedFields(db, current.id, next, now);
      result.updated++;
      result.changes.push({
        action: current.active ? 'updated' : 'reactivated',
        userid,
        name: dt.name,
        detail: diff.map((k) => FIELD_NAMES[k]).join('、'),
      });
    }

    for (const [userid, u] of bound) {
      if (dir.users.has(userid) || !u.active) continue;
      if (u.role === 'admin') {
        result.changes.push({
          action: 'kept',
          userid,
          name: u.displayName,
          detail: '钉钉通讯录中已不存在；管理员账号不会被自动停用',
        });
        continue;
      }
      setActive(db, u.id, false, now);
      result.deactivated++;
      result.changes.push({
        action: 'deactivated',
        userid,
        name: u.displayName,
        detail: '钉钉通讯录中已不存在（离职或被移除）',
      });
    }
    return result;
  })();
}
