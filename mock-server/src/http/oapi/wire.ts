/**
 * Domain users and departments in legacy wire form (snake_case, DingTalk's field names and types;
 * empty optional strings are left out, as DingTalk leaves them out).
 */
import type { Department, Directory, User } from '../../domain/directory/directory.ts';
import { extensionFields, ROOT_DEPT_ID } from '../../domain/directory/directory.ts';

function optional(out: Record<string, unknown>, key: string, value: string): void {
  if (value) out[key] = value;
}

/** The user object of /topapi/v2/user/get. */
export function userV2(
  u: User,
  dir: Directory,
  withMobile: boolean,
  listedIn?: number,
): Record<string, unknown> {
  // Built with or without the mobile fields, never deleted afterwards: a `delete` turns the object
  // into a slow dictionary that JSON.stringify then walks on every call (npm run bench: −15 % req/s).
  const out: Record<string, unknown> = {
    userid: u.userid,
    unionid: u.unionid,
    name: u.name,
    avatar: u.avatar,
  };
  if (withMobile) out.state_code = u.stateCode;
  optional(out, 'manager_userid', u.managerUserid);
  if (withMobile) optional(out, 'mobile', u.mobile);
  out.hide_mobile = false;
  optional(out, 'telephone', u.telephone);
  optional(out, 'job_number', u.jobNumber);
  optional(out, 'title', u.title);
  optional(out, 'email', u.email);
  optional(out, 'work_place', u.workPlace);
  optional(out, 'remark', u.remark);
  out.dept_id_list = [...u.deptIds];
  if (listedIn === undefined)
    out.dept_order_list = u.deptIds.map((d) => ({ dept_id: d, order: deptOrder(u, d, dir) }));
  optional(out, 'extension', u.extension ?? '');
  out.hired_date = u.hiredDate;
  out.active = u.active;
  out.real_authed = u.realAuthed;
  optional(out, 'org_email', u.orgEmail);
  out.senior = u.senior;
  out.admin = u.admin;
  out.boss = u.boss;
  if (listedIn === undefined) {
    out.leader_in_dept = u.deptIds.map((d) => ({ dept_id: d, leader: u.leaderInDepts.includes(d) }));
    out.role_list = u.admin ? [{ id: 1, name: '主管理员', group_name: '默认' }] : [];
  }
  // A 专属帐号登录名 makes the user a 钉钉自建专属帐号 (exclusive_account_type dingtalk).
  out.exclusive_account = Boolean(u.loginId);
  if (u.loginId) {
    out.exclusive_account_type = 'dingtalk';
    out.login_id = u.loginId;
  }
  if (listedIn !== undefined) {
    out.dept_order = deptOrder(u, listedIn, dir);
    out.leader = u.leaderInDepts.includes(listedIn);
  }
  return out;
}

/** A list item of /topapi/v2/user/list: the user object plus its order and leadership in that department. */
export function userListItem(
  u: User,
  deptId: number,
  dir: Directory,
  withMobile: boolean,
): Record<string, unknown> {
  return userV2(u, dir, withMobile, deptId);
}

/** A user's position in a department, as a large sortable number (DingTalk's orders look like this). */
function deptOrder(u: User, _deptId: number, dir: Directory): number {
  return dir.sortKeyOf(u.userid);
}

/** The old /user/get shape (camelCase and quirks of the 2017 API). */
export function userLegacy(u: User): Record<string, unknown> {
  const leaderMap = `{${u.deptIds.map((d) => `${d}:${u.leaderInDepts.includes(d)}`).join(',')}}`;
  const orderMap = `{${u.deptIds.map((d) => `${d}:${176_000_000_000}`).join(',')}}`;
  return {
    userid: u.userid,
    unionid: u.unionid,
    name: u.name,
    tel: u.telephone,
    workPlace: u.workPlace,
    remark: u.remark,
    mobile: u.mobile,
    stateCode: u.stateCode,
    email: u.email,
    // An empty 企业邮箱 is left out, as the topapi object leaves out empty strings (U for this old shape).
    ...(u.orgEmail ? { orgEmail: u.orgEmail } : {}),
    active: u.active,
    orderInDepts: orderMap,
    isAdmin: u.admin,
    isBoss: u.boss,
    isLeaderInDepts: leaderMap,
    isHide: false,
    department: [...u.deptIds],
    position: u.title,
    avatar: u.avatar,
    hiredDate: u.hiredDate,
    jobnumber: u.jobNumber,
    extattr: extensionFields(u),
    isSenior: u.senior,
    realAuthed: u.realAuthed,
    roles: u.admin ? [{ id: 1, name: '主管理员', groupName: '默认' }] : [],
  };
}

/** Department detail of /topapi/v2/department/get. */
export function departmentDetail(d: Department): Record<string, unknown> {
  const out: Record<string, unknown> = { dept_id: d.deptId, name: d.name };
  if (d.deptId !== ROOT_DEPT_ID) out.parent_id = d.parentId;
  out.order = d.order;
  optional(out, 'brief', d.brief);
  optional(out, 'source_identifier', d.sourceIdentifier);
  out.create_dept_group = d.createDeptGroup;
  out.auto_add_user = d.autoAddUser;
  out.auto_approve_apply = false;
  out.from_union_org = false;
  out.group_contain_sub_dept = false;
  out.dept_manager_userid_list = [...d.managerUserids];
  out.outer_dept = false;
  out.hide_dept = d.hideDept;
  return out;
}

/** Item of /topapi/v2/department/listsub. */
export function departmentBrief(d: Department): Record<string, unknown> {
  return {
    dept_id: d.deptId,
    name: d.name,
    parent_id: d.parentId,
    create_dept_group: d.createDeptGroup,
    auto_add_user: d.autoAddUser,
  };
}

/**
 * The old API's dingId (钉钉ID): DingTalk's `$:LWCP_v1:$…` form (C: 2016 doc and SDK name the field;
 * the value here is derived from the unionid, stable per user, U).
 */
export function dingIdOf(u: User): string {
  return `$:LWCP_v1:$${Buffer.from(u.unionid).toString('base64')}`;
}

/** A member of the old GET /user/list: the old user object with its order and leadership in that department. */
export function userLegacyListItem(u: User, deptId: number, dir: Directory): Record<string, unknown> {
  const item = userLegacy(u);
  delete item.orderInDepts;
  delete item.isLeaderInDepts;
  delete item.roles;
  return {
    ...item,
    dingId: dingIdOf(u),
    order: dir.sortKeyOf(u.userid),
    isLeader: u.leaderInDepts.includes(deptId),
  };
}

/** An item of the old GET /department/list (camelCase; the root has no parentid). */
export function departmentLegacy(d: Department): Record<string, unknown> {
  const out: Record<string, unknown> = { id: d.deptId, name: d.name };
  if (d.deptId !== ROOT_DEPT_ID) out.parentid = d.parentId;
  out.createDeptGroup = d.createDeptGroup;
  out.autoAddUser = d.autoAddUser;
  optional(out, 'sourceIdentifier', d.sourceIdentifier);
  return out;
}

/** The old GET /department/get answer: the department's fields at the envelope's top level. */
export function departmentLegacyDetail(d: Department): Record<string, unknown> {
  const out = departmentLegacy(d);
  return {
    ...out,
    order: d.order,
    deptHiding: d.hideDept,
    deptPermits: '',
    userPermits: '',
    outerDept: false,
    outerPermitDepts: '',
    outerPermitUsers: '',
    orgDeptOwner: d.managerUserids[0] ?? '',
    deptManagerUseridList: d.managerUserids.join('|'),
    groupContainSubDept: false,
    isFromUnionOrg: false,
  };
}
