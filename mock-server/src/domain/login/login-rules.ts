/**
 * Who may sign in to an app, and where the app may send the browser back to. Shared by both web
 * login generations, the phone, and the in-client authorize page.
 */
import { isVisibleTo, safeDomains, type App } from '../apps/apps.ts';
import type { Directory } from '../directory/directory.ts';

export interface LoginRefusal {
  /** The `error` value put on the redirect (U: DingTalk's values for these cases are undocumented). */
  error: string;
  /** What the phone shows (U wording). */
  message: string;
  /** Why, for the journal. */
  reason: string;
  /** The same in Chinese (absent in sessions saved before it existed). */
  reasonZh?: string;
}

/** `error` on the redirect when the person may not use the app (X4) — U. */
export const ERROR_USER_NOT_ALLOWED = 'user_not_allowed';
/** `error` on the redirect when the person clicks 拒绝 on the consent page — U. */
export const ERROR_ACCESS_DENIED = 'access_denied';

/**
 * Why `userid` may not sign in to `app` (X4), or null when they may: unknown, resigned (离职),
 * not activated (未激活: no DingTalk to scan with), or outside the app's visible range (可用范围).
 */
export function loginRefusal(app: App, userid: string, directory: Directory): LoginRefusal | null {
  const user = directory.getUser(userid);
  const who = user ? `user ${userid} (${user.name})` : `user ${userid}`;
  const whoZh = user ? `用户 ${userid}（${user.name}）` : `用户 ${userid}`;
  const refuse = (message: string, why: string, whyZh: string): LoginRefusal => ({
    error: ERROR_USER_NOT_ALLOWED,
    message,
    reason: `${who} ${why}`,
    reasonZh: `${whoZh}${whyZh}`,
  });
  if (!user) return refuse('找不到该用户', 'does not exist in this corp', '不在本组织中');
  if (user.resigned) return refuse('该账号已离职，无法登录', 'has left the company (离职)', '已离职');
  if (!user.active) {
    return refuse('该账号尚未激活钉钉，无法登录', 'has not activated DingTalk (未激活)', '尚未激活钉钉');
  }
  if (!isVisibleTo(app, user, directory)) {
    return refuse(
      `你不在「${app.name}」的可用范围内，请联系管理员`,
      `is outside the visible range (可用范围) of app "${app.name}"`,
      `不在应用「${app.name}」的可用范围内`,
    );
  }
  return null;
}

/** The verdict when the app was deleted after its QR code was shown (U: DingTalk's error is undocumented). */
export function appDeleted(appKey: string): LoginRefusal {
  return {
    error: 'app_not_found',
    message: '应用不存在',
    reason: `app ${appKey} was deleted after the QR code was shown`,
    reasonZh: `二维码显示之后，应用 ${appKey} 被删除了`,
  };
}

export type RedirectCheck = { ok: true; url: URL } | { ok: false; reason: string; reasonZh: string };

/**
 * Whether `redirectUri` may receive a code for `app`: an absolute http(s) URL whose host name is
 * exactly one of the app's safe domains (the host names of its 重定向URL). Only the host name is
 * compared — not the port or path (U: DingTalk speaks of 域名) — so `evil.com/127.0.0.1`,
 * `127.0.0.1.evil.com` and `127.0.0.1@evil.com` are all refused.
 */
export function checkRedirect(app: App, redirectUri: string): RedirectCheck {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return {
      ok: false,
      reason: `redirect_uri "${redirectUri}" is not an absolute URL`,
      reasonZh: `redirect_uri "${redirectUri}" 不是完整的 URL`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      reason: `redirect_uri "${redirectUri}" is not http(s)`,
      reasonZh: `redirect_uri "${redirectUri}" 不是 http(s) 地址`,
    };
  }
  const domains = safeDomains(app).map((d) => d.toLowerCase());
  if (!domains.includes(url.hostname.toLowerCase())) {
    return {
      ok: false,
      reason: `the domain ${url.hostname} of redirect_uri is not among the safe domains of app "${app.name}" (${app.appKey}): ${domains.length > 0 ? domains.join(', ') : 'no 重定向URL is registered'}`,
      reasonZh: `redirect_uri 的域名 ${url.hostname} 不在应用「${app.name}」（${app.appKey}）的重定向URL域名内：${domains.length > 0 ? domains.join('、') : '没有登记任何重定向URL'}`,
    };
  }
  return { ok: true, url };
}

/** `redirectUri` with parameters appended (keeping its own query and fragment intact). */
export function withParams(redirectUri: string, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
