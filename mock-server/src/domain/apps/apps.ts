/**
 * An internal app (企业内部应用) as the developer console configures it: credentials, the web-app
 * capability with its home URLs, redirect URLs (安全设置), granted permission points (权限管理),
 * the server IP allow-list and the visible range (可见范围).
 */
import type { Directory, User } from '../directory/directory.ts';
import { because, DingTalkError } from '../errors.ts';
import { newAgentId, newAppId, newAppKey, newAppSecret } from '../ids.ts';
import { DEFAULT_SCOPES } from './scopes.ts';

export interface VisibleRange {
  /** Departments (with everything below them) whose members may use the app; empty + no users = all. */
  deptIds: number[];
  userids: string[];
}

export interface App {
  /** AppKey, also called Client ID. */
  appKey: string;
  /** AppSecret, also called Client Secret. */
  appSecret: string;
  agentId: number;
  /** The console's AppId (UUID). */
  appId: string;
  name: string;
  description: string;
  /** A data: URL or http(s) URL; empty for the default icon. */
  icon: string;
  /**
   * 网页应用: 应用首页地址 (mobile), PC端首页地址, 管理后台地址 (adminUrl; absent in older snapshots).
   * Home URLs may carry the $CORPID$ placeholder.
   */
  webApp: { enabled: boolean; pcHomeUrl: string; mobileHomeUrl: string; adminUrl?: string };
  /** 重定向URL (回调域名): full URLs; their host names are the app's safe domains. */
  redirectUrls: string[];
  /** Granted permission points, e.g. qyapi_get_member; a new app holds DEFAULT_SCOPES (qyapi_base). */
  scopes: string[];
  /**
   * 服务器出口IP: empty means no restriction. Exact IPv4/IPv6 addresses, IPv4 CIDR blocks, or an
   * IPv4 address with one * octet (the console's 支持带一个*号通配符的IP格式).
   */
  ipAllowList: string[];
  visibleRange: VisibleRange;
  createdAt: number;
  /**
   * 机器人 (添加应用能力 > 机器人), absent when the app has none: its robotCode is the AppKey (C);
   * `stream` = 消息接收模式 Stream 模式 (messages pushed over the app's Stream connections).
   */
  robot?: RobotCapability;
}

export interface RobotCapability {
  /** The robot's name as people see it in chats. */
  name: string;
  stream: boolean;
  /**
   * 消息接收地址 (HTTP mode): where messages are POSTed, with `timestamp` and `sign` headers, when
   * `stream` is false (docs/dingtalk/bot-http-mode.md). Absent or '' when none is configured.
   */
  messageUrl?: string;
}

export type AppInput = Partial<App> & { name: string };

export function createApp(input: AppInput, now: number): App {
  return {
    appKey: input.appKey ?? newAppKey(),
    appSecret: input.appSecret ?? newAppSecret(),
    agentId: input.agentId ?? newAgentId(),
    appId: input.appId ?? newAppId(),
    name: input.name,
    description: input.description ?? '',
    icon: input.icon ?? '',
    webApp: input.webApp ?? { enabled: false, pcHomeUrl: '', mobileHomeUrl: '' },
    redirectUrls: input.redirectUrls ?? [],
    scopes: input.scopes ?? [...DEFAULT_SCOPES],
    ipAllowList: input.ipAllowList ?? [],
    visibleRange: input.visibleRange ?? { deptIds: [], userids: [] },
    createdAt: input.createdAt ?? now,
    ...(input.robot && { robot: { ...input.robot } }),
  };
}

export function hasScope(app: App, scope: string): boolean {
  return app.scopes.includes(scope);
}

/** Whether a user may see the app (可见范围). Resigned users see nothing. */
export function isVisibleTo(app: App, user: User, directory: Directory): boolean {
  if (user.resigned) return false;
  const range = app.visibleRange;
  if (range.deptIds.length === 0 && range.userids.length === 0) return true;
  if (range.userids.includes(user.userid)) return true;
  for (const d of user.deptIds) {
    if (range.deptIds.includes(d)) return true;
    for (const a of directory.ancestors(d)) if (range.deptIds.includes(a)) return true;
  }
  return false;
}

/** Whether `ip` may call with this app's credentials (60020 otherwise). */
export function ipAllowed(app: App, ip: string): boolean {
  if (app.ipAllowList.length === 0) return true;
  return ipInList(app.ipAllowList, ip);
}

/** Whether `ip` matches an entry of `list`: exact addresses, IPv4 CIDR blocks, or one-* wildcards. */
export function ipInList(list: readonly string[], ip: string): boolean {
  const addr = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return list.some(
    (entry) =>
      entry === addr ||
      (entry.includes('/') && inCidr(addr, entry)) ||
      (entry.includes('*') && inWildcard(addr, entry)),
  );
}

/** `10.0.3.*` matches any address whose other octets are equal (U: DingTalk's exact matching is undocumented). */
function inWildcard(ip: string, pattern: string): boolean {
  const a = ip.split('.');
  const p = pattern.split('.');
  return (
    a.length === 4 && p.length === 4 && ipv4ToInt(ip) !== null && p.every((o, i) => o === '*' || o === a[i])
  );
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const a = ipv4ToInt(ip);
  const b = ipv4ToInt(base ?? '');
  if (a === null || b === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^\d{1,3}$/.test(p) || v > 255) return null;
    n = n * 256 + v;
  }
  return n >>> 0;
}

/** Refuse a caller outside the app's 服务器出口IP list with 60020, naming its address. */
export function assertIpAllowed(app: App, ip: string): void {
  if (ipAllowed(app, ip)) return;
  throw new DingTalkError(
    'ipNotAllowed',
    because(
      `调用方 IP ${ip} 不在应用「${app.name}」的服务器出口IP名单内（${app.ipAllowList.join('、')}）`,
      `caller ${ip} is not in the server IP allow-list of app "${app.name}" (${app.ipAllowList.join(', ')})`,
    ),
    { ip, appKey: app.appKey },
  );
}

/** The host names of the registered redirect URLs (the app's 安全域名). */
export function safeDomains(app: App): string[] {
  const out: string[] = [];
  for (const u of app.redirectUrls) {
    try {
      out.push(new URL(u).hostname);
    } catch {
      out.push(u.replace(/^https?:\/\//, '').split(/[/:]/)[0] ?? u);
    }
  }
  return out;
}
