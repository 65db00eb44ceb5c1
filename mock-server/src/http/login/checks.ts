/**
 * Reading and checking an authorize request of either generation, before any QR code is shown:
 * the app must exist and the redirect_uri's domain must be one of its safe domains. A failure is a
 * page (DingTalk never redirects to an unchecked URL) and a refusal in the journal. The call is
 * attributed to the app the request names before this runs (the route's locate: steps.ts byApp).
 */
import type { App } from '../../domain/apps/apps.ts';
import { because, type Reason } from '../../domain/errors.ts';
import { checkRedirect } from '../../domain/login/login-rules.ts';
import type { QrRequest } from '../../domain/login/qr-logins.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import type { Call, PageResult } from '../route.ts';
import { blankPage, E3_TEXT, loginErrorPage, noPermissionPage } from './views/errors.tsx';

export type Checked =
  { ok: true; tenant: Tenant; app: App; request: QrRequest } | { ok: false; page: PageResult };

type Params = Record<string, unknown>;

/** A query/form value as a string ('' when absent; the first of repeated values). */
export function text(params: Params, key: string): string {
  const v = params[key];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}

/** Show `html` and journal the refusal with `code` and why (Chinese first in the console). */
export function refusePage(
  call: Call<unknown>,
  code: string,
  why: Reason,
  html: string,
): { ok: false; page: PageResult } {
  call.state.refusal = { code, reason: why.en, reasonZh: why.zh };
  return { ok: false, page: { html } };
}

/** 900103 应用不存在 (C[S15] O); 400010 redirect_uri 参数错误 (C code, docs/dingtalk/web-login.md). */
export const NEW_ERRORS = {
  appNotFound: { code: '900103', text: '应用不存在' },
  redirectUri: { code: '400010', text: 'redirect_uri 参数错误，和开发者后台配置的重定向URL要匹配' },
} as const;

/**
 * /oauth2/auth (new generation). Web: unknown client_id → 应用不存在 page; unregistered redirect
 * domain → E3 无权限 page. Inside the DingTalk client both are the blank page of E4.
 */
export function checkOauthRequest(call: Call<Params>, inClient: boolean): Checked {
  const p = call.params;
  const clientId = text(p, 'client_id');
  const redirectUri = text(p, 'redirect_uri');
  const where = inClient ? 'inside the DingTalk client, ' : '';
  const e4 = inClient ? ' — DingTalk shows a blank page here (白屏, E4)' : '';
  const whereZh = inClient ? '在钉钉客户端内，' : '';
  const e4Zh = inClient ? '；钉钉客户端此时显示白屏（E4）' : '';
  const found = clientId ? call.sandbox.findApp(clientId) : undefined;
  if (!found) {
    const reason = because(
      `${whereZh}client_id "${clientId}" 对应不到任何应用（应用不存在，900103）${e4Zh}`,
      `${where}client_id "${clientId}" matches no app (应用不存在, 900103)${e4}`,
    );
    return refusePage(
      call,
      NEW_ERRORS.appNotFound.code,
      reason,
      inClient ? blankPage() : loginErrorPage(NEW_ERRORS.appNotFound.text, NEW_ERRORS.appNotFound.code),
    );
  }
  const { tenant, app } = found;
  if (!redirectUri) {
    const reason = because(`${whereZh}缺少 redirect_uri${e4Zh}`, `${where}redirect_uri is missing${e4}`);
    return refusePage(
      call,
      NEW_ERRORS.redirectUri.code,
      reason,
      inClient ? blankPage() : loginErrorPage(NEW_ERRORS.redirectUri.text, NEW_ERRORS.redirectUri.code),
    );
  }
  const redirect = checkRedirect(app, redirectUri);
  if (!redirect.ok) {
    const reason = because(
      `${whereZh}${redirect.reasonZh}；不发放 code（E3）${e4Zh}`,
      `${where}${redirect.reason}; no code is issued (E3)${e4}`,
    );
    return refusePage(
      call,
      NEW_ERRORS.redirectUri.code,
      reason,
      inClient ? blankPage() : noPermissionPage(E3_TEXT),
    );
  }
  const responseType = text(p, 'response_type');
  if (responseType !== 'code') {
    // U: DingTalk's page for a wrong response_type is undocumented.
    const reason = because(
      `${whereZh}response_type 须为 "code"，收到的是 "${responseType}"${e4Zh}`,
      `${where}response_type must be "code", got "${responseType}"${e4}`,
    );
    return refusePage(
      call,
      'response_type',
      reason,
      inClient ? blankPage() : loginErrorPage('response_type 参数错误', 'response_type'),
    );
  }
  return {
    ok: true,
    tenant,
    app,
    request: {
      generation: 'oauth',
      appKey: app.appKey,
      redirectUri,
      state: text(p, 'state'),
      scopes: text(p, 'scope')
        .split(/[\s,+]+/)
        .filter(Boolean),
      consent: text(p, 'prompt') === 'consent',
      iframe: text(p, 'iframe') === 'true',
      embedded: false,
      inClient,
    },
  };
}

/**
 * /connect/qrconnect, /connect/oauth2/sns_authorize, ddLogin's qrcode.htm (legacy). Unknown appid →
 * 无权限 page with 无效的appid (docs/dingtalk/web-login.md, C words); unregistered domain → E3 page.
 */
export function checkSnsRequest(call: Call<unknown>, p: Params, embedded: boolean): Checked {
  const appid = text(p, 'appid');
  const redirectUri = text(p, 'redirect_uri');
  const found = appid ? call.sandbox.findApp(appid) : undefined;
  if (!found) {
    const reason = because(
      `appid "${appid}" 对应不到任何应用（无效的appid）`,
      `appid "${appid}" matches no app (无效的appid)`,
    );
    return refusePage(call, 'invalidAppid', reason, noPermissionPage('无效的appid'));
  }
  const { tenant, app } = found;
  const redirect = checkRedirect(app, redirectUri);
  if (!redirect.ok) {
    const reason = because(
      `${redirectUri ? redirect.reasonZh : '缺少 redirect_uri'}；不发放 code（E3）`,
      `${redirectUri ? redirect.reason : 'redirect_uri is missing'}; no code is issued (E3)`,
    );
    return refusePage(call, 'noPermission', reason, noPermissionPage(E3_TEXT));
  }
  const scope = text(p, 'scope');
  if (scope !== 'snsapi_login' || text(p, 'response_type') !== 'code') {
    // U: the legacy page's answer to a wrong scope/response_type is undocumented.
    const reason = because(
      `旧版扫码登录需要 response_type=code 和 scope=snsapi_login（收到的是 "${text(p, 'response_type')}"、"${scope}"）`,
      `legacy QR login needs response_type=code and scope=snsapi_login (got "${text(p, 'response_type')}", "${scope}")`,
    );
    return refusePage(call, 'invalidParameter', reason, noPermissionPage('参数错误'));
  }
  return {
    ok: true,
    tenant,
    app,
    request: {
      generation: 'sns',
      appKey: app.appKey,
      redirectUri,
      state: text(p, 'state'),
      scopes: ['snsapi_login'],
      consent: false,
      iframe: false,
      embedded,
      inClient: false,
    },
  };
}
