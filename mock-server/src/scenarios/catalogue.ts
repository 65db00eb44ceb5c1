/**
 * The scenario catalogue (the integration guide's scenarios S1–A3, and the events V1–V5, the bots B1–B10), one line each, with how to
 * reproduce it in the sandbox: the console's scenario page lists these, and journal refusals link to them.
 */
export interface Scenario {
  id: string;
  group: 'setup' | 'login' | 'guide-errors' | 'beyond' | 'messaging' | 'sync' | 'events' | 'bots';
  /** The scenario in Chinese (shown first); `title` is its English. */
  zh: string;
  title: string;
  /** What should happen (or be seen); `expectedZh` in Chinese when `expected` is not already. */
  expected: string;
  expectedZh?: string;
  /** How to make it happen with the sandbox; `reproduceZh` in Chinese when `reproduce` is not already. */
  reproduce?: string;
  reproduceZh?: string;
}

export const SCENARIO_GROUPS: Record<Scenario['group'], string> = {
  setup: '配置 Setup — 指南步骤 3.1–3.4',
  login: '登录 Login',
  'guide-errors': '常见报错 The guide’s documented errors',
  beyond: '指南之外 Beyond the guide',
  messaging: '消息 Messaging — 订阅预警消息推送至钉钉',
  sync: '账户同步 Account sync',
  events: '事件订阅 Events — 通讯录变更推送',
  bots: '机器人 Bots — Stream 模式、会话、卡片',
};

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'S1',
    group: 'setup',
    zh: '创建应用（名称、描述、图标），添加网页应用，读取 AppKey / AppSecret / AgentId / CorpId',
    expectedZh: '凭证与基础信息中显示这些凭证',
    title: '创建应用 (name, description, icon), 添加网页应用, read AppKey/AppSecret/AgentId/CorpId',
    expected: 'credentials shown under 凭证与基础信息',
    reproduce: '钉钉应用 → 创建应用 → 添加应用能力 → 网页应用 → 凭证与基础信息',
  },
  {
    id: 'S2',
    group: 'setup',
    zh: 'BI 管理员设置 > 系统集成 > 钉钉：填写凭证，测试连接，确定',
    expectedZh: 'Key 或 Secret 错误时原样显示钉钉的报错',
    title: 'BI 管理员设置 > 系统集成 > 钉钉: enter the credentials, 测试连接, 确定',
    expected: 'a wrong key or secret shows DingTalk’s error verbatim',
  },
  {
    id: 'S3',
    group: 'setup',
    zh: '网页应用首页地址、安全设置的重定向URL、权限管理开通权限：qyapi_get_member（登录时由 unionid 查 UserID）、Contact.User.Read（新版扫码登录读取 /v1.0/contact/users/me）、qyapi_get_department_list 和 qyapi_get_department_member（账号同步）；qyapi_base 默认开通（免登、工作通知）',
    expectedZh: '应用立即可用于登录和账号同步',
    reproduceZh:
      '网页应用 → 保存；安全设置 → 重定向URL → 保存；权限管理 → 搜索 → 申请权限（按 BI 的「所需权限」逐项开通）',
    title:
      '网页应用 home URLs, 安全设置 重定向URL, 权限管理 grants: qyapi_get_member (userid lookup at login), Contact.User.Read (the new-generation login’s users/me), the two department points (sync); qyapi_base is held by default (免登, work notifications)',
    expected: 'the app works for login and account sync at once',
    reproduce:
      '网页应用 → 保存; 安全设置 → 重定向URL → 保存; 权限管理 → search → 申请权限 (each point the BI’s 所需权限 lists)',
  },
  {
    id: 'S4',
    group: 'setup',
    zh: 'BI 用户管理：把每个用户的钉钉账号设为其钉钉 UserID（手动或账号同步）',
    expectedZh: '用户已绑定',
    title: 'BI 用户管理: set each user’s 钉钉账号 to the DingTalk UserID (by hand or account sync)',
    expected: 'users bound',
  },
  {
    id: 'L1',
    group: 'login',
    zh: '网页扫码登录（新版，login.dingtalk.com）',
    expectedZh: '登录成功',
    title: 'Web QR login, new generation (login.dingtalk.com)',
    expected: 'signed in',
  },
  {
    id: 'L2',
    group: 'login',
    zh: '网页扫码登录（旧版：qrconnect、sns_authorize、getuserinfo_bycode）',
    expectedZh: '登录成功',
    title: 'Web QR login, legacy generation (qrconnect, sns_authorize, getuserinfo_bycode)',
    expected: 'signed in',
  },
  {
    id: 'L3',
    group: 'login',
    zh: '默认登录方式为钉钉',
    expectedZh: '直接进入扫码页',
    title: 'Default login method = DingTalk',
    expected: 'straight to the QR page',
  },
  {
    id: 'L4',
    group: 'login',
    zh: 'PC 客户端内免登：requestAuthCode → topapi/v2/user/getuserinfo',
    expectedZh: '无需密码即登录',
    title: 'In-app login (免登) in the PC client: requestAuthCode → topapi/v2/user/getuserinfo',
    expected: 'signed in without a password',
  },
  {
    id: 'L5',
    group: 'login',
    zh: '移动客户端（iOS、Android）内免登',
    expectedZh: '登录成功',
    title: 'In-app login in the mobile client (iOS, Android)',
    expected: 'signed in',
  },
  {
    id: 'L6',
    group: 'login',
    zh: '客户端内授权页（授权个人信息，prompt=consent）',
    expectedZh: '登录成功',
    title: 'In-app authorisation page (授权个人信息, prompt=consent)',
    expected: 'signed in',
  },
  {
    id: 'L7',
    group: 'login',
    zh: '退出登录，再以另一个用户登录',
    expectedZh: '显示第二个用户的身份',
    title: 'Sign out, sign in as another user',
    expected: 'the second identity',
  },
  {
    id: 'E1',
    group: 'guide-errors',
    zh: '应用缺少 qyapi_get_member 权限时扫码登录',
    reproduceZh: '使用应用「缺少成员权限的应用」，或 权限管理 → 撤销 qyapi_get_member',
    title: 'QR login while the app lacks qyapi_get_member',
    expected: '登录失败: 没有调用该接口的权限…{requiredScopes=[qyapi_get_member]}',
    reproduce: 'use the app 缺少成员权限的应用, or 权限管理 → revoke qyapi_get_member',
  },
  {
    id: 'E2',
    group: 'guide-errors',
    zh: '扫码的钉钉用户未绑定任何 BI 用户',
    expectedZh: '登录失败: 当前用户未绑定系统账号…bindKey:<UserID>（BI 侧）',
    title: 'QR login as a DingTalk user bound to no BI user',
    expected: '登录失败: 当前用户未绑定系统账号…bindKey:<UserID> (BI side)',
  },
  {
    id: 'E3',
    group: 'guide-errors',
    zh: 'BI 的域名不在重定向URL中时扫码登录',
    reproduceZh: '安全设置 → 从重定向URL中删除 BI 的地址',
    title: 'QR login while the BI’s domain is not among the redirect URLs',
    expected: '无权限: 对不起,你无权限查看该页面,redirect_url的域名不在appid的安全域名内',
    reproduce: '安全设置 → remove the BI’s URL from 重定向URL',
  },
  {
    id: 'E4',
    group: 'guide-errors',
    zh: '客户端内授权时 redirect_uri 或应用 ID 与开发者后台的配置不一致',
    expectedZh: '白屏；请求日志写明原因',
    title: 'In-app authorisation with a redirect_uri or app id that differs from the console',
    expected: 'a blank page (白屏); the journal says why',
  },
  {
    id: 'E5',
    group: 'guide-errors',
    zh: '免登码属于其他应用、被重复使用或已超过 5 分钟',
    reproduceZh:
      '请求日志 → 找到一次免登码换取（getuserinfo）→ 重放：同一个码再换一次，钉钉返回 40078；或 时钟 → +5 分钟 后再换取',
    title: 'In-app code of another app, reused, or older than 5 minutes',
    expected: '不存在的临时授权码 (40078)',
    reproduce:
      'journal → an in-app code exchange (getuserinfo) → 重放 (replay): the same code again answers 40078; or move the clock (时钟) by +5 min before exchanging it',
  },
  {
    id: 'X1',
    group: 'beyond',
    zh: '测试连接时 AppSecret 或 AppKey 错误，或钉钉不可达',
    expectedZh: '原样显示钉钉的报错（40096 / 40089 / invalidClientIdOrSecret）',
    reproduceZh: '凭证与基础信息 → 重置 AppSecret，再使用旧的',
    title: 'Test connection with a wrong AppSecret or AppKey, or DingTalk unreachable',
    expected: 'DingTalk’s error verbatim (40096 / 40089 / invalidClientIdOrSecret)',
    reproduce: '凭证与基础信息 → 重置 AppSecret, then use the old one',
  },
  {
    id: 'X2',
    group: 'beyond',
    zh: 'access token 过期（7200 秒）后重新获取',
    expectedZh: '用户无感知（40014 / 42001 / InvalidAuthentication 被处理）',
    reproduceZh: '时钟 → +2 h 1 s',
    title: 'Access token expiry (7200 s) and re-issue',
    expected: 'no user-visible error (40014 / 42001 / InvalidAuthentication handled)',
    reproduce: '时钟 → +2 h 1 s',
  },
  {
    id: 'X3',
    group: 'beyond',
    zh: '限流（90018、QpsLimit）、5xx、超时、连接重置',
    expectedZh: '清楚、可重试的错误',
    reproduceZh: '故障规则 → 限流 / HTTP 状态码 / 不响应 / 断开连接',
    title: 'Rate limiting (90018, QpsLimit), 5xx, timeouts, connection resets',
    expected: 'a clear, retryable error',
    reproduce: '故障规则 → rateLimit / status / timeout / reset',
  },
  {
    id: 'X4',
    group: 'beyond',
    zh: '用户不在应用可见范围内，或已离职',
    expectedZh: '登录被明确拒绝（50002 / 60121）',
    reproduceZh: '成员管理 → 部分员工；通讯录 → 离职',
    title: 'User outside the visible range, or who left the company',
    expected: 'login refused clearly (50002 / 60121)',
    reproduce: '成员管理 → 部分员工; 通讯录 → 离职',
  },
  {
    id: 'X5',
    group: 'beyond',
    zh: 'dd.config 使用过期的 ticket 或其他页面的 URL',
    expectedZh: '52013 签名校验失败',
    title: 'dd.config with a stale ticket or another URL',
    expected: '52013 签名校验失败',
  },
  {
    id: 'X6',
    group: 'beyond',
    zh: 'IP 白名单拒绝调用方',
    expectedZh: '60020，并写明调用方的 IP',
    reproduceZh: '安全设置 → 服务器出口IP',
    title: 'IP allow-list refuses the caller',
    expected: '60020 naming the caller’s IP',
    reproduce: '安全设置 → 服务器出口IP',
  },
  {
    id: 'M1',
    group: 'messaging',
    zh: '订阅推送一条工作通知',
    expectedZh: '每个收件人的消息中都能看到',
    title: 'Subscription pushes a work notification',
    expected: 'each inbox shows it',
  },
  {
    id: 'M2',
    group: 'messaging',
    zh: '预警通知其接收人',
    expectedZh: '列出被跳过的接收人',
    title: 'An alert notifies its recipients',
    expected: 'skipped recipients listed',
  },
  {
    id: 'M3',
    group: 'messaging',
    zh: '带加签密钥的群机器人 webhook',
    expectedZh: '签名错误或时间戳过期 → 310000',
    title: 'Group robot webhook with a signing secret',
    expected: 'wrong signature or stale timestamp → 310000',
  },
  {
    id: 'M4',
    group: 'messaging',
    zh: '没有权限、接收人不在可见范围或被限流时发送',
    expectedZh: '准确列出哪些接收人失败及原因',
    reproduceZh:
      '没有权限：权限管理 → qyapi_base（调用企业API基础权限）→ 撤销，发送返回 60011 {requiredScopes=[qyapi_base]}；不在可见范围：成员管理 → 部分员工；限流：同一内容当天发两次（143106）',
    title: 'Sending without the permission, outside the visible range, or throttled',
    expected: 'exactly which recipients failed and why',
    reproduce:
      'no permission: 权限管理 → qyapi_base → 撤销 (the send answers 60011 {requiredScopes=[qyapi_base]}); outside the range: 成员管理 → 部分员工; throttled: the same content twice a day (143106)',
  },
  {
    id: 'A1',
    group: 'sync',
    zh: '同步部门和用户（全部分页、嵌套部门）',
    expectedZh: '每个用户一次；重复运行不产生变化',
    title: 'Sync departments and users (all pages, nested departments)',
    expected: 'every user once; re-running changes nothing',
  },
  {
    id: 'A2',
    group: 'sync',
    zh: '缺少 qyapi_get_department_list 或 qyapi_get_department_member 时同步',
    expectedZh: '显示缺少权限的报错并写明权限点',
    reproduceZh: '权限管理 → 撤销一个部门权限',
    title: 'Sync while qyapi_get_department_list or qyapi_get_department_member is missing',
    expected: 'the missing-permission text with the scope named',
    reproduce: '权限管理 → revoke a department point',
  },
  {
    id: 'A3',
    group: 'sync',
    zh: '两次同步之间用户被修改或删除',
    expectedZh: '反映变化，其他不受影响',
    reproduceZh: '通讯录 → 编辑或删除用户',
    title: 'A user changed or removed between two syncs',
    expected: 'the change reflected; nothing else touched',
    reproduce: '通讯录 → edit or remove a user',
  },
  {
    id: 'V1',
    group: 'events',
    zh: '应用订阅了事件时，在通讯录中增加、修改或删除用户或部门',
    expectedZh:
      '每个变更一个事件：user_add_org / user_modify_org / user_leave_org / org_dept_*，带钉钉的字段（Stream 的 EVENT 帧或 HTTP 推送）',
    reproduceZh: '事件订阅 → 选择推送方式；通讯录 → 增加、编辑、离职、删除',
    title: 'A user or department is added, changed or removed while an app subscribes to events',
    expected:
      'one event per change — user_add_org / user_modify_org / user_leave_org / org_dept_* with DingTalk’s fields (Stream EVENT frames or HTTP pushes)',
    reproduce: '事件订阅 → pick the push mode; 通讯录 → add, edit, 离职, remove',
  },
  {
    id: 'V2',
    group: 'events',
    zh: '应用登记 HTTP 回调地址（请求网址）',
    expectedZh: '沙箱发送加密的 check_url 事件；1500 毫秒内返回加密的 success 才登记成功，否则拒绝并说明原因',
    reproduceZh: '事件订阅 → HTTP 推送 → 请求网址、签名 token、加密 aes_key → 保存',
    title: 'An app registers an HTTP callback URL',
    expected:
      'the encrypted check_url event; an encrypted success within 1500 ms registers it, anything else is refused with the reason',
    reproduce: '事件订阅 → HTTP 推送 → URL, token, aes_key → save',
  },
  {
    id: 'V3',
    group: 'events',
    zh: '接收方收到签名错误的事件（故障规则），或返回签名错误的应答',
    expectedZh: '正确的接收方拒绝它；沙箱记录推送失败并重试',
    reproduceZh: '故障注入 → 匹配 host event → wrongSignature',
    title: 'A receiver gets an event whose signature is wrong, or answers with a bad signature',
    expected: 'a correct receiver refuses it; the sandbox records the push as failed and retries',
    reproduce: 'fault rule {match: {host: event}, action: wrongSignature}',
  },
  {
    id: 'V4',
    group: 'events',
    zh: 'user_leave_org 发生时接收方不可用',
    expectedZh: '按沙箱的节奏重试，之后事件留在 get_call_back_failed_result 中，只返回一次',
    reproduceZh: '停止接收方（或故障规则使推送失败），时钟 → 前进',
    title: 'The receiver is down while user_leave_org fires',
    expected:
      'retries on the sandbox’s schedule, then the event waits in get_call_back_failed_result, returned once',
    reproduce: 'stop the receiver (or a fault rule fails the pushes), then move the clock',
  },
  {
    id: 'V5',
    group: 'events',
    zh: '参考 BI 订阅通讯录事件',
    expectedZh: '在钉钉离职的用户几秒内在 BI 中被停用，无需全量同步；其他不受影响',
    reproduceZh: 'BI 的 系统集成 › 钉钉 › 事件订阅 → 请求网址；通讯录 → 离职',
    title: 'The reference BI subscribes to directory events',
    expected:
      'a user who leaves in DingTalk is deactivated in the BI within seconds, without a full sync; nothing else touched',
    reproduce: 'the BI’s 系统集成 › 钉钉 › 事件订阅 → its URL; 通讯录 → 离职',
  },
  {
    id: 'B1',
    group: 'bots',
    zh: '机器人用 clientId/clientSecret 建立 Stream 连接（connections/open → ticket → WebSocket）；密钥错误；ticket 已用过或过期',
    expectedZh: '已连接并应答 ping；401 authFailed 鉴权失败；握手被拒，日志写明原因',
    reproduceZh: '启动机器人（参考机器人或自己的）；时钟 → 前进 91 秒',
    title:
      'The bot opens a Stream connection with the right credentials; with a wrong secret; with a used or stale ticket',
    expected: 'connected, pings answered; 401 authFailed 鉴权失败; handshake refused, the journal says why',
    reproduce: 'start the bot (the reference bot or yours); move the clock 91 s',
  },
  {
    id: 'B2',
    group: 'bots',
    zh: '群里有人 @机器人（控制台聊天页或管理 API）',
    expectedZh:
      '/v1.0/im/bot/messages/get 上一次 CALLBACK（conversationType "2"、isInAtList、文本前有空格）；回复出现在该群；没有 @ 的群消息不推送',
    reproduceZh: 'POST /__sandbox/api/tenants/{corpId}/bots/{robotCode}/messages（conversation.type "2"）',
    title: 'A person @-mentions the bot in a group chat',
    expected:
      'one CALLBACK (conversationType "2", isInAtList, the leading space); the reply lands in that group; a message without @ is not pushed',
    reproduce: 'POST …/bots/{robotCode}/messages with conversation type "2"',
  },
  {
    id: 'B3',
    group: 'bots',
    zh: '有人单聊机器人',
    expectedZh: 'conversationType "1" 的 CALLBACK；markdown 回复出现在单聊中',
    title: 'A person writes to the bot one-to-one',
    expected: 'a CALLBACK with conversationType "1"; a markdown reply lands in the one-to-one chat',
  },
  {
    id: 'B4',
    group: 'bots',
    zh: '机器人在 sessionWebhookExpiredTime 之后（组织时钟）或向编造的 session 回复',
    expectedZh: '{"errcode":300001,"errmsg":"session 不存在"}；不发出任何消息',
    reproduceZh: '时钟 → 前进 90 分钟以上',
    title: 'The bot replies after sessionWebhookExpiredTime (tenant clock), or to an invented session',
    expected: '{"errcode":300001,"errmsg":"session 不存在"}; nothing posted',
    reproduce: 'move the clock past 90 minutes',
  },
  {
    id: 'B5',
    group: 'bots',
    zh: '有人发送图片或文件',
    expectedZh:
      '带 downloadCode 的 picture/file 消息；/v1.0/robot/messageFiles/download 给出同样字节的地址；错误的 code 或 robotCode 按 api 格式拒绝',
    title: 'A person sends a picture or file',
    expected:
      'msgtype picture/file with downloadCode; messageFiles/download serves the same bytes; a wrong code or robotCode is refused in the api envelope',
  },
  {
    id: 'B6',
    group: 'bots',
    zh: '机器人用 AI 卡片回答：createAndDeliver、PUT /v1.0/card/streaming 分段、结束',
    expectedZh: '聊天中卡片逐段增长后完成；过快 403 QpsLimitForAppkeyAndApi；配置月度额度时用尽后明确拒绝',
    title: 'The bot answers with an AI card: createAndDeliver, streamed chunks, finalize',
    expected:
      'the card grows chunk by chunk, then finished; too fast 403 QpsLimitForAppkeyAndApi; a configured monthly quota runs out with a clear refusal',
  },
  {
    id: 'B7',
    group: 'bots',
    zh: '有人点击互动卡片上的按钮',
    expectedZh:
      '/v1.0/card/instances/callback 上带 cardPrivateData 的 CALLBACK；机器人的应答按其要求为所有人或仅此人更新卡片',
    title: 'A person presses a button on an interactive card',
    expected:
      'a CALLBACK on /v1.0/card/instances/callback with cardPrivateData; the bot’s answer updates the card for everyone or that person',
  },
  {
    id: 'B8',
    group: 'bots',
    zh: '消息不断到来时沙箱发送 SYSTEM disconnect（或断开连接）',
    expectedZh: '客户端用新 ticket 重连；每条消息都送达并只应答一次，不丢失',
    reproduceZh: '故障注入 → 匹配 host stream → disconnect（可选 drop）',
    title: 'The sandbox sends SYSTEM disconnect (or drops the socket) while messages keep coming',
    expected: 'the client reconnects with a new ticket; every message delivered and acked exactly once',
    reproduce: 'fault rule {match: {host: stream}, action: disconnect}',
  },
  {
    id: 'B9',
    group: 'bots',
    zh: '机器人不应答回调',
    expectedZh: '同一 messageId 在设定的延迟后再次推送，次数有限；已应答的不再推送',
    title: 'The bot does not ack a callback',
    expected:
      'the same messageId pushed again after the configured delay, a bounded number of times; acked ones never again',
  },
  {
    id: 'B10',
    group: 'bots',
    zh: '机器人一分钟内向同一会话回复超过 20 条',
    expectedZh: '超出的回复按钉钉的限流错误码拒绝且不发出；窗口过后恢复',
    reproduceZh: '时钟 → 前进 61 秒',
    title: 'The bot sends more than 20 replies a minute to one conversation',
    expected:
      'the excess refused with DingTalk’s throttle errcode and not posted; sending resumes after the window',
    reproduce: 'move the clock 61 s',
  },
];

export const scenarioById = (id: string): Scenario | undefined => SCENARIOS.find((s) => s.id === id);
