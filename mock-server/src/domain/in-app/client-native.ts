/**
 * The native side of the DingTalk client (PC, iOS, Android): what the client answers when a page's
 * `dingtalk-jsapi` calls the bridge. The browser shim (client-shim/) forwards every bridge call
 * here, so the client's behaviour lives in one testable place.
 *
 * A client session is one person (userid) signed in to one corp (corpId), with one micro-app's page
 * open (AppKey or AgentId) — in real DingTalk the app is known from the workbench entry that opened
 * the page; `requestAuthCode({corpId})` names only the corp, so the 免登 code is issued for the open
 * app. E5's "wrong appId in the micro-app URL" is a session opened for app B whose page's back end
 * exchanges the code with app A's token.
 *
 * Failure payloads carry `errorCode`, `errorMessage` and `message` (the same text): mobile native
 * errors use errorMessage (C[S3] example `{errorCode:"3",errorMessage:"…"}`), DingTalk's dd.config
 * failure was observed as `{message, errorCode:3}` (O: open-dingtalk/openapi-demo-java#2).
 */
import type { App } from '../apps/apps.ts';
import { HARMLESS } from './client-harmless.ts';
import { because, type Reason } from '../errors.ts';
import { isVisibleTo } from '../apps/apps.ts';
import type { User } from '../directory/directory.ts';
import { JSAPI_AUTH_ERRORS, ticketForPage, verifyJsapiConfig } from '../signatures/jsapi.ts';
import type { Sandbox } from '../tenancy/sandbox.ts';
import { SCOPES } from '../apps/scopes.ts';
import type { Tenant } from '../tenancy/tenant.ts';

export type ClientPlatform = 'pc' | 'ios' | 'android';
/** The cookie that tells the sandbox's own pages who is signed in to the client: `<corpId>:<userid>`. */
export const CLIENT_USER_COOKIE = 'dt_sandbox_user';

export const CLIENT_PLATFORMS: readonly ClientPlatform[] = ['pc', 'ios', 'android'];

export interface ClientSession {
  corpId: string;
  /** The open micro-app, by AppKey (preferred) or AgentId; the corp's first app otherwise. */
  appKey?: string;
  agentId?: number;
  userid: string;
  platform: ClientPlatform;
  /** Client version, e.g. 7.6.0 (runtime.info's `ability`). */
  version?: string;
}

export interface NativeCall {
  /** Bridge API name, e.g. runtime.permission.requestAuthCode. */
  method: string;
  params: Record<string, unknown>;
  /** The page's location.href, fragment included. */
  pageUrl: string;
}

export type NativeReply =
  | { errorCode: '0'; result: Record<string, unknown> }
  | { errorCode: string | number; errorMessage: string; message: string };

export interface NativeOutcome {
  reply: NativeReply;
  /** For the journal: the DingTalk code of a refusal (e.g. 52013) and why, in words. */
  code?: string;
  reason?: string;
  /** The same in Chinese (the console shows it first). */
  reasonZh?: string;
  tenant?: Tenant;
  app?: App;
  userid?: string;
}

/** errorCode of the SDK's not_exist (C[S3] sdkLib ERROR_CODE). */
export const NOT_EXIST = '1';
/** Generic business failure of a native call (C[S3] example; the dd.config failure uses 3, O). */
export const NATIVE_FAILURE = '3';

interface Ctx {
  tenant: Tenant;
  app: App;
  user: User;
  session: ClientSession;
  call: NativeCall;
}

const ok = (ctx: Partial<Ctx>, result: Record<string, unknown>): NativeOutcome => ({
  reply: { errorCode: '0', result },
  ...(ctx.tenant ? { tenant: ctx.tenant } : {}),
  ...(ctx.app ? { app: ctx.app } : {}),
  ...(ctx.user ? { userid: ctx.user.userid } : {}),
});

/** A refusal as the client answers it, journaled under its errorCode (the caller may name another). */
const refuse = (ctx: Partial<Ctx>, errorCode: string | number, text: string, why: Reason): NativeOutcome => ({
  reply: { errorCode, errorMessage: text, message: text },
  code: String(errorCode),
  reason: why.en,
  reasonZh: why.zh,
  ...(ctx.tenant ? { tenant: ctx.tenant } : {}),
  ...(ctx.app ? { app: ctx.app } : {}),
  ...(ctx.user ? { userid: ctx.user.userid } : {}),
});

/** Answer one bridge call of a client session. Never throws for bad input: it refuses in words. */
export function invokeNative(sandbox: Sandbox, session: ClientSession, call: NativeCall): NativeOutcome {
  const tenant = sandbox.getTenant(session.corpId);
  if (!tenant) {
    return refuse(
      {},
      NATIVE_FAILURE,
      '[dingtalk-sandbox] 客户端未登录该组织',
      because(`没有 corpId 为 ${session.corpId} 的组织`, `no tenant with corpId ${session.corpId}`),
    );
  }
  const app = session.appKey
    ? tenant.getApp(session.appKey)
    : session.agentId !== undefined
      ? tenant.findAppByAgentId(session.agentId)
      : tenant.listApps()[0];
  if (!app) {
    const which = session.appKey ? `AppKey ${session.appKey}` : `AgentId ${session.agentId ?? '(none)'}`;
    return refuse(
      { tenant },
      NATIVE_FAILURE,
      '应用不存在',
      because(
        `客户端打开的是 ${which}，但组织 ${tenant.corpId} 没有这个应用`,
        `the client was opened for ${which}, which corp ${tenant.corpId} does not have`,
      ),
    );
  }
  const user = tenant.directory.getUser(session.userid);
  if (!user) {
    return refuse(
      { tenant, app },
      NATIVE_FAILURE,
      '[dingtalk-sandbox] 用户不存在',
      because(
        `客户端登录的用户 "${session.userid}" 不在组织 ${tenant.corpId} 中`,
        `the client is signed in as "${session.userid}", who is not in corp ${tenant.corpId}`,
      ),
    );
  }
  const ctx: Ctx = { tenant, app, user, session, call };
  const handler = HANDLERS[call.method];
  if (handler) return handler(ctx);
  const harmless = HARMLESS[call.method];
  if (harmless) return ok(ctx, harmless(ctx));
  return refuse(
    ctx,
    NOT_EXIST,
    `jsapi ${call.method} 不存在`,
    because(
      `沙箱客户端没有实现 ${call.method}（按 not_exist 回复）`,
      `the sandbox client does not implement ${call.method} (answered not_exist)`,
    ),
  );
}

/** Why a user may not use an app at all (X4), or null. Checked when a code is asked for. */
export function userBarred(
  app: App,
  user: User,
  tenant: Tenant,
): { text: string; reason: string; reasonZh: string } | null {
  if (user.resigned) {
    return {
      text: '您已不在该组织中',
      reason: `user "${user.userid}" (${user.name}) has left the company`,
      reasonZh: `用户 "${user.userid}"（${user.name}）已离职`,
    };
  }
  if (!isVisibleTo(app, user, tenant.directory)) {
    return {
      text: '您不在该应用的可见范围内，无法使用该应用',
      reason: `user "${user.userid}" (${user.name}) is outside the visible range (可见范围) of app "${app.name}"`,
      reasonZh: `用户 "${user.userid}"（${user.name}）不在应用「${app.name}」的可见范围内`,
    };
  }
  return null;
}

function requireCorp(ctx: Ctx): NativeOutcome | null {
  const corpId = ctx.call.params.corpId;
  if (typeof corpId !== 'string' || corpId === '') {
    return refuse(
      ctx,
      NATIVE_FAILURE,
      'corpId参数必填',
      because(`调用 ${ctx.call.method} 时没有传 corpId`, `${ctx.call.method} was called without corpId`),
    );
  }
  if (corpId !== ctx.tenant.corpId) {
    return refuse(
      ctx,
      NATIVE_FAILURE,
      '无效的corpId',
      because(
        `${ctx.call.method} 传的 corpId 是 "${corpId}"，但登录的用户属于 ${ctx.tenant.corpId}`,
        `${ctx.call.method} asked for corpId "${corpId}", but the signed-in user belongs to ${ctx.tenant.corpId}`,
      ),
    );
  }
  return null;
}

/** 免登: an in-app code for the open app (runtime.permission.requestAuthCode / getAuthCode). */
function requestAuthCode(ctx: Ctx): NativeOutcome {
  const bad = requireCorp(ctx);
  if (bad) return bad;
  const barred = userBarred(ctx.app, ctx.user, ctx.tenant);
  if (barred) {
    return refuse(
      ctx,
      NATIVE_FAILURE,
      barred.text,
      because(`未发放免登码：${barred.reasonZh}`, `no 免登 code issued: ${barred.reason}`),
    );
  }
  const c = ctx.tenant.authCodes.issue(
    'inapp',
    { appKey: ctx.app.appKey, userid: ctx.user.userid },
    ctx.tenant.clock.now(),
  );
  return ok(ctx, { code: c.code, authCode: c.code });
}

/** New 免登 (dd.requestAuthCode → requestAuthCodeV2): an OAuth authCode for the app `clientId`. */
function requestAuthCodeV2(ctx: Ctx): NativeOutcome {
  const bad = requireCorp(ctx);
  if (bad) return bad;
  const clientId = ctx.call.params.clientId;
  if (typeof clientId !== 'string' || clientId === '') {
    return refuse(
      ctx,
      NATIVE_FAILURE,
      'clientId参数必填',
      because(
        '调用 requestAuthCode（V2）时没有传 clientId',
        'requestAuthCode (V2) was called without clientId',
      ),
    );
  }
  const app = ctx.tenant.getApp(clientId);
  if (!app) {
    return refuse(
      ctx,
      NATIVE_FAILURE,
      '应用不存在',
      because(
        `组织 ${ctx.tenant.corpId} 没有 clientId 为 ${clientId} 的应用`,
        `no app of corp ${ctx.tenant.corpId} has the clientId ${clientId}`,
      ),
    );
  }
  const target = { ...ctx, app };
  const barred = userBarred(app, ctx.user, ctx.tenant);
  if (barred) {
    return refuse(
      target,
      NATIVE_FAILURE,
      barred.text,
      because(`未发放 authCode：${barred.reasonZh}`, `no authCode issued: ${barred.reason}`),
    );
  }
  // The code carries the app's granted personal permissions (U: the console grants them per app).
  const personal = new Set(SCOPES.filter((s) => s.group === '个人权限').map((s) => s.scope));
  const scopes = app.scopes.filter((s) => personal.has(s));
  const c = ctx.tenant.authCodes.issue(
    'oauth',
    { appKey: app.appKey, userid: ctx.user.userid, scopes },
    ctx.tenant.clock.now(),
  );
  return ok(target, { code: c.code, authCode: c.code });
}

/** dd.config → runtime.permission.requestJsApis (mobile) or `config` (PC). */
function requestJsApis(ctx: Ctx): NativeOutcome {
  const p = ctx.call.params;
  const verdict = verifyJsapiConfig(ctx.tenant, { ...p, pageUrl: ctx.call.pageUrl }, ctx.tenant.clock.now());
  if (verdict.ok) return ok({ ...ctx, app: verdict.app }, { jsApiList: verdict.jsApiList });
  const text = JSAPI_AUTH_ERRORS[verdict.code];
  const d = verdict.details;
  const message =
    verdict.code === 52013
      ? `权限校验失败 Code:52013 - Message: ${text},nonce:[${d.nonceStr ?? ''}],timestamp:[${d.timeStamp ?? ''}],url:[${d.url ?? ''}],ticketList:[${d.ticket ? ticketForPage(d.ticket) : ''}]`
      : `权限校验失败 Code:${verdict.code} - Message: ${text}`;
  // The page gets errorCode 3; the journal keeps the 520xx code DingTalk's message names.
  return {
    ...refuse({ ...ctx, app: verdict.app ?? ctx.app }, 3, message, because(verdict.reasonZh, verdict.reason)),
    code: String(verdict.code),
  };
}

/** biz.user.get: the signed-in user's basic info (field set U beyond emplId/id, C[_client.md]). */
function bizUserGet(ctx: Ctx): NativeOutcome {
  if (ctx.user.resigned)
    return refuse(
      ctx,
      NATIVE_FAILURE,
      '您已不在该组织中',
      because(`用户 "${ctx.user.userid}" 已离职`, `user "${ctx.user.userid}" has left the company`),
    );
  const u = ctx.user;
  return ok(ctx, {
    emplId: u.userid,
    id: u.userid,
    nickName: u.name,
    avatar: u.avatar,
    corpId: ctx.tenant.corpId,
    isManager: u.admin,
  });
}

const HANDLERS: Record<string, (ctx: Ctx) => NativeOutcome> = {
  'runtime.permission.requestAuthCode': requestAuthCode,
  'runtime.permission.requestAuthCodeV2': requestAuthCodeV2,
  'runtime.permission.requestJsApis': requestJsApis,
  config: requestJsApis,
  'biz.user.get': bizUserGet,
};
