/**
 * The new web login's entry: login.dingtalk.com/oauth2/auth → /oauth2/challenge.htm (the QR card),
 * or, inside the DingTalk client, straight to consent/redirect as the client's signed-in user
 * (L6; the E4 blank page when client_id or redirect_uri is wrong).
 */
import { because } from '../../domain/errors.ts';
import { openQrLogin, signInInClient } from '../../domain/login/web-login/index.ts';
import { pageRoute, type Call, type PageResult, type RouteRequest } from '../route.ts';
import { checkOauthRequest, refusePage, type Checked } from './checks.ts';
import { pollMs, qrSvg, scanUrl } from './qr.ts';
import { byApp, pageFor } from './steps.ts';
import { sandboxNoticePage } from './views/errors.tsx';
import { qrCardPage } from './views/qr-card.tsx';

type Params = Record<string, unknown>;

/** The DingTalk client's user agent (PC `DingTalk(7.6.0…)`, mobile `AliApp(DingTalk/7.6.0)`). */
export const IN_CLIENT_UA = /AliApp\(DingTalk\/|DingTalk\(/;

/**
 * How the sandbox knows who is signed in to the simulated DingTalk client: a cookie on the sandbox
 * origin `dt_sandbox_user=<corpId>:<userid>` (set by the client shim, Playwright's addCookies, or
 * anything else), or the same value in the header `x-dt-sandbox-user` (clients without cookies).
 */
export { CLIENT_USER_COOKIE } from '../../domain/in-app/client-native.ts';
import { CLIENT_USER_COOKIE } from '../../domain/in-app/client-native.ts';
export const CLIENT_USER_HEADER = 'x-dt-sandbox-user';

export function clientUser(request: RouteRequest): { corpId: string; userid: string } | null {
  const raw = request.header(CLIENT_USER_HEADER) || request.cookie(CLIENT_USER_COOKIE) || '';
  const decode = (v: string): string => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  };
  // Each part URI-encoded (the client shim's form), or the whole value encoded once.
  const value = raw.includes(':') ? raw : decode(raw);
  const i = value.indexOf(':');
  if (i <= 0 || i === value.length - 1) return null;
  return { corpId: decode(value.slice(0, i)), userid: decode(value.slice(i + 1)) };
}

/** Inside the client there is no QR: the signed-in user confirms at once (X4 still applies). */
function inClient(call: Call<Params>, checked: Extract<Checked, { ok: true }>): PageResult {
  const { tenant, app, request } = checked;
  const who = clientUser(call.request);
  if (!who) {
    return refusePage(
      call,
      'noClientUser',
      because(
        `在钉钉客户端内打开，但沙箱不知道客户端当前登录的用户：请在沙箱域名上设置 cookie ${CLIENT_USER_COOKIE}=<corpId>:<userid>（或请求头 ${CLIENT_USER_HEADER}）`,
        `opened inside the DingTalk client, but no signed-in client user is known: set the cookie ${CLIENT_USER_COOKIE}=<corpId>:<userid> (or header ${CLIENT_USER_HEADER}) on the sandbox origin`,
      ),
      sandboxNoticePage(
        '未登录钉钉客户端',
        `沙箱不知道钉钉客户端当前登录的用户：请设置 cookie ${CLIENT_USER_COOKIE}=<corpId>:<userid>`,
      ),
    ).page;
  }
  // The client's user is known only here, once the request checked out and the client named them.
  call.state.userid = who.userid;
  return pageFor(call, signInInClient(tenant, app, request, who), (message) =>
    sandboxNoticePage('无法登录', message),
  );
}

/** 登录第三方网站 (new) — GET login.dingtalk.com/oauth2/auth */
export const oauthAuthorize = pageRoute({
  id: 'login.oauth2.auth',
  method: 'GET',
  path: '/oauth2/auth',
  host: 'login',
  locate: byApp('client_id'),
  handle(call: Call<Params>) {
    const client = IN_CLIENT_UA.test(call.request.header('user-agent'));
    const checked = checkOauthRequest(call, client);
    if (!checked.ok) return checked.page;
    if (client) return inClient(call, checked);
    return { redirect: `/oauth2/challenge.htm${call.request.search}` };
  },
});

/** The QR card the authorize page lands on — GET login.dingtalk.com/oauth2/challenge.htm */
export const oauthChallenge = pageRoute({
  id: 'login.oauth2.challenge',
  method: 'GET',
  path: '/oauth2/challenge.htm',
  host: 'login',
  locate: byApp('client_id'),
  async handle(call: Call<Params>) {
    const checked = checkOauthRequest(call, false);
    if (!checked.ok) return checked.page;
    const { tenant, app, request } = checked;
    const s = openQrLogin(tenant, request);
    const url = scanUrl(call.request.origin, s.sid);
    return {
      html: qrCardPage({
        appName: app.name,
        sid: s.sid,
        svg: await qrSvg(url),
        scanUrl: url,
        pollMs: pollMs(call.sandbox),
        iframe: request.iframe,
      }),
    };
  },
});
