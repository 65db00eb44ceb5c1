/**
 * The old GET directory family (2016–2019 通讯录 API, superseded by topapi/v2 but still answered and
 * still called by ZenTao, Archery, Steedos …): camelCase fields, values in the top level of the
 * `{errcode: 0, errmsg: "ok", …}` envelope, parameters in the query string, auth errors unwrapped
 * ("plain" style). Facts and provenance: docs/dingtalk/directory.md (旧版通讯录接口). Scopes per
 * route in ./index.ts, from the table in domain/apps/scopes.ts.
 */
import * as z from 'zod';
import type { Directory } from '../../domain/directory/directory.ts';
import { ROOT_DEPT_ID } from '../../domain/directory/directory.ts';
import { bool, int } from '../params.ts';
import { department } from './departments.ts';
import { tokenRoute, type AppCall } from '../route.ts';
import { MAX_PAGE_SIZE } from './users.ts';
import { departmentLegacy, departmentLegacyDetail, userLegacyListItem } from './wire.ts';

/** A department id as the old API takes it: a number or a decimal string, 1 and up. */
const deptId = () => int().refine((n) => n > 0, 'must be a department id (≥ 1)');

const ORDERS = ['entry_asc', 'entry_desc', 'modify_asc', 'modify_desc', 'custom'] as const;

/** Every department below `id`, depth first in each parent's order (the whole subtree). */
function subtree(dir: Directory, id: number): number[] {
  const out: number[] = [];
  const walk = (parent: number) => {
    for (const child of dir.subDepartments(parent)) {
      out.push(child);
      walk(child);
    }
  };
  walk(id);
  return out;
}

/** 获取部门列表 (旧版) — GET /department/list?access_token=&id=&fetch_child=&lang= */
export const departmentListLegacy = tokenRoute({
  id: 'oapi.department.list',
  method: 'GET',
  path: '/department/list',
  host: 'oapi',
  style: 'plain',
  params: z.object({
    id: deptId().optional(),
    fetch_child: bool().optional(),
    lang: z.string().optional(),
  }),
  handle(call) {
    const dir = call.tenant.directory;
    const parent = department(call, call.params.id ?? ROOT_DEPT_ID, 'id');
    // Without fetch_child the whole subtree comes back, as the products that call it with the token
    // alone expect (observed: ZenTao, Steedos); fetch_child=false gives one level (U).
    const ids =
      call.params.fetch_child === false
        ? [...dir.subDepartments(parent.deptId)]
        : subtree(dir, parent.deptId);
    // The root lists itself first, without parentid (observed: Steedos starts its tree there).
    if (parent.deptId === ROOT_DEPT_ID) ids.unshift(ROOT_DEPT_ID);
    return { department: ids.map((id) => departmentLegacy(dir.getDepartment(id)!)) };
  },
});

/** 获取部门详情 (旧版) — GET /department/get?access_token=&id= */
export const departmentGetLegacy = tokenRoute({
  id: 'oapi.department.get',
  method: 'GET',
  path: '/department/get',
  host: 'oapi',
  style: 'plain',
  params: z.object({ id: deptId(), lang: z.string().optional() }),
  handle(call) {
    return departmentLegacyDetail(department(call, call.params.id, 'id'));
  },
});

/** 获取子部门ID列表 (旧版) — GET /department/list_ids?access_token=&id= (direct children only) */
export const departmentListIdsLegacy = tokenRoute({
  id: 'oapi.department.list_ids',
  method: 'GET',
  path: '/department/list_ids',
  host: 'oapi',
  style: 'plain',
  params: z.object({ id: deptId() }),
  handle(call) {
    const parent = department(call, call.params.id, 'id');
    return { sub_dept_id_list: [...call.tenant.directory.subDepartments(parent.deptId)] };
  },
});

const memberParams = z.object({
  department_id: deptId(),
  offset: int()
    .refine((n) => n >= 0, 'offset must be ≥ 0')
    .optional(),
  size: int()
    .refine((n) => n >= 1 && n <= MAX_PAGE_SIZE, `size must be between 1 and ${MAX_PAGE_SIZE}`)
    .optional(),
  order: z.enum(ORDERS).optional(),
  lang: z.string().optional(),
});

/**
 * A department's direct members. Paged only when offset and size are both given (C: 与size参数同时
 * 设置时才生效); otherwise all of them, hasMore false.
 */
function members(call: AppCall<z.infer<typeof memberParams>>) {
  const { department_id, offset, size, order } = call.params;
  const dir = call.tenant.directory;
  department(call, department_id, 'department_id');
  const ids = dir.orderedMembers(department_id, order ?? 'custom');
  if (offset === undefined || size === undefined) return { ids: [...ids], hasMore: false };
  return { ids: ids.slice(offset, offset + size), hasMore: offset + size < ids.length };
}

/** 获取部门成员 (旧版) — GET /user/simplelist?access_token=&department_id=[&offset=&size=&order=] */
export const userSimpleListLegacy = tokenRoute({
  id: 'oapi.user.simplelist',
  method: 'GET',
  path: '/user/simplelist',
  host: 'oapi',
  style: 'plain',
  params: memberParams,
  handle(call) {
    const { ids, hasMore } = members(call);
    const dir = call.tenant.directory;
    return { hasMore, userlist: ids.map((id) => ({ userid: id, name: dir.getUser(id)!.name })) };
  },
});

/** 获取部门成员（详情） (旧版) — GET /user/list?access_token=&department_id=[&offset=&size=&order=] */
export const userListLegacy = tokenRoute({
  id: 'oapi.user.list',
  method: 'GET',
  path: '/user/list',
  host: 'oapi',
  style: 'plain',
  params: memberParams,
  handle(call) {
    const { ids, hasMore } = members(call);
    const dir = call.tenant.directory;
    const deptIdAsked = call.params.department_id;
    return { hasMore, userlist: ids.map((id) => userLegacyListItem(dir.getUser(id)!, deptIdAsked, dir)) };
  },
});

/** 获取部门用户userid列表 (旧版) — GET /user/getDeptMember?access_token=&deptId= */
export const userGetDeptMemberLegacy = tokenRoute({
  id: 'oapi.user.getDeptMember',
  method: 'GET',
  path: '/user/getDeptMember',
  host: 'oapi',
  style: 'plain',
  params: z.object({ deptId: deptId() }),
  handle(call) {
    department(call, call.params.deptId, 'deptId');
    return { userIds: [...call.tenant.directory.membersOf(call.params.deptId)] };
  },
});

/** The user fields an app holding 成员信息读权限 reads (U: DingTalk lists the fields the corp allowed). */
const USER_FIELDS = [
  'name',
  'tel',
  'workPlace',
  'remark',
  'mobile',
  'email',
  'orgEmail',
  'active',
  'isAdmin',
  'isBoss',
  'dingId',
  'unionid',
  'isHide',
  'department',
  'position',
  'avatar',
  'hiredDate',
  'jobnumber',
  'extattr',
];

/**
 * 获取通讯录权限范围 — GET /auth/scopes?access_token= : the app's visible range as departments and
 * users (全部员工 → [1]), and the user fields it may read.
 */
export const authScopes = tokenRoute({
  id: 'oapi.auth.scopes',
  method: 'GET',
  path: '/auth/scopes',
  host: 'oapi',
  style: 'plain',
  params: z.object({}),
  handle(call) {
    const range = call.app.visibleRange;
    const everyone = range.deptIds.length === 0 && range.userids.length === 0;
    return {
      auth_user_field: call.app.scopes.includes('qyapi_get_member') ? [...USER_FIELDS] : [],
      condition_field: [],
      auth_org_scopes: {
        authed_dept: everyone ? [ROOT_DEPT_ID] : [...range.deptIds],
        authed_user: everyone ? [] : [...range.userids],
      },
    };
  },
});
