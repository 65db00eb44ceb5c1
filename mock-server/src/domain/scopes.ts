/**
 * Permission points (权限点) as the developer console lists them under 权限管理. The sandbox enforces
 * the ones its endpoints need; the names and descriptions show in the console.
 * Scope → endpoint mapping follows the integration guide's FAQ and the public permission tables
 * mirrored in dingtalk-api.md §5 (O: observed, not from an official table).
 */
export interface ScopeInfo {
  scope: string;
  name: string;
  group: string;
}

export const SCOPES: readonly ScopeInfo[] = [
  { scope: 'qyapi_get_member', name: '成员信息读权限', group: '通讯录管理' },
  { scope: 'qyapi_get_department_list', name: '通讯录部门信息读权限', group: '通讯录管理' },
  { scope: 'qyapi_get_department_member', name: '通讯录部门成员读权限', group: '通讯录管理' },
  { scope: 'qyapi_get_member_by_mobile', name: '根据手机号获取成员基本信息权限', group: '通讯录管理' },
  { scope: 'Contact.User.Read', name: '个人手机号信息 / 通讯录个人信息读权限', group: '个人权限' },
  { scope: 'Contact.User.mobile', name: '个人手机号信息', group: '个人权限' },
  { scope: 'qyapi_robot_sendmsg', name: '企业内机器人发送消息权限', group: '机器人' },
  { scope: 'qyapi_message_corpconversation', name: '工作通知消息发送权限', group: '消息通知' },
];

export const KNOWN_SCOPES: ReadonlySet<string> = new Set(SCOPES.map((s) => s.scope));

/** The scopes the guide asks an admin to grant (login + account sync). */
export const GUIDE_SCOPES = [
  'qyapi_get_member',
  'qyapi_get_department_list',
  'qyapi_get_department_member',
] as const;
