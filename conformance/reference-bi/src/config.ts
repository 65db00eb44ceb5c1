/**
 * The BI's options: where it listens, its database file, where DingTalk is (three hosts, usually
 * one sandbox base URL), and an optional bootstrap that configures a fresh database.
 */
import type { LevelWithSilent, Logger } from 'pino';

/** DingTalk's three hosts. Real values by default; one sandbox base URL in development and tests. */
export interface DingTalkHosts {
  /** Legacy host: /gettoken, /topapi/*, /sns/*, /connect/qrconnect, /robot/send. */
  oapi: string;
  /** New host: /v1.0/*. */
  api: string;
  /** Login pages opened in the browser: /oauth2/auth. */
  login: string;
}

export const REAL_DINGTALK: DingTalkHosts = {
  oapi: 'https://oapi.dingtalk.com',
  api: 'https://api.dingtalk.com',
  login: 'https://login.dingtalk.com',
};

/** One base URL for all hosts (the sandbox serves them together), with per-host overrides. */
export function dingTalkHosts(base?: string, overrides: Partial<DingTalkHosts> = {}): DingTalkHosts {
  const all = base ? trimSlash(base) : undefined;
  const pick = (k: keyof DingTalkHosts) => trimSlash(overrides[k] ?? all ?? REAL_DINGTALK[k]);
  return { oapi: pick('oapi'), api: pick('api'), login: pick('login') };
}

export const trimSlash = (u: string) => u.replace(/\/+$/, '');

export interface BootstrapUser {
  username: string;
  displayName: string;
  password?: string;
  /**
   * Instead of `password`: its hash as hashPassword makes it (`scrypt$N$r$p$salt$hash`), so a
   * configuration file need not hold the password in clear (tests hash once and start many BIs).
   */
  passwordHash?: string;
  role?: 'admin' | 'user';
  /** 钉钉账号: the DingTalk UserID this BI user is bound to. */
  dingtalkUserid?: string;
}

/** Applied on every start: missing users are created, settings are seeded where none was saved. */
export interface Bootstrap {
  /** The system-backend feature switch that shows 管理员设置 > 系统集成 > 钉钉. */
  dingtalkFeature?: boolean;
  dingtalk?: {
    appKey: string;
    appSecret: string;
    agentId: number;
    corpId: string;
    enabled?: boolean;
    /** Web QR login generation: new (login.dingtalk.com) or legacy (/connect/qrconnect). */
    generation?: 'new' | 'legacy';
  };
  defaultLoginMethod?: 'password' | 'dingtalk';
  /** 事件订阅: the receiver's 签名 token and 加密 aes_key (43 letters or digits). */
  dingtalkEvents?: { token: string; aesKey: string };
  users?: BootstrapUser[];
}

export interface RetryOptions {
  /** Attempts per call, including the first. */
  attempts: number;
  /** First back-off delay; doubled each time, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface BiOptions {
  /** 0 picks a free port. Default 3710 (the sandbox's default tenant registers it). */
  port?: number;
  host?: string;
  /** SQLite file; created and migrated on start. */
  dbPath: string;
  /** Where people reach the BI; the URLs shown for the DingTalk console are built from it. */
  publicUrl?: string;
  dingtalk?: DingTalkHosts;
  /** Cookie signing keys; random per start when absent (sessions then end with the process). */
  keys?: string[];
  bootstrap?: Bootstrap;
  logLevel?: LevelWithSilent;
  /** A logger of the caller's (tests read what the BI logs); one of the BI's own at `logLevel` otherwise. */
  logger?: Logger;
  /** Per-call timeout towards DingTalk. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Injected by tests so back-off costs no time. */
  sleep?: (ms: number) => Promise<void>;
  /** Run due subscriptions and alerts every N ms (0 = only on request, the default in tests). */
  schedulerIntervalMs?: number;
  /** Serve cookies with the Secure flag (behind https). */
  secureCookies?: boolean;
}

export const DEFAULT_PORT = 3710;
export const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 };
