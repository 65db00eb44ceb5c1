/** The DingTalk department tree as the BI keeps it (filled by 账户同步, kept in step by events). */
import type { Db } from './database.ts';

export interface BiDepartment {
  deptId: number;
  name: string;
  parentId: number | null;
}

export function listDepartments(db: Db): BiDepartment[] {
  return (
    db.prepare('SELECT dept_id, name, parent_id FROM departments ORDER BY dept_id').all() as {
      dept_id: number;
      name: string;
      parent_id: number | null;
    }[]
  ).map((r) => ({ deptId: r.dept_id, name: r.name, parentId: r.parent_id }));
}

export function upsertDepartment(db: Db, d: BiDepartment, now: number): void {
  db.prepare(
    `INSERT INTO departments (dept_id, name, parent_id, synced_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (dept_id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,
       synced_at = excluded.synced_at`,
  ).run(d.deptId, d.name, d.parentId, now);
}

export function deleteDepartment(db: Db, deptId: number): boolean {
  return db.prepare('DELETE FROM departments WHERE dept_id = ?').run(deptId).changes > 0;
}
