/**
 * The legacy web login (docs/dingtalk/web-login.md): the full-page QR of oapi.dingtalk.com/connect/qrconnect,
 * ddLogin.js's iframe login.dingtalk.com/login/qrcode.htm (posts a loginTmpCode to its parent), and
 * /connect/oauth2/sns_authorize, which trades the loginTmpCode for the app's `code` (an `sns` code).
 */
import { withParams } from '../../domain/login/login-rules.ts';
import { pageRoute, type Call, type PageResult } from '../route.ts';
import { checkSnsRequest, refusePage, text } from './checks.ts';
import { pollMs, qrSvg, scanUrl } from './qr.ts';
import { because, type Reason } from '../../domain/errors.ts';
import { noPermissionPage } from './views/errors.tsx';
import { legacyQrPage } from './views/legacy-box.tsx';

type Params = Record<string, unknown>;

async function qrPage(call: Call<Params>, params: Params, embedded: boolean): Promise<PageResult> {
  const checked = checkSnsRequest(call, params, embedded);
  if (!checked.ok) return checked.page;
  const { tenant, app, request } = checked;
  const s = tenant.qrLogins.create(request, tenant.clock.now());
  const url = scanUrl(call.request.origin, s.sid);
  return {
    html: legacyQrPage({
      sid: s.sid,
      svg: await qrSvg(url),
      scanUrl: url,
      pollMs: pollMs(call.sandbox),
      appName: app.name,
      embedded,
    }),
  };
}

/** 扫码登录第三方网站 (旧版) — GET oapi.dingtalk.com/connect/qrconnect */
export const qrconnect = pageRoute({
  id: 'oapi.connect.qrconnect',
  method: 'GET',
  path: '/connect/qrconnect',
  host: 'oapi',
  handle: (call: Call<Params>) => qrPage(call, call.params, false),
});

/** ddLogin.js's iframe — GET login.dingtalk.com/login/qrcode.htm?goto=<sns_authorize URL> */
export const legacyQrFrame = pageRoute({
  id: 'login.qrcode',
  method: 'GET',
  path: '/login/qrcode.htm',
  host: 'login',
  handle(call: Call<Params>) {
    let params: Params = {};
    try {
      params = Object.fromEntries(new URL(text(call.params, 'goto'), 'http://x').searchParams);
    } catch {
      // an unparsable goto leaves no appid: the 无效的appid page
    }
    return qrPage(call, params, true);
  },
});

/**
 * 使用 loginTmpCode 换取 code — GET oapi.dingtalk.com/connect/oauth2/sns_authorize?…&loginTmpCode=
 * Without loginTmpCode it shows the QR page, like qrconnect (U).
 */
export const snsAuthorize = pageRoute({
  id: 'oapi.connect.sns_authorize',
  method: 'GET',
  path: '/connect/oauth2/sns_authorize',
  host: 'oapi',
  handle(call: Call<Params>) {
    const tmp = text(call.params, 'loginTmpCode');
    if (!tmp) return qrPage(call, call.params, false);
    const checked = checkSnsRequest(call, call.params, false);
    if (!checked.ok) return checked.page;
    const { tenant, app } = checked;
    const s = tenant.qrLogins.byLoginTmpCode(tmp);
    const expired = (why: Reason) =>
      refusePage(call, 'invalidLoginTmpCode', why, noPermissionPage('登录已失效，请重新扫码')).page;
    const shown = `${tmp.slice(0, 6)}…`;
    if (!s) {
      return expired(
        because(
          `loginTmpCode ${shown} 不是组织 ${tenant.corpId} 发放的`,
          `loginTmpCode ${shown} was never issued by corp ${tenant.corpId}`,
        ),
      );
    }
    if (s.userid) call.state.userid = s.userid;
    if (s.appKey !== app.appKey) {
      return expired(
        because(
          `loginTmpCode ${shown} 属于应用 ${s.appKey} 的登录，不是 ${app.appKey} 的`,
          `loginTmpCode ${shown} belongs to a login for app ${s.appKey}, not ${app.appKey}`,
        ),
      );
    }
    if (s.status === 'completed') {
      return expired(because(`loginTmpCode ${shown} 已经用过`, `loginTmpCode ${shown} was already used`));
    }
    const redirectUri = text(call.params, 'redirect_uri');
    const state = text(call.params, 'state');
    const extra: Record<string, string> = state ? { state } : {};
    tenant.qrLogins.complete(s);
    if (s.refusal) {
      call.state.refusal = {
        code: s.refusal.error,
        reason: s.refusal.reason,
        ...(s.refusal.reasonZh ? { reasonZh: s.refusal.reasonZh } : {}),
      };
      return { redirect: withParams(redirectUri, { error: s.refusal.error, ...extra }) };
    }
    const code = tenant.authCodes.issue('sns', { appKey: app.appKey, userid: s.userid! }, tenant.clock.now());
    return { redirect: withParams(redirectUri, { code: code.code, ...extra }) };
  },
});
