/**
 * 通讯录 > 搜索 on api.dingtalk.com (docs/dingtalk/directory.md, "Search"): userids by name, dept ids
 * by department name, as the official SDK's searchUser / searchDepartment call them. Permission
 * point qyapi_addresslist_search (C). The sandbox matches names only: it has no pinyin or English
 * names (U).
 */
import * as z from 'zod';
import { int, str } from '../params.ts';
import { tokenRoute } from '../route.ts';

const page = {
  queryWord: str(),
  offset: int().refine((n) => n >= 0, 'offset must be ≥ 0'),
  size: int().refine((n) => n >= 1, 'size must be ≥ 1'),
};

/** One page of the matches, in DingTalk's answer shape: {hasMore, totalCount, list}. */
function answer<T>(matches: readonly T[], offset: number, size: number) {
  const list = matches.slice(offset, offset + size);
  return { hasMore: offset + list.length < matches.length, totalCount: matches.length, list };
}

/** 搜索用户userId — POST /v1.0/contact/users/search {queryWord, offset, size, fullMatchField} */
export const contactUsersSearch = tokenRoute({
  id: 'api.contact.users.search',
  method: 'POST',
  path: '/v1.0/contact/users/search',
  host: 'api',
  // fullMatchField 1: the whole name must match (C).
  params: z.object({ ...page, fullMatchField: int().optional() }),
  handle(call) {
    const { queryWord, offset, size, fullMatchField } = call.params;
    const word = queryWord.trim();
    const exact = fullMatchField === 1;
    const matches: string[] = [];
    for (const u of call.tenant.directory.allUsers()) {
      if (!u.resigned && (exact ? u.name === word : u.name.includes(word))) matches.push(u.userid);
    }
    return answer(matches, offset, size);
  },
});

/** 搜索部门ID — POST /v1.0/contact/departments/search {queryWord, offset, size} */
export const contactDepartmentsSearch = tokenRoute({
  id: 'api.contact.departments.search',
  method: 'POST',
  path: '/v1.0/contact/departments/search',
  host: 'api',
  params: z.object(page),
  handle(call) {
    const word = call.params.queryWord.trim();
    const matches: number[] = [];
    for (const d of call.tenant.directory.allDepartments()) if (d.name.includes(word)) matches.push(d.deptId);
    return answer(matches, call.params.offset, call.params.size);
  },
});
