/**
 * After the phone (or the DingTalk client) confirmed: the consent page when `prompt=consent` asks
 * for points not granted yet, then the code and the redirect back — `redirect_uri?authCode=X&code=X
 * &state=Y` (both names, same value: docs/dingtalk/web-login.md) or `?error=…&state=Y`. In DTFrameLogin's
 * iframe the last step posts the URL to the parent instead of navigating.
 */
import { consentPoints } from '../../domain/login/consents.ts';
import { ERROR_ACCESS_DENIED, withParams } from '../../domain/login/login-rules.ts';
import type { QrLogin } from '../../domain/login/qr-logins.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { pageRoute, type Call, type PageResult } from '../route.ts';
import { text } from './checks.ts';
import { findQrLogin } from './qr.ts';
import { consentPage } from './views/consent.tsx';
import { sandboxNoticePage } from './views/errors.tsx';
import { postMessagePage } from './views/finish.tsx';

type Params = Record<string, unknown>;

/** Send the browser on to `url` (the app's redirect_uri with its parameters): the session is spent. */
function finishWith(tenant: Tenant, s: QrLogin, url: string): PageResult {
  tenant.qrLogins.complete(s);
  return s.iframe ? { html: postMessagePage(url) } : { redirect: url };
}

function redirectParams(s: QrLogin, params: Record<string, string>): Record<string, string> {
  return s.state ? { ...params, state: s.state } : params;
}

/** Issue the `oauth` code for the confirmed user and redirect with it. */
function issue(tenant: Tenant, s: QrLogin): PageResult {
  const code = tenant.authCodes.issue(
    'oauth',
    { appKey: s.appKey, userid: s.userid!, scopes: s.scopes },
    tenant.clock.now(),
  );
  return finishWith(
    tenant,
    s,
    withParams(s.redirectUri, redirectParams(s, { authCode: code.code, code: code.code })),
  );
}

/** The session of a sid, attributed to its tenant/app/user in the journal; or a refusal page. */
function sessionFor(call: Call<Params>): { tenant: Tenant; s: QrLogin } | PageResult {
  const sid = text(call.params, 'sid');
  const found = findQrLogin(call.sandbox, sid);
  if (!found) {
    call.state.refusal = {
      code: 'qrSessionNotFound',
      reason: `no QR login session "${sid}"`,
      reasonZh: `找不到二维码登录会话 "${sid}"（不存在或已过期）`,
    };
    return { html: sandboxNoticePage('登录已失效', '登录会话不存在或已过期，请返回重新扫码登录') };
  }
  const { tenant, session: s } = found;
  call.state.tenant = tenant;
  const app = tenant.getApp(s.appKey);
  if (app) call.state.app = app;
  if (s.userid) call.state.userid = s.userid;
  return { tenant, s };
}

/** Continue a confirmed session: consent if needed, else the code (or the X4 error redirect). */
export function continueSession(call: Call<Params>, tenant: Tenant, s: QrLogin): PageResult {
  const status = tenant.qrLogins.statusOf(s, tenant.clock.now());
  if (status === 'refused' && s.refusal) {
    call.state.refusal = {
      code: s.refusal.error,
      reason: s.refusal.reason,
      ...(s.refusal.reasonZh ? { reasonZh: s.refusal.reasonZh } : {}),
    };
    return finishWith(tenant, s, withParams(s.redirectUri, redirectParams(s, { error: s.refusal.error })));
  }
  if (status !== 'confirmed') {
    call.state.refusal = {
      code: 'qrNotConfirmed',
      reason: `QR session ${s.sid} is ${status}, not confirmed`,
      reasonZh: `二维码登录会话 ${s.sid} 的状态是 ${status}，手机上尚未确认登录`,
    };
    return {
      html: sandboxNoticePage(
        '登录已失效',
        status === 'completed' ? '该二维码已使用，请重新扫码登录' : '尚未在手机上确认登录',
      ),
    };
  }
  const app = tenant.getApp(s.appKey)!;
  const points = consentPoints(app.scopes, s.scopes);
  const missing = tenant.consents.missing(
    app.appKey,
    s.userid!,
    points.map((p) => p.point),
  );
  if (s.consent && missing.length > 0) {
    const user = tenant.directory.getUser(s.userid!);
    return {
      html: consentPage({
        sid: s.sid,
        appName: app.name,
        userName: user?.name ?? s.userid!,
        points,
        iframe: s.iframe,
      }),
    };
  }
  return issue(tenant, s);
}

/** Where the login page goes once the phone confirmed (sandbox step of login.dingtalk.com's SPA). */
export const oauthContinue = pageRoute({
  id: 'login.oauth2.continue',
  method: 'GET',
  path: '/oauth2/continue',
  host: 'login',
  handle(call: Call<Params>) {
    const found = sessionFor(call);
    if (!('s' in found)) return found;
    return continueSession(call, found.tenant, found.s);
  },
});

/** 拒绝 / 同意 on the consent card (docs/dingtalk/web-login.md). */
export const oauthConsent = pageRoute({
  id: 'login.oauth2.consent',
  method: 'POST',
  path: '/oauth2/consent',
  host: 'login',
  handle(call: Call<Params>) {
    const found = sessionFor(call);
    if (!('s' in found)) return found;
    const { tenant, s } = found;
    const status = tenant.qrLogins.statusOf(s, tenant.clock.now());
    if (status !== 'confirmed') return continueSession(call, tenant, s);
    const app = tenant.getApp(s.appKey)!;
    if (text(call.params, 'decision') !== 'agree') {
      call.state.refusal = {
        code: ERROR_ACCESS_DENIED,
        reason: `user ${s.userid} clicked 拒绝 on the consent page of app "${app.name}"`,
        reasonZh: `用户 ${s.userid} 在应用「${app.name}」的授权页上点了 拒绝`,
      };
      return finishWith(
        tenant,
        s,
        withParams(s.redirectUri, redirectParams(s, { error: ERROR_ACCESS_DENIED })),
      );
    }
    const points = consentPoints(app.scopes, s.scopes).map((p) => p.point);
    tenant.consents.grant(app.appKey, s.userid!, points);
    return issue(tenant, s);
  },
});
