/**
 * The legacy web login (docs/dingtalk/web-login.md): the full-page QR of oapi.dingtalk.com/connect/qrconnect,
 * ddLogin.js's iframe login.dingtalk.com/login/qrcode.htm (posts a loginTmpCode to its parent), and
 * /connect/oauth2/sns_authorize, which trades the loginTmpCode for the app's `code` (an `sns` code).
 */
import { exchangeLoginTmpCode, openQrLogin } from '../../domain/login/web-login/index.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { pageRoute, type Call, type Located, type PageResult } from '../route.ts';
import { checkSnsRequest, text } from './checks.ts';
import { pollMs, qrSvg, scanUrl } from './qr.ts';
import { byApp, pageFor } from './steps.ts';
import { noPermissionPage } from './views/errors.tsx';
import { legacyQrPage } from './views/legacy-box.tsx';

type Params = Record<string, unknown>;

const byAppid = byApp('appid');

/** ddLogin's iframe carries the sns_authorize request in `goto`: its parameters. */
function gotoParams(params: Params): Params {
  try {
    return Object.fromEntries(new URL(text(params, 'goto'), 'http://x').searchParams);
  } catch {
    return {}; // an unparsable goto leaves no appid: the 无效的appid page
  }
}

/** sns_authorize: the app its appid names, and the user of the loginTmpCode's session in that app's corp. */
function byAppidAndTmpCode(sandbox: Sandbox, raw: Params): Located {
  const where = byAppid(sandbox, raw);
  const tmp = text(raw, 'loginTmpCode');
  const userid = tmp ? where.tenant?.qrLogins.byLoginTmpCode(tmp)?.userid : null;
  return userid ? { ...where, userid } : where;
}

async function qrPage(call: Call<Params>, params: Params, embedded: boolean): Promise<PageResult> {
  const checked = checkSnsRequest(call, params, embedded);
  if (!checked.ok) return checked.page;
  const { tenant, app, request } = checked;
  const s = openQrLogin(tenant, request);
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
  locate: byAppid,
  handle: (call: Call<Params>) => qrPage(call, call.params, false),
});

/** ddLogin.js's iframe — GET login.dingtalk.com/login/qrcode.htm?goto=<sns_authorize URL> */
export const legacyQrFrame = pageRoute({
  id: 'login.qrcode',
  method: 'GET',
  path: '/login/qrcode.htm',
  host: 'login',
  locate: (sandbox, raw) => byAppid(sandbox, gotoParams(raw)),
  handle: (call: Call<Params>) => qrPage(call, gotoParams(call.params), true),
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
  locate: byAppidAndTmpCode,
  handle(call: Call<Params>) {
    const tmp = text(call.params, 'loginTmpCode');
    if (!tmp) return qrPage(call, call.params, false);
    const checked = checkSnsRequest(call, call.params, false);
    if (!checked.ok) return checked.page;
    const { tenant, app } = checked;
    const back = { redirectUri: text(call.params, 'redirect_uri'), state: text(call.params, 'state') };
    return pageFor(call, exchangeLoginTmpCode(tenant, app, tmp, back), noPermissionPage);
  },
});
