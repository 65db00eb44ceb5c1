/** 通讯录管理 > 用户管理: reading users (docs/dingtalk/directory.md). Scopes per route in ./index.ts. */
import * as z from 'zod';
import type { Directory, User } from '../../domain/directory/directory.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { hasScope, type App } from '../../domain/apps/apps.ts';
import { bool, deptIdParam, int, str } from '../params.ts';
import { department } from './departments.ts';
import { tokenRoute, type AppCall } from '../route.ts';
import { userLegacy, userListItem, userV2 } from './wire.ts';

/**
 * 企业员工手机号信息 (fieldMobile): without it DingTalk leaves `mobile` out of the topapi user reads
 * (C: the user detail page); `state_code` with it (U). The call itself still works.
 */
const withMobile = (app: App): boolean => hasScope(app, 'fieldMobile');

export const MAX_PAGE_SIZE = 100;

function findUser(dir: Directory, userid: string, call: AppCall<unknown>): User {
  const u = dir.getUser(userid);
  if (!u)
    throw new DingTalkError(
      'userNotFound',
      because(
        `组织 ${call.tenant.corpId} 中没有 userid 为 "${userid}" 的用户`,
        `no user with userid "${userid}" in corp ${call.tenant.corpId}`,
      ),
    );
  if (u.resigned)
    throw new DingTalkError(
      'userNotFound',
      because(`用户 "${userid}"（${u.name}）已离职`, `user "${userid}" (${u.name}) has left the company`),
    );
  return u;
}

/** 查询用户详情 — POST /topapi/v2/user/get */
export const userGet = tokenRoute({
  id: 'oapi.v2.user.get',
  method: 'POST',
  path: '/topapi/v2/user/get',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ userid: str(), language: z.string().optional() }),
  handle(call) {
    const u = findUser(call.tenant.directory, call.params.userid, call);
    call.state.userid = u.userid;
    return { result: userV2(u, call.tenant.directory, withMobile(call.app)) };
  },
});

/** 根据unionid获取用户userid — POST /topapi/user/getbyunionid */
export const userGetByUnionid = tokenRoute({
  id: 'oapi.user.getbyunionid',
  method: 'POST',
  path: '/topapi/user/getbyunionid',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ unionid: str() }),
  handle(call) {
    const u = call.tenant.directory.getUserByUnionid(call.params.unionid);
    if (!u || u.resigned) {
      throw new DingTalkError(
        'userNotFound',
        u
          ? because(
              `unionid 为 ${call.params.unionid} 的用户（${u.userid}）已离职`,
              `the user with unionid ${call.params.unionid} (${u.userid}) has left the company`,
            )
          : because(
              `组织 ${call.tenant.corpId} 中没有 unionid 为 "${call.params.unionid}" 的用户`,
              `no user with unionid "${call.params.unionid}" in corp ${call.tenant.corpId}`,
            ),
      );
    }
    call.state.userid = u.userid;
    return { result: { contact_type: 0, userid: u.userid } };
  },
});

const pageParams = z.object({
  dept_id: deptIdParam(),
  cursor: int().refine((n) => n >= 0, 'cursor must be ≥ 0'),
  size: int().refine((n) => n >= 1 && n <= MAX_PAGE_SIZE, `size must be between 1 and ${MAX_PAGE_SIZE}`),
  order_field: z.enum(['entry_asc', 'entry_desc', 'modify_asc', 'modify_desc', 'custom']).optional(),
  contain_access_limit: bool().optional(),
  language: z.string().optional(),
});

type PageParams = z.infer<typeof pageParams>;

/** One page of a department's members: a slice, so its cost does not grow with the tenant. */
function page(call: AppCall<PageParams>): { users: User[]; hasMore: boolean; next: number } {
  const dir = call.tenant.directory;
  const { dept_id, cursor, size, order_field } = call.params;
  department(call, dept_id);
  const ids = dir.orderedMembers(dept_id, order_field ?? 'custom');
  const slice = ids.slice(cursor, cursor + size);
  const users = slice.map((id) => dir.getUser(id)!);
  const next = cursor + slice.length;
  return { users, hasMore: next < ids.length, next };
}

/** 获取部门用户详情 — POST /topapi/v2/user/list */
export const userList = tokenRoute({
  id: 'oapi.v2.user.list',
  method: 'POST',
  path: '/topapi/v2/user/list',
  host: 'oapi',
  style: 'topapi',
  params: pageParams,
  handle(call) {
    const { users, hasMore, next } = page(call);
    const dir = call.tenant.directory;
    return {
      result: {
        has_more: hasMore,
        ...(hasMore ? { next_cursor: next } : {}),
        list: users.map((u) => userListItem(u, call.params.dept_id, dir, withMobile(call.app))),
      },
    };
  },
});

/** 获取部门用户基础信息 — POST /topapi/user/listsimple */
export const userListSimple = tokenRoute({
  id: 'oapi.user.listsimple',
  method: 'POST',
  path: '/topapi/user/listsimple',
  host: 'oapi',
  style: 'topapi',
  params: pageParams,
  handle(call) {
    const { users, hasMore, next } = page(call);
    return {
      result: {
        has_more: hasMore,
        ...(hasMore ? { next_cursor: next } : {}),
        list: users.map((u) => ({ userid: u.userid, name: u.name })),
      },
    };
  },
});

/** 获取部门用户userid列表 — POST /topapi/user/listid */
export const userListId = tokenRoute({
  id: 'oapi.user.listid',
  method: 'POST',
  path: '/topapi/user/listid',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ dept_id: deptIdParam() }),
  handle(call) {
    department(call, call.params.dept_id);
    return { result: { userid_list: [...call.tenant.directory.membersOf(call.params.dept_id)] } };
  },
});

/** 获取员工人数 — POST /topapi/user/count */
export const userCount = tokenRoute({
  id: 'oapi.user.count',
  method: 'POST',
  path: '/topapi/user/count',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ only_active: bool() }),
  handle(call) {
    return { result: { count: call.tenant.directory.countUsers(call.params.only_active) } };
  },
});

/** 获取用户详情 (旧版) — GET /user/get?access_token=&userid= */
export const userGetLegacy = tokenRoute({
  id: 'oapi.user.get',
  method: 'GET',
  path: '/user/get',
  host: 'oapi',
  style: 'plain',
  params: z.object({ userid: str() }),
  handle(call) {
    const u = findUser(call.tenant.directory, call.params.userid, call);
    call.state.userid = u.userid;
    return userLegacy(u);
  },
});
