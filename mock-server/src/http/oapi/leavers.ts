/**
 * 智能人事 > 离职员工 on the legacy host (docs/dingtalk/directory.md, "Leavers"): the ids of those
 * who left (离职), paged, and their leaving details. Who left, and when, is the directory's
 * (Directory.leavers, stamped with the tenant's clock). Permission point: see scopes.ts (U).
 */
import * as z from 'zod';
import type { Directory, User } from '../../domain/directory/directory.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { int, str } from '../params.ts';
import { tokenRoute } from '../route.ts';

/** size: 分页大小，最大50 (C: the API's page). */
export const MAX_DIMISSION_PAGE = 50;
/** userid_list: at most 50 ids (C: the API's page). */
export const MAX_DIMISSION_IDS = 50;

/** 获取离职员工列表 — POST /topapi/smartwork/hrm/employee/querydimission {offset, size} */
export const queryDimission = tokenRoute({
  id: 'oapi.smartwork.hrm.employee.querydimission',
  method: 'POST',
  path: '/topapi/smartwork/hrm/employee/querydimission',
  host: 'oapi',
  style: 'topapi',
  params: z.object({
    offset: int().refine((n) => n >= 0, 'offset must be ≥ 0'),
    size: int().refine(
      (n) => n >= 1 && n <= MAX_DIMISSION_PAGE,
      `size must be between 1 and ${MAX_DIMISSION_PAGE}`,
    ),
  }),
  handle(call) {
    const { offset, size } = call.params;
    const all = call.tenant.directory.leavers();
    const page = all.slice(offset, offset + size);
    const next = offset + page.length;
    // No next_cursor on the last page: that is how callers know to stop (C).
    return { result: { data_list: [...page], ...(next < all.length ? { next_cursor: next } : {}) } };
  },
});

/** The departments' names from the root down, joined as DingTalk's dept_path shows them (U). */
function deptPath(dir: Directory, deptId: number): string {
  const names = [deptId, ...dir.ancestors(deptId)]
    .reverse()
    .map((id) => dir.getDepartment(id)?.name)
    .filter((n): n is string => Boolean(n));
  return names.join('-');
}

function dimissionInfo(dir: Directory, u: User): Record<string, unknown> {
  const main = u.deptIds[0];
  return {
    userid: u.userid,
    last_work_day: u.leftAt ?? 0,
    dept_list: u.deptIds.map((d) => ({ dept_id: d, dept_path: deptPath(dir, d) })),
    reason_memo: '',
    // 9 其他 (other): the sandbox records no reason (U).
    reason_type: 9,
    // 3 正式 (regular) before leaving; 2 已离职 (left) (U).
    pre_status: 3,
    handover_userid: '',
    status: 2,
    ...(main !== undefined
      ? { main_dept_id: main, main_dept_name: dir.getDepartment(main)?.name ?? '' }
      : {}),
  };
}

/** 获取员工离职信息 — POST /topapi/smartwork/hrm/employee/listdimission {userid_list: "a,b"} */
export const listDimission = tokenRoute({
  id: 'oapi.smartwork.hrm.employee.listdimission',
  method: 'POST',
  path: '/topapi/smartwork/hrm/employee/listdimission',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ userid_list: str() }),
  handle(call) {
    const ids = call.params.userid_list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length > MAX_DIMISSION_IDS) {
      throw new DingTalkError(
        'invalidParameter',
        because(
          `userid_list 有 ${ids.length} 个 userid，最多 ${MAX_DIMISSION_IDS} 个`,
          `userid_list has ${ids.length} userids; at most ${MAX_DIMISSION_IDS}`,
        ),
        { param: 'userid_list' },
      );
    }
    const dir = call.tenant.directory;
    // Ids of people who did not leave are skipped, not refused (C: the API's page).
    const left = ids.map((id) => dir.getUser(id)).filter((u): u is User => Boolean(u?.resigned));
    return { result: left.map((u) => dimissionInfo(dir, u)) };
  },
});
