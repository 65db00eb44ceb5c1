/**
 * Permission points (权限点) as the developer console lists them under 权限管理: name (权限信息),
 * category, and the APIs (接口) each one opens. The sandbox enforces the ones its endpoints need;
 * the rest are listed so the console looks and searches like DingTalk's.
 * Names and codes: dingtalk-ui.md §5 (C: seen in screenshots or quoted by READMEs [P5][C8]).
 * API names are DingTalk's document titles (O: observed in the open platform's docs); categories
 * of the last few points are inferred (U).
 */
export interface ScopeApi {
  /** DingTalk's document title for the API, e.g. 查询用户详情. */
  name: string;
  /** The endpoint, e.g. POST /topapi/v2/user/get. */
  path: string;
}

export interface ScopeInfo {
  scope: string;
  name: string;
  group: string;
  apis?: readonly ScopeApi[];
}

export const SCOPES: readonly ScopeInfo[] = [
  {
    scope: 'qyapi_get_member',
    name: '成员信息读权限',
    group: '通讯录管理',
    apis: [
      { name: '查询用户详情', path: 'POST /topapi/v2/user/get' },
      { name: '根据unionid获取用户userid', path: 'POST /topapi/user/getbyunionid' },
      { name: '获取部门用户userid列表', path: 'POST /topapi/user/listid' },
      { name: '获取员工人数', path: 'POST /topapi/user/count' },
      { name: '获取用户详情（旧版）', path: 'GET /user/get' },
    ],
  },
  {
    scope: 'qyapi_get_department_list',
    name: '通讯录部门信息读权限',
    group: '通讯录管理',
    apis: [
      { name: '获取部门详情', path: 'POST /topapi/v2/department/get' },
      { name: '获取部门列表', path: 'POST /topapi/v2/department/listsub' },
      { name: '获取子部门ID列表', path: 'POST /topapi/v2/department/listsubid' },
    ],
  },
  {
    scope: 'qyapi_get_department_member',
    name: '通讯录部门成员读权限',
    group: '通讯录管理',
    apis: [
      { name: '获取部门用户详情', path: 'POST /topapi/v2/user/list' },
      { name: '获取部门用户基础信息', path: 'POST /topapi/user/listsimple' },
    ],
  },
  {
    scope: 'qyapi_get_member_by_mobile',
    name: '根据手机号获取成员基本信息权限',
    group: '通讯录管理',
    apis: [{ name: '根据手机号查询用户', path: 'POST /topapi/v2/user/getbymobile' }],
  },
  {
    scope: 'Contact.User.Read',
    name: '通讯录个人信息读权限',
    group: '个人权限',
    apis: [{ name: '获取用户个人信息', path: 'GET /v1.0/contact/users/me' }],
  },
  {
    scope: 'Contact.User.mobile',
    name: '个人手机号信息',
    group: '个人权限',
    apis: [{ name: '获取用户个人信息', path: 'GET /v1.0/contact/users/me' }],
  },
  {
    scope: 'qyapi_robot_sendmsg',
    name: '企业内机器人发送消息权限',
    group: '机器人',
    apis: [
      { name: '机器人发送群聊消息', path: 'POST /v1.0/robot/groupMessages/send' },
      { name: '批量发送人与机器人会话中机器人消息', path: 'POST /v1.0/robot/oToMessages/batchSend' },
    ],
  },
  {
    scope: 'qyapi_message_corpconversation',
    name: '工作通知消息发送权限',
    group: '消息通知',
    apis: [
      { name: '发送工作通知', path: 'POST /topapi/message/corpconversation/asyncsend_v2' },
      { name: '获取工作通知消息的发送进度', path: 'POST /topapi/message/corpconversation/getsendprogress' },
      { name: '获取工作通知消息的发送结果', path: 'POST /topapi/message/corpconversation/getsendresult' },
      { name: '撤回工作通知消息', path: 'POST /topapi/message/corpconversation/recall' },
    ],
  },
  // dingtalk-ui.md §5's remaining rows (C for names and codes; categories U).
  { scope: 'qyapi_base', name: '调用企业API基础权限', group: '默认目录' },
  {
    scope: 'Contact.User.alipayAccount',
    name: '个人支付宝绑定信息',
    group: '个人权限',
    apis: [{ name: '获取用户个人信息', path: 'GET /v1.0/contact/users/me' }],
  },
  {
    scope: 'Calendar.Event.Write',
    name: '日历应用中日程写权限',
    group: '个人权限',
    apis: [{ name: '创建日程', path: 'POST /v1.0/calendar/users/{userId}/calendars/{calendarId}/events' }],
  },
  {
    scope: 'Yida.Form.Read',
    name: '宜搭表单数据读权限',
    group: '宜搭',
    apis: [{ name: '查询表单实例数据', path: 'POST /v1.0/yida/forms/instances/search' }],
  },
];

export const KNOWN_SCOPES: ReadonlySet<string> = new Set(SCOPES.map((s) => s.scope));

export const scopeInfo = (scope: string): ScopeInfo | undefined => SCOPES.find((s) => s.scope === scope);

/** The scopes the guide asks an admin to grant (login + account sync). */
export const GUIDE_SCOPES = [
  'qyapi_get_member',
  'qyapi_get_department_list',
  'qyapi_get_department_member',
] as const;
