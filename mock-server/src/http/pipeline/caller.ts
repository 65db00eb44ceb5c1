/**
 * Step "gate", who is calling: the tenant, app (and user) a call belongs to, found once for every
 * route — by the access token on token routes (refused when missing, unknown or expired), by the
 * credentials or corp it names on open routes, or by the route's own locator (a QR session's sid, a
 * robot's webhook token). The journal files the call under what is found here.
 */
import type { App } from '../../domain/apps/apps.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { UserToken } from '../../domain/login/user-tokens.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import type { CallState, Located, RouteDef, RouteRequest } from '../route.ts';

/** Credentials that name an app before any handler runs (open routes: tokens, logins). */
const APP_FIELDS = ['appkey', 'appKey', 'clientId', 'client_id', 'accessKey', 'appid', 'robotCode'] as const;

/** An open route's caller, if its parameters name one; attributed to the call's state. */
export function locateCaller(
  sandbox: Sandbox,
  route: Extract<RouteDef, { auth: 'none' }>,
  raw: Record<string, unknown>,
  request: RouteRequest,
): Located {
  return route.locate ? route.locate(sandbox, raw, request) : byCredentials(sandbox, raw, request);
}

/** The app or corp the call's credentials name (appkey, clientId, …, corpId), if any. */
export function byCredentials(
  sandbox: Sandbox,
  raw: Record<string, unknown>,
  request: RouteRequest,
): Located {
  for (const f of APP_FIELDS) {
    const v = raw[f];
    if (typeof v === 'string' && v) {
      const found = sandbox.findApp(v);
      if (found) return { tenant: found.tenant, app: found.app };
    }
  }
  const corpId = request.pathParams.corpId ?? raw.corpid;
  if (typeof corpId === 'string') {
    const tenant = sandbox.getTenant(corpId);
    if (tenant) return { tenant };
  }
  return {};
}

/** Writes what was found on the call's state, for the journal and the fault rules. */
export function attribute(state: CallState, where: Located): void {
  if (where.tenant) state.tenant = where.tenant;
  if (where.app) state.app = where.app;
  if (where.userid) state.userid = where.userid;
}

/** A corp (app) access token: the legacy host's access_token parameter, the new host's header. */
export function appTokenCaller(
  sandbox: Sandbox,
  state: CallState,
  request: RouteRequest,
  raw: Record<string, unknown>,
): { tenant: Tenant; app: App } {
  const { host } = state;
  const token = host === 'api' ? request.header('x-acs-dingtalk-access-token') : raw.access_token;
  if (typeof token !== 'string' || token === '') {
    const where = host === 'api' ? 'header x-acs-dingtalk-access-token' : 'query parameter access_token';
    throw new DingTalkError(
      'missingAccessToken',
      because(`缺少 access_token：${where} 为空`, `no access token: the ${where} is missing`),
    );
  }
  const found = sandbox.lookupAppToken(token);
  if (found.status === 'unknown') {
    throw new DingTalkError(
      'invalidAccessToken',
      because(
        'access_token 不是本沙箱发放的，或已被更新的 token 取代',
        'the access token was never issued by this sandbox, or was replaced by a newer one',
      ),
    );
  }
  state.tenant = found.tenant;
  state.app = found.app;
  if (found.status === 'expired') {
    const ago = Math.round((found.tenant.clock.now() - found.token.expiresAt) / 1000);
    throw new DingTalkError(
      'expiredAccessToken',
      because(
        `应用「${found.app.name}」的 access_token 已过期 ${ago} 秒（租户时钟），请重新获取`,
        `the access token of app "${found.app.name}" expired ${ago} s ago (tenant clock); fetch a new one`,
      ),
    );
  }
  return { tenant: found.tenant, app: found.app };
}

/** A user access token (web login) from the new host's header: tenant, app and user. */
export function userTokenCaller(
  sandbox: Sandbox,
  state: CallState,
  request: RouteRequest,
): { tenant: Tenant; app: App; user: UserToken } {
  const token = request.header('x-acs-dingtalk-access-token');
  if (token === '') {
    throw new DingTalkError(
      'missingAccessToken',
      because(
        '缺少 access_token：请求头 x-acs-dingtalk-access-token 为空',
        'no access token: the header x-acs-dingtalk-access-token is missing',
      ),
    );
  }
  const found = sandbox.lookupUserToken(token);
  if (found.status === 'unknown') {
    const isAppToken = sandbox.lookupAppToken(token).status !== 'unknown';
    throw new DingTalkError(
      'invalidAccessToken',
      isAppToken
        ? because(
            '这是企业（应用）的 access_token；此接口需要 /v1.0/oauth2/userAccessToken 获取的用户 token',
            'this is a corp (app) access token; this endpoint needs a user access token from /v1.0/oauth2/userAccessToken',
          )
        : because(
            '用户 access_token 不是本沙箱发放的',
            'the user access token was never issued by this sandbox',
          ),
    );
  }
  state.tenant = found.tenant;
  state.app = found.app;
  state.userid = found.token.userid;
  if (found.status === 'expired') {
    const ago = Math.round((found.tenant.clock.now() - found.token.expiresAt) / 1000);
    throw new DingTalkError(
      'expiredAccessToken',
      because(
        `用户 ${found.token.userid} 在应用「${found.app.name}」的用户 access token 已过期 ${ago} 秒（租户时钟），请用 refreshToken 刷新`,
        `the user access token of ${found.token.userid} for app "${found.app.name}" expired ${ago} s ago (tenant clock); use the refreshToken`,
      ),
    );
  }
  return { tenant: found.tenant, app: found.app, user: found.token };
}
