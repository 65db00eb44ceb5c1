/**
 * 事件订阅 as an incremental 账户同步: one directory event changes exactly what it names, in ONE
 * transaction, and nothing else. What DingTalk reports is read first (the user or department, with the
 * corp token), then written, so a DingTalk failure writes nothing and the push is answered as failed
 * (DingTalk pushes it again). The full 账户同步 stays the fallback for anything an event missed.
 *
 * - user_add_org, user_modify_org: the user is read (POST /topapi/v2/user/get) and created with
 *   钉钉账号 set, or updated (renamed…) — reactivated when they had been deactivated, as a sync would;
 * - user_leave_org: the bound BI user is deactivated at once (an existing session stops working: every
 *   request reloads the user); an administrator is kept active and reported, as 账户同步 does, so an
 *   event cannot lock the BI's administrators out;
 * - org_dept_create, org_dept_modify: the department is read (POST /topapi/v2/department/get) and saved;
 *   org_dept_remove: it is deleted from the department table;
 * - any other event type is acknowledged and ignored.
 */
import type { BiContext } from '../context.ts';
import { deleteDepartment, upsertDepartment, type BiDepartment } from '../db/departments.ts';
import { createUser, findByDingtalkUserid, setActive, updateSyncedFields } from '../db/users.ts';
import type { DingTalkClient, DingTalkUser } from '../dingtalk/client.ts';
import { DingTalkApiError } from '../dingtalk/errors.ts';
import type { DingTalkEventPayload } from '../events/receiver.ts';
import { changedFields, FIELD_NAMES, fieldsOf, usernameFor } from './apply-directory.ts';

export interface EventChange {
  action:
    | 'created'
    | 'updated'
    | 'reactivated'
    | 'unchanged'
    | 'deactivated'
    | 'kept'
    | 'not-bound'
    | 'gone'
    | 'department-saved'
    | 'department-removed';
  userid?: string;
  deptId?: number;
  detail?: string;
}

const USER_EVENTS = new Set(['user_add_org', 'user_modify_org']);
const DEPT_READ_EVENTS = new Set(['org_dept_create', 'org_dept_modify']);

/** DingTalk said the user or department no longer exists (60121 找不到该用户, 60003 部门不存在). */
function isGone(e: unknown): boolean {
  if (!(e instanceof DingTalkApiError)) return false;
  const codes = ['60121', '60003'];
  return codes.includes(String(e.errcode)) || codes.includes(e.subCode ?? '');
}

async function readOrGone<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    if (isGone(e)) return null;
    throw e;
  }
}

const ids = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);

/** Applies one event; returns what changed (empty for an event the BI does not follow). */
export async function applyEvent(bi: BiContext, event: DingTalkEventPayload): Promise<EventChange[]> {
  const type = event.EventType;
  const userids = ids(event.UserId).filter((u): u is string => typeof u === 'string' && u !== '');
  const deptIds = ids(event.DeptId).filter((d): d is number => Number.isInteger(d));
  const needsClient = USER_EVENTS.has(type) || DEPT_READ_EVENTS.has(type);
  const client: DingTalkClient | null = needsClient ? bi.dingtalk.client() : null;
  if (needsClient && !client) throw new Error('钉钉未配置：无法读取事件中的用户或部门');

  // Phase 1: read what DingTalk reports now (nothing written yet).
  const users = new Map<string, DingTalkUser | null>();
  if (USER_EVENTS.has(type))
    for (const userid of userids) users.set(userid, await readOrGone(() => client!.getUser(userid)));
  const departments = new Map<number, BiDepartment | null>();
  if (DEPT_READ_EVENTS.has(type)) {
    for (const deptId of deptIds) {
      const d = await readOrGone(() => client!.getDepartment(deptId));
      departments.set(deptId, d && { deptId: d.dept_id, name: d.name, parentId: d.parent_id ?? null });
    }
  }

  // Phase 2: one transaction.
  const { db } = bi;
  const now = bi.clock.now();
  return db.transaction((): EventChange[] => {
    const changes: EventChange[] = [];
    if (USER_EVENTS.has(type)) {
      for (const [userid, dt] of users) {
        if (!dt) {
          changes.push({ action: 'gone', userid, detail: '钉钉中已查不到该用户，未作改动' });
          continue;
        }
        const next = fieldsOf(dt);
        const current = findByDingtalkUserid(db, userid);
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
          changes.push({ action: 'created', userid, detail: dt.name });
          continue;
        }
        const diff = changedFields(current, next);
        if (diff.length === 0) {
          changes.push({ action: 'unchanged', userid });
          continue;
        }
        updateSyncedFields(db, current.id, next, now);
        changes.push({
          action: current.active ? 'updated' : 'reactivated',
          userid,
          detail: diff.map((k) => FIELD_NAMES[k]).join('、'),
        });
      }
    } else if (type === 'user_leave_org') {
      for (const userid of userids) {
        const u = findByDingtalkUserid(db, userid);
        if (!u) changes.push({ action: 'not-bound', userid });
        else if (u.role === 'admin')
          changes.push({ action: 'kept', userid, detail: '管理员账号不会被自动停用' });
        else if (!u.active) changes.push({ action: 'unchanged', userid });
        else {
          setActive(db, u.id, false, now);
          changes.push({ action: 'deactivated', userid, detail: '钉钉通讯录中已离职' });
        }
      }
    } else if (DEPT_READ_EVENTS.has(type)) {
      for (const [deptId, d] of departments) {
        if (!d) {
          deleteDepartment(db, deptId);
          changes.push({ action: 'department-removed', deptId, detail: '钉钉中已查不到该部门' });
        } else {
          upsertDepartment(db, d, now);
          changes.push({ action: 'department-saved', deptId, detail: d.name });
        }
      }
    } else if (type === 'org_dept_remove') {
      for (const deptId of deptIds) {
        deleteDepartment(db, deptId);
        changes.push({ action: 'department-removed', deptId });
      }
    }
    return changes;
  })();
}
