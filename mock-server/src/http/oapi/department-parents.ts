/**
 * 通讯录管理 > 部门管理: a department's chain of parents, and each of a user's departments' chains
 * (docs/dingtalk/directory.md, "Parents"). Each chain starts with the department itself and ends
 * with the root, 1. Permission point qyapi_get_department_list (C).
 */
import * as z from 'zod';
import type { Directory } from '../../domain/directory/directory.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { deptIdParam, str } from '../params.ts';
import { department } from './departments.ts';
import { tokenRoute } from '../route.ts';

/** The department, then its parents up to the root. */
function chain(dir: Directory, deptId: number): number[] {
  return [deptId, ...dir.ancestors(deptId)];
}

/** 获取指定部门的所有父部门列表 — POST /topapi/v2/department/listparentbydept {dept_id} */
export const departmentListParentByDept = tokenRoute({
  id: 'oapi.v2.department.listparentbydept',
  method: 'POST',
  path: '/topapi/v2/department/listparentbydept',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ dept_id: deptIdParam() }),
  handle(call) {
    const dir = call.tenant.directory;
    const { dept_id } = call.params;
    department(call, dept_id);
    return { result: { parent_id_list: chain(dir, dept_id) } };
  },
});

/** 获取指定用户的所有父部门列表 — POST /topapi/v2/department/listparentbyuser {userid} */
export const departmentListParentByUser = tokenRoute({
  id: 'oapi.v2.department.listparentbyuser',
  method: 'POST',
  path: '/topapi/v2/department/listparentbyuser',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ userid: str() }),
  handle(call) {
    const dir = call.tenant.directory;
    const { userid } = call.params;
    const user = dir.getUser(userid);
    if (!user || user.resigned) {
      throw new DingTalkError(
        'userNotFound',
        user
          ? because(
              `用户 "${userid}"（${user.name}）已离职`,
              `user "${userid}" (${user.name}) has left the company`,
            )
          : because(
              `组织 ${call.tenant.corpId} 中没有 userid 为 "${userid}" 的用户`,
              `no user with userid "${userid}" in corp ${call.tenant.corpId}`,
            ),
      );
    }
    call.state.userid = user.userid;
    return {
      result: { parent_list: user.deptIds.map((d) => ({ parent_dept_id_list: chain(dir, d) })) },
    };
  },
});
