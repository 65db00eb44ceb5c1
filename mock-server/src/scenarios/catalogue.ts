/**
 * The scenario catalogue of /work/shared/scenarios.md, one line each, with how to reproduce it in
 * the sandbox: the console's scenario page lists these, and journal refusals link to them.
 */
export interface Scenario {
  id: string;
  group: 'setup' | 'login' | 'guide-errors' | 'beyond' | 'messaging' | 'sync';
  title: string;
  /** What should happen (or be seen). */
  expected: string;
  /** How to make it happen with the sandbox. */
  reproduce?: string;
}

export const SCENARIO_GROUPS: Record<Scenario['group'], string> = {
  setup: '配置 Setup — 指南步骤 3.1–3.4',
  login: '登录 Login',
  'guide-errors': '常见报错 The guide’s documented errors',
  beyond: '指南之外 Beyond the guide',
  messaging: '消息 Messaging — 订阅预警消息推送至钉钉',
  sync: '账户同步 Account sync',
};

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'S1',
    group: 'setup',
    title: '创建应用 (name, description, icon), 添加网页应用, read AppKey/AppSecret/AgentId/CorpId',
    expected: 'credentials shown under 凭证与基础信息',
    reproduce: '钉钉应用 → 创建应用 → 添加应用能力 → 网页应用 → 凭证与基础信息',
  },
  {
    id: 'S2',
    group: 'setup',
    title: 'BI 管理员设置 > 系统集成 > 钉钉: enter the credentials, 测试连接, 确定',
    expected: 'a wrong key or secret shows DingTalk’s error verbatim',
  },
  {
    id: 'S3',
    group: 'setup',
    title:
      '网页应用 home URLs, 安全设置 重定向URL, 权限管理 grants (qyapi_get_member + the two department points)',
    expected: 'the app works for login and account sync at once',
    reproduce: '网页应用 → 保存; 安全设置 → 重定向URL → 保存; 权限管理 → search → 申请权限',
  },
  {
    id: 'S4',
    group: 'setup',
    title: 'BI 用户管理: set each user’s 钉钉账号 to the DingTalk UserID (by hand or account sync)',
    expected: 'users bound',
  },
  {
    id: 'L1',
    group: 'login',
    title: 'Web QR login, new generation (login.dingtalk.com)',
    expected: 'signed in',
  },
  {
    id: 'L2',
    group: 'login',
    title: 'Web QR login, legacy generation (qrconnect, sns_authorize, getuserinfo_bycode)',
    expected: 'signed in',
  },
  { id: 'L3', group: 'login', title: 'Default login method = DingTalk', expected: 'straight to the QR page' },
  {
    id: 'L4',
    group: 'login',
    title: 'In-app login (免登) in the PC client: requestAuthCode → topapi/v2/user/getuserinfo',
    expected: 'signed in without a password',
  },
  {
    id: 'L5',
    group: 'login',
    title: 'In-app login in the mobile client (iOS, Android)',
    expected: 'signed in',
  },
  {
    id: 'L6',
    group: 'login',
    title: 'In-app authorisation page (授权个人信息, prompt=consent)',
    expected: 'signed in',
  },
  { id: 'L7', group: 'login', title: 'Sign out, sign in as another user', expected: 'the second identity' },
  {
    id: 'E1',
    group: 'guide-errors',
    title: 'QR login while the app lacks qyapi_get_member',
    expected: '登录失败: 没有调用该接口的权限…{requiredScopes=[qyapi_get_member]}',
    reproduce: 'use the app 缺少成员权限的应用, or 权限管理 → revoke qyapi_get_member',
  },
  {
    id: 'E2',
    group: 'guide-errors',
    title: 'QR login as a DingTalk user bound to no BI user',
    expected: '登录失败: 当前用户未绑定系统账号…bindKey:<UserID> (BI side)',
  },
  {
    id: 'E3',
    group: 'guide-errors',
    title: 'QR login while the BI’s domain is not among the redirect URLs',
    expected: '无权限: 对不起,你无权限查看该页面,redirect_url的域名不在appid的安全域名内',
    reproduce: '安全设置 → remove the BI’s URL from 重定向URL',
  },
  {
    id: 'E4',
    group: 'guide-errors',
    title: 'In-app authorisation with a redirect_uri or app id that differs from the console',
    expected: 'a blank page (白屏); the journal says why',
  },
  {
    id: 'E5',
    group: 'guide-errors',
    title: 'In-app code of another app, reused, or older than 5 minutes',
    expected: '不存在的临时授权码 (40078)',
    reproduce: 'exchange a code twice, or move the clock (时钟) by +5 min before exchanging it',
  },
  {
    id: 'X1',
    group: 'beyond',
    title: 'Test connection with a wrong AppSecret or AppKey, or DingTalk unreachable',
    expected: 'DingTalk’s error verbatim (40096 / 40089 / invalidClientIdOrSecret)',
    reproduce: '凭证与基础信息 → 重置 AppSecret, then use the old one',
  },
  {
    id: 'X2',
    group: 'beyond',
    title: 'Access token expiry (7200 s) and re-issue',
    expected: 'no user-visible error (40014 / 42001 / InvalidAuthentication handled)',
    reproduce: '时钟 → +2 h 1 s',
  },
  {
    id: 'X3',
    group: 'beyond',
    title: 'Rate limiting (90018, QpsLimit), 5xx, timeouts, connection resets',
    expected: 'a clear, retryable error',
    reproduce: '故障规则 → rateLimit / status / timeout / reset',
  },
  {
    id: 'X4',
    group: 'beyond',
    title: 'User outside the visible range, or who left the company',
    expected: 'login refused clearly (50002 / 60121)',
    reproduce: '成员管理 → 部分员工; 通讯录 → 离职',
  },
  {
    id: 'X5',
    group: 'beyond',
    title: 'dd.config with a stale ticket or another URL',
    expected: '52013 签名校验失败',
  },
  {
    id: 'X6',
    group: 'beyond',
    title: 'IP allow-list refuses the caller',
    expected: '60020 naming the caller’s IP',
    reproduce: '安全设置 → 服务器出口IP',
  },
  {
    id: 'M1',
    group: 'messaging',
    title: 'Subscription pushes a work notification',
    expected: 'each inbox shows it',
  },
  {
    id: 'M2',
    group: 'messaging',
    title: 'An alert notifies its recipients',
    expected: 'skipped recipients listed',
  },
  {
    id: 'M3',
    group: 'messaging',
    title: 'Group robot webhook with a signing secret',
    expected: 'wrong signature or stale timestamp → 310000',
  },
  {
    id: 'M4',
    group: 'messaging',
    title: 'Sending without the permission, outside the visible range, or throttled',
    expected: 'exactly which recipients failed and why',
  },
  {
    id: 'A1',
    group: 'sync',
    title: 'Sync departments and users (all pages, nested departments)',
    expected: 'every user once; re-running changes nothing',
  },
  {
    id: 'A2',
    group: 'sync',
    title: 'Sync while qyapi_get_department_list or qyapi_get_department_member is missing',
    expected: 'the missing-permission text with the scope named',
    reproduce: '权限管理 → revoke a department point',
  },
  {
    id: 'A3',
    group: 'sync',
    title: 'A user changed or removed between two syncs',
    expected: 'the change reflected; nothing else touched',
    reproduce: '通讯录 → edit or remove a user',
  },
];

export const scenarioById = (id: string): Scenario | undefined => SCENARIOS.find((s) => s.id === id);
