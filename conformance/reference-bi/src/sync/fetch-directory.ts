/**
 * 账户同步, phase 1: read the whole DingTalk directory — the department tree (listsub, level by level
 * from the root) and every department's members (v2/user/list, all pages) — reporting progress as it
 * goes. Nothing is written to BI users here.
 */
import type { DingTalkClient, DingTalkDepartment, DingTalkUser } from '../dingtalk/client.ts';

export const ROOT_DEPT_ID = 1;
const PAGE_SIZE = 100;
/** A directory answering has_more forever would otherwise loop forever. */
const MAX_PAGES_PER_DEPT = 10_000;

export interface Directory {
  departments: DingTalkDepartment[];
  /** Each user once, whatever number of departments they are in. */
  users: Map<string, DingTalkUser>;
}

export interface FetchProgress {
  phase: 'departments' | 'users';
  departmentsSeen: number;
  usersSeen: number;
  pagesFetched: number;
}

export async function fetchDirectory(
  client: DingTalkClient,
  onProgress: (p: FetchProgress) => void,
): Promise<Directory> {
  const root = await client.getDepartment(ROOT_DEPT_ID);
  const departments: DingTalkDepartment[] = [{ dept_id: root.dept_id, name: root.name, parent_id: 0 }];
  const progress: FetchProgress = { phase: 'departments', departmentsSeen: 1, usersSeen: 0, pagesFetched: 0 };
  onProgress(progress);

  const queue = [ROOT_DEPT_ID];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const d of await client.listSubDepartments(parent)) {
      if (seen.has(d.dept_id)) continue;
      seen.add(d.dept_id);
      departments.push({ dept_id: d.dept_id, name: d.name, parent_id: d.parent_id ?? parent });
      queue.push(d.dept_id);
    }
    progress.departmentsSeen = departments.length;
    onProgress(progress);
  }

  progress.phase = 'users';
  const users = new Map<string, DingTalkUser>();
  for (const dept of departments) {
    let cursor = 0;
    for (let page = 0; page < MAX_PAGES_PER_DEPT; page++) {
      const r = await client.listUsers(dept.dept_id, cursor, PAGE_SIZE);
      progress.pagesFetched++;
      for (const u of r.list) {
        const known = users.get(u.userid);
        const deptIds = new Set([...(known?.dept_id_list ?? []), ...(u.dept_id_list ?? [dept.dept_id])]);
        users.set(u.userid, { ...u, dept_id_list: [...deptIds].sort((a, b) => a - b) });
      }
      progress.usersSeen = users.size;
      onProgress(progress);
      if (!r.hasMore) break;
      if (r.nextCursor <= cursor)
        throw new Error(`钉钉返回的分页游标没有前进（部门 ${dept.dept_id}，cursor ${cursor}）`);
      cursor = r.nextCursor;
    }
  }
  return { departments, users };
}
