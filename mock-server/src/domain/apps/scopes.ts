/**
 * The one permission table (权限点): what the console lists under 权限管理, what each served
 * endpoint requires (the HTTP layer reads `requiredScope` when it builds its routes) and what the
 * minimal-permission report names. Facts and sources: docs/dingtalk/permissions.md.
 *
 * Each point has a name (权限信息), a category and the APIs (接口) it opens, by DingTalk's document
 * title and "METHOD /path" with `{param}` placeholders. An API marked `field` is answered without
 * the point (the point only adds fields, e.g. mobile) and is not enforced. Points `byDefault` are
 * held by every internal app from its creation (默认开通). Names and codes: docs/dingtalk/console-ui.md (C);
 * API → point mapping: DingTalk's API pages (O) unless an entry says `inferred` (U).
 */
export interface ScopeApi {
  /** DingTalk's document title for the API, e.g. 查询用户详情. */
  name: string;
  /** The endpoint, e.g. POST /topapi/v2/user/get. */
  path: string;
  /** The point only adds fields to this API's answer; the API works without it. */
  field?: boolean;
  /** DingTalk's page does not name the point; the sandbox infers it (U). */
  inferred?: boolean;
}

export interface ScopeInfo {
  scope: string;
  name: string;
  group: string;
  apis?: readonly ScopeApi[];
  /** Every internal app holds it from creation (默认开通). */
  byDefault?: boolean;
}

const ME = 'GET /v1.0/contact/users/{unionId}';

export const SCOPES: readonly ScopeInfo[] = [
  {
    scope: 'qyapi_base',
    name: '调用企业API基础权限',
    group: '默认目录',
    byDefault: true,
    apis: [
      { name: '通过免登码获取用户信息', path: 'POST /topapi/v2/user/getuserinfo' },
      { name: '通过免登码获取用户信息（旧版）', path: 'GET /user/getuserinfo', inferred: true },
      { name: '获取jsapiTicket', path: 'POST /v1.0/oauth2/jsapiTickets' },
      { name: '获取jsapi_ticket（旧版）', path: 'GET /get_jsapi_ticket', inferred: true },
      { name: '发送工作通知', path: 'POST /topapi/message/corpconversation/asyncsend_v2' },
      { name: '获取工作通知消息的发送进度', path: 'POST /topapi/message/corpconversation/getsendprogress' },
      { name: '获取工作通知消息的发送结果', path: 'POST /topapi/message/corpconversation/getsendresult' },
      { name: '撤回工作通知消息', path: 'POST /topapi/message/corpconversation/recall' },
      { name: '更新工作通知状态栏', path: 'POST /topapi/message/corpconversation/status_bar/update' },
      { name: '使用模板发送工作通知消息', path: 'POST /topapi/message/corpconversation/sendbytemplate' },
      { name: '上传媒体文件', path: 'POST /media/upload', inferred: true },
      { name: '发送企业会话消息（旧版）', path: 'POST /message/send', inferred: true },
      { name: '获取通讯录权限范围', path: 'GET /auth/scopes', inferred: true },
      { name: '获取回调失败的结果', path: 'GET /call_back/get_call_back_failed_result', inferred: true },
    ],
  },
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
      { name: '获取部门用户userid列表（旧版）', path: 'GET /user/getDeptMember', inferred: true },
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
      { name: '获取指定用户的所有父部门列表', path: 'POST /topapi/v2/department/listparentbyuser' },
      { name: '获取指定部门的所有父部门列表', path: 'POST /topapi/v2/department/listparentbydept' },
      { name: '获取部门列表（旧版）', path: 'GET /department/list', inferred: true },
      { name: '获取部门详情（旧版）', path: 'GET /department/get', inferred: true },
      { name: '获取子部门ID列表（旧版）', path: 'GET /department/list_ids', inferred: true },
    ],
  },
  {
    scope: 'qyapi_get_department_member',
    name: '通讯录部门成员读权限',
    group: '通讯录管理',
    apis: [
      { name: '获取部门用户详情', path: 'POST /topapi/v2/user/list' },
      { name: '获取部门用户基础信息', path: 'POST /topapi/user/listsimple' },
      { name: '获取部门成员（旧版）', path: 'GET /user/simplelist', inferred: true },
      { name: '获取部门成员详情（旧版）', path: 'GET /user/list', inferred: true },
    ],
  },
  {
    // Without it the user reads answer without `mobile` (and `state_code`, U): a common misconfiguration.
    scope: 'fieldMobile',
    name: '企业员工手机号信息',
    group: '通讯录管理',
    apis: [
      { name: '查询用户详情', path: 'POST /topapi/v2/user/get', field: true },
      { name: '获取部门用户详情', path: 'POST /topapi/v2/user/list', field: true },
      { name: '获取用户详情（旧版）', path: 'GET /user/get', field: true, inferred: true },
    ],
  },
  {
    scope: 'qyapi_get_member_by_mobile',
    name: '根据手机号获取成员基本信息权限',
    group: '通讯录管理',
    apis: [
      { name: '根据手机号查询用户', path: 'POST /topapi/v2/user/getbymobile' },
      // The same call as GET with query fields (herald-dingtalk, the .NET SDK): the gateway reads both (O).
      { name: '根据手机号查询用户（GET）', path: 'GET /topapi/v2/user/getbymobile' },
    ],
  },
  {
    // Point code C (the APIs' pages); the console's name for it U.
    scope: 'qyapi_addresslist_search',
    name: '通讯录搜索权限',
    group: '通讯录管理',
    apis: [
      { name: '搜索用户userId', path: 'POST /v1.0/contact/users/search' },
      { name: '搜索部门ID', path: 'POST /v1.0/contact/departments/search' },
    ],
  },
  {
    // Point code C (the API's page); the console's name for it U.
    scope: 'Contact.Common.Read',
    name: '通讯录基础信息读权限',
    group: '通讯录管理',
    apis: [{ name: '查询离职记录列表', path: 'GET /v1.0/contact/empLeaveRecords' }],
  },
  {
    // The 智能人事 read point (code C: its sister pages, queryonjob …); the archived leaver pages name
    // none, so their mapping is U. Name O (go-ldap-admin's and open-dingtalk's setup guides).
    scope: 'qyapi_hrm_read_user',
    name: '查询钉钉HRM个人信息的权限',
    group: '智能人事',
    apis: [
      {
        name: '获取离职员工列表',
        path: 'POST /topapi/smartwork/hrm/employee/querydimission',
        inferred: true,
      },
      { name: '获取员工离职信息', path: 'POST /topapi/smartwork/hrm/employee/listdimission', inferred: true },
    ],
  },
  {
    scope: 'Contact.User.Read',
    name: '通讯录个人信息读权限',
    group: '个人权限',
    apis: [{ name: '获取用户通讯录个人信息', path: ME }],
  },
  {
    scope: 'Contact.User.mobile',
    name: '个人手机号信息',
    group: '个人权限',
    apis: [{ name: '获取用户通讯录个人信息', path: ME, field: true }],
  },
  {
    scope: 'qyapi_robot_sendmsg',
    name: '企业内机器人发送消息权限',
    group: '机器人',
    apis: [
      { name: '机器人发送群聊消息', path: 'POST /v1.0/robot/groupMessages/send' },
      { name: '批量发送人与机器人会话中机器人消息', path: 'POST /v1.0/robot/oToMessages/batchSend' },
      { name: '批量查询人与机器人会话机器人消息是否已读', path: 'GET /v1.0/robot/oToMessages/readStatus' },
      { name: '下载机器人接收消息的文件内容', path: 'POST /v1.0/robot/messageFiles/download' },
      { name: '企业机器人撤回内部群消息', path: 'POST /v1.0/robot/groupMessages/recall' },
      { name: '批量撤回人与机器人会话中机器人消息', path: 'POST /v1.0/robot/otoMessages/batchRecall' },
      { name: '机器人贴表情', path: 'POST /v1.0/robot/emotion/reply', inferred: true },
      { name: '机器人撤回表情', path: 'POST /v1.0/robot/emotion/recall', inferred: true },
    ],
  },
  {
    // Point code C (the card APIs' pages; 互动卡片实例写权限 O: a public issue where granting it fixed a 403).
    scope: 'Card.Instance.Write',
    name: '互动卡片实例写权限',
    group: '互动卡片',
    apis: [
      { name: '创建并投放卡片', path: 'POST /v1.0/card/instances/createAndDeliver' },
      { name: '创建卡片', path: 'POST /v1.0/card/instances' },
      { name: '投放卡片', path: 'POST /v1.0/card/instances/deliver' },
      { name: '更新卡片', path: 'PUT /v1.0/card/instances' },
    ],
  },
  {
    // Point code C (the streaming API's page); the console's name for it U.
    scope: 'Card.Streaming.Write',
    name: 'AI卡片流式更新权限',
    group: '互动卡片',
    apis: [{ name: 'AI互动卡片流式更新', path: 'PUT /v1.0/card/streaming' }],
  },
  {
    scope: 'qyapi_chat_manage',
    name: '钉钉群基础信息管理权限',
    group: '即时通信',
    apis: [
      { name: '创建群会话', path: 'POST /chat/create', inferred: true },
      { name: '修改群会话', path: 'POST /chat/update', inferred: true },
      { name: '发送消息到企业群', path: 'POST /chat/send', inferred: true },
    ],
  },
  {
    scope: 'qyapi_chat_read',
    name: '钉钉群基础信息读权限',
    group: '即时通信',
    apis: [{ name: '查询群信息', path: 'GET /chat/get' }],
  },
  // docs/dingtalk/console-ui.md's remaining rows (C for names and codes; categories U); not served.
  {
    scope: 'Contact.User.alipayAccount',
    name: '个人支付宝绑定信息',
    group: '个人权限',
    apis: [{ name: '获取用户通讯录个人信息', path: ME, field: true }],
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

/**
 * Served APIs DingTalk documents without a permission point an admin grants (无需权限): the
 * credential calls, the legacy signed code exchange and custom robot webhooks (their own token).
 * `POST /v1.0/oauth2/userAccessToken` names `open_app_api_base`, a base point the console never
 * lists; the sandbox does not model it.
 */
export const NO_SCOPE_APIS: readonly ScopeApi[] = [
  { name: '获取企业内部应用的access_token', path: 'GET /gettoken' },
  { name: '获取企业内部应用的accessToken', path: 'POST /v1.0/oauth2/accessToken' },
  { name: '获取企业accessToken', path: 'POST /v1.0/oauth2/{corpId}/token' },
  { name: '获取用户token', path: 'POST /v1.0/oauth2/userAccessToken' },
  { name: '根据sns临时授权码获取用户信息', path: 'POST /sns/getuserinfo_bycode' },
  { name: '自定义机器人发送群消息', path: 'POST /robot/send' },
  { name: '建立 Stream 连接', path: 'POST /v1.0/gateway/connections/open' },
  { name: '机器人回复消息（sessionWebhook）', path: 'POST /robot/sendBySession' },
  { name: '机器人接收的文件（downloadUrl）', path: 'GET /v1.0/robot/messageFiles/content/{token}' },
];

export const KNOWN_SCOPES: ReadonlySet<string> = new Set(SCOPES.map((s) => s.scope));

export const scopeInfo = (scope: string): ScopeInfo | undefined => SCOPES.find((s) => s.scope === scope);

/** The points every new internal app holds (默认开通). */
export const DEFAULT_SCOPES: readonly string[] = SCOPES.filter((s) => s.byDefault).map((s) => s.scope);

/** "POST /v1.0/oauth2/:corpId/token" (a router path) → "POST /v1.0/oauth2/{corpId}/token". */
export const apiKey = (method: string, path: string): string =>
  `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`;

const REQUIRED = new Map<string, string>();
for (const s of SCOPES) for (const a of s.apis ?? []) if (!a.field) REQUIRED.set(a.path, s.scope);

/** The point an endpoint requires, from the table; undefined when it needs none. */
export const requiredScope = (method: string, path: string): string | undefined =>
  REQUIRED.get(apiKey(method, path));

/** The scopes the guide asks an admin to grant (login + account sync). */
export const GUIDE_SCOPES = [
  'qyapi_get_member',
  'qyapi_get_department_list',
  'qyapi_get_department_member',
] as const;
