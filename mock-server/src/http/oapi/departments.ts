/** 通讯录管理 > 部门管理: reading departments (docs/dingtalk/directory.md). */
import * as z from 'zod';
import { ROOT_DEPT_ID, type Department } from '../../domain/directory/directory.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { deptIdParam } from '../params.ts';
import { tokenRoute, type AppCall } from '../route.ts';
import { departmentBrief, departmentDetail } from './wire.ts';

/** The department a call names, or 60003 saying which parameter named which id (every directory route). */
export function department(call: AppCall<unknown>, deptId: number, param = 'dept_id'): Department {
  const d = call.tenant.directory.getDepartment(deptId);
  if (!d)
    throw new DingTalkError(
      'departmentNotFound',
      because(
        `组织 ${call.tenant.corpId} 中没有 ${param} 为 ${deptId} 的部门`,
        `no department with ${param} ${deptId} in corp ${call.tenant.corpId}`,
      ),
    );
  return d;
}

/** 获取部门详情 — POST /topapi/v2/department/get */
export const departmentGet = tokenRoute({
  id: 'oapi.v2.department.get',
  method: 'POST',
  path: '/topapi/v2/department/get',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ dept_id: deptIdParam(), language: z.string().optional() }),
  handle(call) {
    return { result: departmentDetail(department(call, call.params.dept_id)) };
  },
});

/** 获取部门列表 — POST /topapi/v2/department/listsub (one level; dept_id omitted → root 1) */
export const departmentListSub = tokenRoute({
  id: 'oapi.v2.department.listsub',
  method: 'POST',
  path: '/topapi/v2/department/listsub',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ dept_id: deptIdParam().optional(), language: z.string().optional() }),
  handle(call) {
    const dir = call.tenant.directory;
    const parent = department(call, call.params.dept_id ?? ROOT_DEPT_ID);
    return { result: dir.subDepartments(parent.deptId).map((id) => departmentBrief(dir.getDepartment(id)!)) };
  },
});

/** 获取子部门ID列表 — POST /topapi/v2/department/listsubid */
export const departmentListSubId = tokenRoute({
  id: 'oapi.v2.department.listsubid',
  method: 'POST',
  path: '/topapi/v2/department/listsubid',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ dept_id: deptIdParam() }),
  handle(call) {
    const parent = department(call, call.params.dept_id);
    return { result: { dept_id_list: [...call.tenant.directory.subDepartments(parent.deptId)] } };
  },
});
