/**
 * The end of a web login, once the phone (or the DingTalk client) has confirmed: the consent card
 * when `prompt=consent` asks for points not granted yet, then the code and the way back —
 * `redirect_uri?authCode=X&code=X&state=Y` (both names, same value: docs/dingtalk/web-login.md) or
 * `?error=…&state=Y` (X4, 拒绝). The legacy generation trades its loginTmpCode for an `sns` code at
 * sns_authorize instead. Sending the browser on spends the session.
 */
import type { App } from '../../apps/apps.ts';
import { because } from '../../errors.ts';
import type { Tenant } from '../../tenancy/tenant.ts';
import { consentPoints, type ConsentPoint } from '../consents.ts';
import { appDeleted, ERROR_ACCESS_DENIED, withParams, type LoginRefusal } from '../login-rules.ts';
import type { QrLogin, QrRequest } from '../qr-logins.ts';
import { confirm, scan } from './phone.ts';
import { refusal, type StepRefusal } from './refusal.ts';
import { openQrLogin } from './sessions.ts';

/** Where a login goes next: back to the app, the consent card, or nowhere (the page says why). */
export type NextStep =
  | {
      kind: 'redirect';
      /** The app's redirect_uri with the code (or the error) and state. */
      url: string;
      /** DTFrameLogin's iframe: the page posts the URL to its parent instead of navigating. */
      iframe: boolean;
      /** Set when the way back carries an error (X4, 拒绝): journaled as the call's refusal. */
      refusal?: StepRefusal;
    }
  | { kind: 'consent'; consent: ConsentCard }
  | { kind: 'refused'; refusal: StepRefusal };

/** What the consent card shows (docs/dingtalk/web-login.md). */
export interface ConsentCard {
  sid: string;
  appName: string;
  userName: string;
  points: ConsentPoint[];
  iframe: boolean;
}

/** A confirmed session goes on: consent if needed, else the code; a refused one, the X4 error redirect. */
export function continueLogin(tenant: Tenant, s: QrLogin): NextStep {
  const status = tenant.qrLogins.statusOf(s, tenant.clock.now());
  if (status === 'refused' && s.refusal) {
    return sendBack(tenant, s, { error: s.refusal.error }, fromVerdict(s.refusal));
  }
  if (status !== 'confirmed') {
    return {
      kind: 'refused',
      refusal: refusal(
        'qrNotConfirmed',
        because(
          `二维码登录会话 ${s.sid} 的状态是 ${status}，手机上尚未确认登录`,
          `QR session ${s.sid} is ${status}, not confirmed`,
        ),
        status === 'completed' ? '该二维码已使用，请重新扫码登录' : '尚未在手机上确认登录',
      ),
    };
  }
  const app = tenant.getApp(s.appKey);
  if (!app) return appGone(tenant, s);
  const points = consentPoints(app.scopes, s.scopes);
  const missing = tenant.consents.missing(
    app.appKey,
    s.userid!,
    points.map((p) => p.point),
  );
  if (s.consent && missing.length > 0) {
    const user = tenant.directory.getUser(s.userid!);
    return {
      kind: 'consent',
      consent: { sid: s.sid, appName: app.name, userName: user?.name ?? s.userid!, points, iframe: s.iframe },
    };
  }
  return issue(tenant, s);
}

/** 同意 / 拒绝 on the consent card. Anything but a confirmed session goes where continueLogin says. */
export function decideConsent(tenant: Tenant, s: QrLogin, agree: boolean): NextStep {
  const status = tenant.qrLogins.statusOf(s, tenant.clock.now());
  if (status !== 'confirmed') return continueLogin(tenant, s);
  const app = tenant.getApp(s.appKey);
  if (!app) return appGone(tenant, s);
  if (!agree) {
    const denied = refusal(
      ERROR_ACCESS_DENIED,
      because(
        `用户 ${s.userid} 在应用「${app.name}」的授权页上点了 拒绝`,
        `user ${s.userid} clicked 拒绝 on the consent page of app "${app.name}"`,
      ),
    );
    return sendBack(tenant, s, { error: ERROR_ACCESS_DENIED }, denied);
  }
  const points = consentPoints(app.scopes, s.scopes).map((p) => p.point);
  tenant.consents.grant(app.appKey, s.userid!, points);
  return issue(tenant, s);
}

/**
 * Inside the DingTalk client there is no QR: the client's signed-in user scans and confirms at once
 * (X4 still applies), then the login goes on as on the web. `who` is the client's user.
 */
export function signInInClient(
  tenant: Tenant,
  app: App,
  request: QrRequest,
  who: { corpId: string; userid: string },
): NextStep {
  if (who.corpId !== tenant.corpId) {
    // 500408 当前登录用户不是该组织的成员 (C text from the consent flows, docs/dingtalk/web-login.md).
    return {
      kind: 'refused',
      refusal: refusal(
        '500408',
        because(
          `客户端用户 ${who.userid} 登录的是组织 ${who.corpId}，而应用「${app.name}」属于组织 ${tenant.corpId}`,
          `the client's user ${who.userid} is signed in to corp ${who.corpId}, but app "${app.name}" belongs to corp ${tenant.corpId}`,
        ),
        '当前登录用户不是该组织的成员',
      ),
    };
  }
  const s = openQrLogin(tenant, request);
  scan(tenant, s.sid, who.userid);
  confirm(tenant, s.sid);
  if (s.status === 'scanned' || s.status === 'waiting') {
    // the scan was refused: the client names a user this corp does not have.
    return {
      kind: 'refused',
      refusal: refusal(
        'userNotFound',
        because(
          `客户端用户 ${who.userid} 不在组织 ${tenant.corpId} 中`,
          `the client's user ${who.userid} does not exist in corp ${tenant.corpId}`,
        ),
        '找不到该用户',
      ),
    };
  }
  return continueLogin(tenant, s);
}

/**
 * Legacy: sns_authorize trades a confirmed session's loginTmpCode for the app's `code` (an `sns`
 * code), once, redirecting to the redirect_uri the request names (checked by the caller); a refused
 * session (X4) redirects with its error instead.
 */
export function exchangeLoginTmpCode(
  tenant: Tenant,
  app: App,
  loginTmpCode: string,
  back: { redirectUri: string; state: string },
): NextStep {
  const s = tenant.qrLogins.byLoginTmpCode(loginTmpCode);
  const shown = `${loginTmpCode.slice(0, 6)}…`;
  const invalid = (zh: string, en: string): NextStep => ({
    kind: 'refused',
    refusal: refusal('invalidLoginTmpCode', because(zh, en), '登录已失效，请重新扫码'),
  });
  if (!s) {
    return invalid(
      `loginTmpCode ${shown} 不是组织 ${tenant.corpId} 发放的`,
      `loginTmpCode ${shown} was never issued by corp ${tenant.corpId}`,
    );
  }
  if (s.appKey !== app.appKey) {
    return invalid(
      `loginTmpCode ${shown} 属于应用 ${s.appKey} 的登录，不是 ${app.appKey} 的`,
      `loginTmpCode ${shown} belongs to a login for app ${s.appKey}, not ${app.appKey}`,
    );
  }
  if (s.status === 'completed') {
    return invalid(`loginTmpCode ${shown} 已经用过`, `loginTmpCode ${shown} was already used`);
  }
  const extra: Record<string, string> = back.state ? { state: back.state } : {};
  tenant.qrLogins.complete(s);
  if (s.refusal) {
    return {
      kind: 'redirect',
      url: withParams(back.redirectUri, { error: s.refusal.error, ...extra }),
      iframe: false,
      refusal: fromVerdict(s.refusal),
    };
  }
  const code = tenant.authCodes.issue('sns', { appKey: app.appKey, userid: s.userid! }, tenant.clock.now());
  return {
    kind: 'redirect',
    url: withParams(back.redirectUri, { code: code.code, ...extra }),
    iframe: false,
  };
}

/** Issue the `oauth` code for the confirmed user and send the browser back with it. */
function issue(tenant: Tenant, s: QrLogin): NextStep {
  const code = tenant.authCodes.issue(
    'oauth',
    { appKey: s.appKey, userid: s.userid!, scopes: s.scopes },
    tenant.clock.now(),
  );
  return sendBack(tenant, s, { authCode: code.code, code: code.code });
}

/** The app was deleted after its user confirmed: the way back says so, as a refused confirmation does. */
function appGone(tenant: Tenant, s: QrLogin): NextStep {
  const gone = appDeleted(s.appKey);
  return sendBack(tenant, s, { error: gone.error }, fromVerdict(gone));
}

/** Back to the app's redirect_uri with `params` (and the request's state): the session is spent. */
function sendBack(
  tenant: Tenant,
  s: QrLogin,
  params: Record<string, string>,
  refused?: StepRefusal,
): NextStep {
  tenant.qrLogins.complete(s);
  const url = withParams(s.redirectUri, s.state ? { ...params, state: s.state } : params);
  return refused
    ? { kind: 'redirect', url, iframe: s.iframe, refusal: refused }
    : { kind: 'redirect', url, iframe: s.iframe };
}

/** A verdict kept on the session (X4) as the refusal journaled with its error redirect. */
function fromVerdict(v: LoginRefusal): StepRefusal {
  return refusal(v.error, because(v.reasonZh ?? v.message, v.reason), v.message);
}
