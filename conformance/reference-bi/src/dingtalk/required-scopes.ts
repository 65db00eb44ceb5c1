/**
 * The permission points (权限点) this BI needs in the DingTalk console, per QR-login generation, and
 * why — what the settings page's 所需权限 lists and what S3 grants. The new-generation login reads
 * the signed-in person through /v1.0/contact/users/me, a personal point the guide (written for the
 * legacy flow) does not name.
 */
export interface RequiredScope {
  scope: string;
  /** What breaks without it. */
  feature: string;
  /** The calls that need it. */
  why: string;
  /** Every internal app holds it from creation (默认开通); listed so nobody revokes it. */
  byDefault?: boolean;
}

const MEMBER: RequiredScope = {
  scope: 'qyapi_get_member',
  feature: '钉钉登录（扫码与应用内免登）',
  why: '由 unionid 查 UserID（/topapi/user/getbyunionid）并读取成员详情（/topapi/v2/user/get）',
};
const ME: RequiredScope = {
  scope: 'Contact.User.Read',
  feature: '扫码登录（新版）',
  why: '读取扫码者本人的 unionId（/v1.0/contact/users/me，个人权限）',
};
const BASE: RequiredScope = {
  scope: 'qyapi_base',
  feature: '应用内免登、JSAPI 鉴权、工作通知',
  why: '免登码换用户（/topapi/v2/user/getuserinfo）、dd.config 的 jsapi_ticket、发送工作通知（asyncsend_v2）',
  byDefault: true,
};
const DEPTS: RequiredScope = {
  scope: 'qyapi_get_department_list',
  feature: '账户同步',
  why: '逐级读取部门（/topapi/v2/department/listsub）',
};
const DEPT_MEMBERS: RequiredScope = {
  scope: 'qyapi_get_department_member',
  feature: '账户同步',
  why: '分页读取部门成员（/topapi/v2/user/list）',
};

/** Every point the chosen generation needs, login first. The group robot (webhook) needs none. */
export function requiredScopes(generation: 'new' | 'legacy'): RequiredScope[] {
  return generation === 'new' ? [MEMBER, ME, BASE, DEPTS, DEPT_MEMBERS] : [MEMBER, BASE, DEPTS, DEPT_MEMBERS];
}
