/**
 * The target adapter: how the conformance suite drives a BI integration under test. The suite
 * knows DingTalk (the sandbox); the adapter knows the BI — how to start or reach it, where its pages
 * are, and how a person performs each step of the guide in its UI. Implement this for your product
 * and point the suite at it with CONFORMANCE_TARGET=<module path> (see README, "Testing your BI").
 *
 * Every `ui` method acts through a Playwright page the way a person would, and returns what the
 * person sees; the suite then checks the sandbox side (journal, inbox) itself.
 */
import type { Page } from '@playwright/test';

/** The DingTalk app credentials a BI admin types into 配置微应用信息 (S2). */
export interface DingTalkAppCredentials {
  appKey: string;
  appSecret: string;
  agentId: number;
  corpId: string;
}

export interface BiPerson {
  username: string;
  password: string;
  displayName: string;
  admin?: boolean;
  /** 钉钉账号: the DingTalk UserID this BI user is bound to. */
  dingtalkUserid?: string;
}

/** How the BI is set up before a test starts (what S2–S4 would have done). */
export interface BiSetup {
  /** The DingTalk integration, configured and enabled; absent: a BI nobody configured yet. */
  dingtalk?: DingTalkAppCredentials & { enabled?: boolean; generation?: 'new' | 'legacy' };
  defaultLogin?: 'password' | 'dingtalk';
  people: BiPerson[];
}

/** The values a BI tells its admin to paste into the DingTalk console (S2). */
export interface ConsoleValues {
  redirectUrl: string;
  /** May contain DingTalk's $CORPID$ placeholder. */
  pcHomeUrl: string;
  mobileHomeUrl: string;
}

export interface SyncOutcome {
  status: 'succeeded' | 'failed';
  /** What the sync page says (summary or error, verbatim). */
  text: string;
  /** The run's counts as the summary gives them (A1: a re-run creates, updates and deactivates nobody). */
  counts?: { created: number; updated: number; unchanged: number; deactivated: number };
}

/** A row of 管理员设置 > 用户管理 > 用户. */
export interface BiUserRow {
  username: string;
  displayName: string;
  /** 钉钉账号 ('' when none). */
  dingtalkUserid: string;
  /** false once deactivated (e.g. by a sync after the DingTalk user resigned). */
  active: boolean;
}

export interface DeliveryRow {
  /** BI user name of the recipient. */
  recipient: string;
  status: 'sent' | 'skipped' | 'refused';
  reason: string;
}

export interface BiUi {
  signInWithPassword(page: Page, username: string, password: string): Promise<void>;
  signOut(page: Page): Promise<void>;
  /** The display name of the signed-in person, or null when nobody is signed in. */
  signedInAs(page: Page): Promise<string | null>;
  /** Open the BI's login page (where 钉钉扫码登录 starts); returns the URL it landed on. */
  openLoginPage(page: Page): Promise<string>;
  /** From the login page, start DingTalk QR login; resolves once the browser is on DingTalk's page. */
  startDingTalkLogin(page: Page): Promise<void>;
  /** The failure a person sees after a login attempt: its title and message, verbatim. */
  readLoginFailure(page: Page): Promise<{ title: string; message: string }>;

  /** 管理员设置 > 系统集成 > 钉钉 exists (turning on the system-backend switch when it doesn't). */
  openDingTalkSettings(page: Page): Promise<void>;
  /** Fill 配置微应用信息 and press 测试连接; returns the message shown. */
  testConnection(page: Page, creds: DingTalkAppCredentials): Promise<string>;
  /** Fill 配置微应用信息 and press 确定; returns the message shown. */
  saveCredentials(page: Page, creds: DingTalkAppCredentials): Promise<string>;
  /** The AppKey the settings page shows as saved (empty when none). */
  savedAppKey(page: Page): Promise<string>;
  readConsoleValues(page: Page): Promise<ConsoleValues>;
  /**
   * 所需权限: the permission point codes the settings page asks the admin to grant in the DingTalk
   * console, for the QR-login generation the BI uses (S3 grants exactly these).
   */
  readRequiredScopes(page: Page): Promise<string[]>;
  setDingTalkEnabled(page: Page, enabled: boolean): Promise<void>;
  /**
   * The web QR-login generation the BI's 钉钉扫码登录 uses: `new` (login.dingtalk.com/oauth2/auth) or
   * `legacy` (oapi /connect/qrconnect, L2); resolves once the setting is saved.
   */
  setLoginGeneration(page: Page, generation: 'new' | 'legacy'): Promise<void>;
  setDefaultLogin(page: Page, method: 'password' | 'dingtalk'): Promise<void>;
  /**
   * 事件订阅 (HTTP 推送): save the 签名 token and 加密 aes_key typed into DingTalk's 事件订阅 page in the
   * BI; returns the receiver URL (请求网址) the BI tells its admin to paste there (V2–V5).
   */
  configureEventReceiver(page: Page, secrets: { token: string; aesKey: string }): Promise<string>;
  /** 管理员设置 > 用户管理 > 用户: set a user's 钉钉账号. */
  bindDingTalkAccount(page: Page, username: string, dingtalkUserid: string): Promise<void>;
  /** The 钉钉账号 of every BI user (username → UserID or ''). */
  dingTalkAccounts(page: Page): Promise<Map<string, string>>;
  /** Every BI user as the user list shows them (name, 钉钉账号, active or deactivated). */
  listUsers(page: Page): Promise<BiUserRow[]>;

  /** 账户同步: run it and wait for the result. */
  runSync(page: Page): Promise<SyncOutcome>;

  /**
   * Subscribe people to the dashboard and send now (M1); the per-recipient report. With `name`, the
   * subscription of that name is created the first time and sent again (unchanged) afterwards (M4:
   * the same content twice the same day).
   */
  sendSubscriptionNow(
    page: Page,
    opts: { recipients: string[]; format: 'markdown' | 'action_card'; name?: string },
  ): Promise<DeliveryRow[]>;
  /** Create a subscription to the dashboard sent on a schedule (M1), not sent now. */
  scheduleSubscription(
    page: Page,
    opts: { name: string; recipients: string[]; format: 'markdown' | 'action_card'; every: 'hour' | 'day' },
  ): Promise<void>;
  /**
   * Let `advanceSeconds` pass on the BI's clock (when it has a movable one) and run what is due
   * (scheduled subscriptions, alerts); the per-recipient report of each subscription sent by that run.
   */
  runScheduledJobs(page: Page, advanceSeconds: number): Promise<DeliveryRow[][]>;
  /** An alert on a metric threshold to people (M2) or the group robot (M3); set the metric to fire it. */
  fireAlert(
    page: Page,
    opts: { recipients: string[]; channel: 'work_notice' | 'robot'; metricValue: number },
  ): Promise<DeliveryRow[]>;
  /** Configure the BI's group robot (webhook and signing secret). */
  setGroupRobot(page: Page, webhook: string, secret: string): Promise<void>;

  /** After opening an in-app home URL: what the page ends on (signed in, or the failure text). */
  inAppOutcome(page: Page): Promise<{ signedIn: boolean; text: string }>;
}

export interface BiUnderTest {
  baseUrl: string;
  consoleValues: ConsoleValues;
  ui: BiUi;
  /** Stop the BI at the end of the test (its scheduler is driven by `ui.runScheduledJobs`). */
  stop(): Promise<void>;
}

export interface BiTarget {
  readonly name: string;
  /**
   * Start (or reach) a BI for one test, talking to DingTalk at `dingtalkBaseUrl` (all three hosts
   * on one base URL), set up as `setup` says. The suite registers `consoleValues` in the sandbox
   * tenant's app afterwards (S3) unless the test does it itself.
   */
  start(opts: {
    dingtalkBaseUrl: string;
    workDir: string;
    setup: BiSetup;
    /**
     * How long to wait for one DingTalk call before giving up, if the BI lets you set it: the
     * timeout scenario (X3) asks for a short one so that it costs a second, not several. Absent: the
     * adapter's usual value. A target that cannot set it ignores it (the scenario then takes longer).
     */
    dingtalkTimeoutMs?: number;
  }): Promise<BiUnderTest>;
}
