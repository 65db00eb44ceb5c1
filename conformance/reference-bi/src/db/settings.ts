/** Settings as typed keys with defaults, stored as JSON in the settings table. */
import type { Db } from './database.ts';

export interface DingTalkApp {
  appKey: string;
  appSecret: string;
  agentId: number;
  corpId: string;
}

export interface RobotSettings {
  /** The group robot's webhook, e.g. https://oapi.dingtalk.com/robot/send?access_token=… */
  webhook: string;
  /** 加签 secret (SEC…); empty when the robot uses keywords or IPs instead. */
  secret: string;
  enabled: boolean;
}

/** 事件订阅 (HTTP 推送): the 签名 token and 加密 aes_key typed on both sides (DingTalk's page and the BI's). */
export interface EventReceiverSettings {
  token: string;
  aesKey: string;
}

export interface SettingTypes {
  /** system-backend feature switch: shows 管理员设置 > 系统集成 > 钉钉. */
  'feature.dingtalk': boolean;
  /** 配置微应用信息 (AppKey, AppSecret, AgentId, CorpId), saved only after a passing connection test. */
  'dingtalk.app': DingTalkApp | null;
  /** 开启钉钉功能 */
  'dingtalk.enabled': boolean;
  /** Web QR login generation. */
  'dingtalk.generation': 'new' | 'legacy';
  /** 登录设置 > 默认登录方式 */
  'login.defaultMethod': 'password' | 'dingtalk';
  robot: RobotSettings | null;
  /** 事件订阅: the receiver's secrets; null: the receiver refuses every push. */
  'dingtalk.events': EventReceiverSettings | null;
  /** The BI clock's offset from real time (system-backend/clock), for schedules in tests. */
  'clock.offsetMs': number;
}

export type SettingKey = keyof SettingTypes;

const DEFAULTS: SettingTypes = {
  'feature.dingtalk': false,
  'dingtalk.app': null,
  'dingtalk.enabled': false,
  'dingtalk.generation': 'new',
  'login.defaultMethod': 'password',
  robot: null,
  'dingtalk.events': null,
  'clock.offsetMs': 0,
};

export function getSetting<K extends SettingKey>(db: Db, key: K): SettingTypes[K] {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row ? (JSON.parse(row.value) as SettingTypes[K]) : DEFAULTS[key];
}

export function setSetting<K extends SettingKey>(db: Db, key: K, value: SettingTypes[K]): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), Date.now());
}

/**
 * Store `value` only when the key was never saved (a bootstrap's seed): whatever an admin saved
 * (确定, 开启钉钉, 默认登录方式 …) wins over it. True when it was stored.
 */
export function seedSetting<K extends SettingKey>(db: Db, key: K, value: SettingTypes[K]): boolean {
  const r = db
    .prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`)
    .run(key, JSON.stringify(value), Date.now());
  return r.changes > 0;
}
