/**
 * The one error catalogue: error kind → the legacy (oapi) envelope and the new-API (api) envelope.
 * Only the envelope middleware reads it. `satisfies Record<ErrorKind, …>` makes the compiler insist
 * that every kind is mapped on both hosts.
 *
 * Provenance (docs/dingtalk/README.md tags): C confirmed, O observed by a third party, U inferred. Every
 * U entry is marked; change it here, in one place, when better evidence turns up.
 */
import type { ErrorDetails, ErrorKind } from './domain/errors.ts';

/** Legacy endpoints come in two families: `topapi/*` wraps auth errors in errcode 88; older ones don't. */
export type LegacyStyle = 'topapi' | 'plain';

export interface LegacyError {
  errcode: number;
  errmsg: string;
  /** On topapi endpoints, auth/permission errors are wrapped: errcode 88 with this string sub_code. */
  wrapped?: { subCode: string; subMsg: string };
  /** Extra fields some errors carry (errcode 22 has a bare sub_msg). */
  extra?: Record<string, string>;
}

export interface ApiError {
  status: number;
  code: string;
  message: string;
  requiredScopes?: string[];
}

interface Entry {
  legacy(d: ErrorDetails, style: LegacyStyle): LegacyError;
  api(d: ErrorDetails): ApiError;
}

export const PERMISSION_DOC_URL = 'https://open.dingtalk.com/document/orgapp-server/add-api-permission';

/** 没有调用该接口的权限… {requiredScopes=[…]} — the text the guide's E1 shows verbatim. */
export function missingScopeText(scopes: string[]): string {
  return `没有调用该接口的权限，接口权限申请参考：${PERMISSION_DOC_URL}, {requiredScopes=[${scopes.join(', ')}]}`;
}

const wrapAuth = (errcode: number, errmsg: string, style: LegacyStyle, subMsg = errmsg): LegacyError =>
  style === 'topapi'
    ? { errcode, errmsg, wrapped: { subCode: String(errcode), subMsg } }
    : { errcode, errmsg };

export const CATALOGUE = {
  // gettoken, wrong key/secret: 40096 (O[S30]); api: 400 invalidClientIdOrSecret (O[S30]).
  invalidAppCredentials: {
    legacy: () => ({ errcode: 40096, errmsg: '不合法的appKey或appSecret' }),
    api: () => ({ status: 400, code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' }),
  },
  // gettoken with the old corpid/corpsecret pair (C[S22][S11]).
  invalidCorpCredentials: {
    legacy: () => ({ errcode: 40089, errmsg: '不合法的corpid或corpsecret' }),
    api: () => ({ status: 400, code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' }),
  },
  // gettoken without appkey/corpid (C[S9]); api gateway style "Missing<param>" (U).
  missingTokenCredentials: {
    legacy: () => ({ errcode: 40035, errmsg: '缺少参数 corpid or appkey' }),
    api: (d) => ({
      status: 400,
      code: `Missing${d.param ?? 'appKey'}`,
      message: `${d.param ?? 'appKey'} is mandatory for this action.`,
    }),
  },
  // topapi: 88/40000 "access_token is blank" (O[S30]); plain: 41001 (C[S11]); api (O[S30]).
  missingAccessToken: {
    legacy: (_d, style) =>
      style === 'topapi'
        ? {
            errcode: 41001,
            errmsg: '缺少access_token参数',
            wrapped: { subCode: '40000', subMsg: 'access_token is blank' },
          }
        : { errcode: 41001, errmsg: '缺少access_token参数' },
    api: () => ({
      status: 400,
      code: 'AuthenticationFailed.MissingParameter',
      message: '缺少参数：x-acs-dingtalk-access-token',
    }),
  },
  // topapi: 88/40014 (O[S30]); plain 40014 (C[S14]); api InvalidAuthentication (C[S14]).
  invalidAccessToken: {
    legacy: (_d, style) => wrapAuth(40014, '不合法的access_token', style),
    api: () => ({ status: 400, code: 'InvalidAuthentication', message: '不合法的access_token' }),
  },
  // Expiry: modern topapi reports 88/40014 (U); old endpoints list 42001 access_token超时 (C[S11]).
  expiredAccessToken: {
    legacy: (_d, style) =>
      style === 'topapi'
        ? wrapAuth(40014, '不合法的access_token', style)
        : { errcode: 42001, errmsg: 'access_token超时' },
    api: () => ({ status: 400, code: 'InvalidAuthentication', message: '不合法的access_token' }),
  },
  // 88 / sub_code "60011" with {requiredScopes=[…]} (O[S32]); api 403 + accessdenieddetail (C[S5]).
  // The suffix is put in sub_msg too (U), so a BI showing sub_msg shows the guide's E1 text.
  missingScope: {
    legacy: (d) => {
      const text = missingScopeText(d.scopes ?? []);
      return { errcode: 60011, errmsg: text, wrapped: { subCode: '60011', subMsg: text } };
    },
    api: (d) => ({
      status: 403,
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      message: `没有调用该接口的权限，接口权限申请参考：${PERMISSION_DOC_URL}`,
      requiredScopes: d.scopes ?? [],
    }),
  },
  // "缺少参数 X" by analogy with gettoken's confirmed text (U); api gateway style (U).
  // A missing tmp_auth_code has its own code in the global table: 41026 (C[S11]).
  missingParameter: {
    legacy: (d) =>
      d.param === 'tmp_auth_code'
        ? { errcode: 41026, errmsg: '缺少tmp_auth_code（临时授权码）' }
        : { errcode: 40035, errmsg: `缺少参数 ${d.param ?? ''}`.trim() },
    api: (d) => ({
      status: 400,
      code: `Missing${d.param ?? 'Parameter'}`,
      message: `${d.param ?? 'parameter'} is mandatory for this action.`,
    }),
  },
  // topapi v2: 400002 无效的参数 (O); old endpoints: 40035 不合法的参数 (C[S11]); api (U).
  invalidParameter: {
    legacy: (_d, style) =>
      style === 'topapi'
        ? { errcode: 400002, errmsg: '无效的参数' }
        : { errcode: 40035, errmsg: '不合法的参数' },
    api: (d) => ({
      status: 400,
      code: 'InvalidParameter',
      message: `参数 ${d.param ?? ''} 不合法`.replace('  ', ' '),
    }),
  },
  // A body that is not JSON: legacy as invalid parameters (U); api 400 Missingbody (O[S23]).
  // The robot webhook answers `40035 缺少参数 json` for a body it cannot read (O: public issue logs).
  malformedBody: {
    legacy: (d, style) =>
      d.param === 'json'
        ? { errcode: 40035, errmsg: '缺少参数 json' }
        : style === 'topapi'
          ? { errcode: 400002, errmsg: '无效的参数' }
          : { errcode: 40035, errmsg: '不合法的参数' },
    api: () => ({ status: 400, code: 'Missingbody', message: 'body is mandatory for this action' }),
  },
  // api: a form body or none where JSON is required (O[S23]).
  missingBody: {
    legacy: () => ({ errcode: 40035, errmsg: '不合法的参数' }),
    api: () => ({ status: 400, code: 'Missingbody', message: 'body is mandatory for this action' }),
  },
  // 60121 找不到该用户 (C[S7][S11]); api shape U.
  userNotFound: {
    legacy: () => ({ errcode: 60121, errmsg: '找不到该用户' }),
    api: () => ({ status: 400, code: 'user.notFound', message: '找不到该用户' }),
  },
  // 60003 部门不存在 (C[S11]); api shape U.
  departmentNotFound: {
    legacy: () => ({ errcode: 60003, errmsg: '部门不存在' }),
    api: () => ({ status: 400, code: 'dept.notFound', message: '部门不存在' }),
  },
  // 50002 员工不在权限范围 (C[S11]); api shape U.
  userOutOfRange: {
    legacy: () => ({ errcode: 50002, errmsg: '员工不在权限范围' }),
    api: () => ({ status: 403, code: 'Forbidden.AccessDenied.UserNotInScope', message: '员工不在权限范围' }),
  },
  // 40078 (C[S11]); api invalidParameter.authCode.notFound (O[S15]).
  authCodeNotFound: {
    legacy: () => ({ errcode: 40078, errmsg: '不存在的临时授权码' }),
    api: () => ({ status: 400, code: 'invalidParameter.authCode.notFound', message: '不合法的临时授权码' }),
  },
  // userAccessToken with an unknown, used or expired refreshToken: by analogy with the authCode
  // error (U, code and text); legacy has no refresh tokens (U: 40035).
  invalidRefreshToken: {
    legacy: () => ({ errcode: 40035, errmsg: '不合法的参数' }),
    api: () => ({
      status: 400,
      code: 'invalidParameter.refreshToken.notFound',
      message: '不合法的refreshToken',
    }),
  },
  // /sns/getuserinfo_bycode's own codes (C: the API's page, docs/dingtalk/web-login.md — codes and
  // meanings; the Chinese wording is U, said after the page's English edition). api shapes U.
  // 853004: the signature does not match (it must be URL-encoded).
  invalidSignature: {
    legacy: () => ({
      errcode: 853004,
      errmsg: 'signature参数不正确，与钉钉服务端计算的签名不一致，请注意传入时需要urlEncode',
    }),
    api: () => ({ status: 400, code: 'InvalidSignature', message: '签名校验失败' }),
  },
  // 853001: timestamp not milliseconds (variant 'format'); 853002: more than 1 minute from DingTalk's clock.
  staleTimestamp: {
    legacy: (d) =>
      d.variant === 'format'
        ? { errcode: 853001, errmsg: 'timestamp参数格式不正确，需为当前时间的毫秒数' }
        : { errcode: 853002, errmsg: 'timestamp参数不合法，与钉钉服务器当前时间相差超过1分钟' },
    api: () => ({ status: 400, code: 'InvalidTimestamp', message: '不合法的timestamp' }),
  },
  // 853003: accessKey names no app on the open platform.
  unknownAccessKey: {
    legacy: () => ({ errcode: 853003, errmsg: 'accessKey参数不合法，需为钉钉开放平台上存在的appId' }),
    api: () => ({ status: 400, code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' }),
  },
  // errcode 22 with a bare sub_msg (O[S30]); api 404 gateway text (U).
  unknownApi: {
    legacy: (d) => {
      const sub = `不合法ApiName，ApiName = ${d.apiName ?? 'dingtalk.oapi'}`;
      return { errcode: 22, errmsg: `Invalid method[submsg=${sub}]`, extra: { sub_msg: sub } };
    },
    api: () => ({
      status: 404,
      code: 'InvalidAction.NotFound',
      message: 'Specified api is not found, please check your url and method.',
    }),
  },
  // 43001 需要GET请求 / 43002 需要POST请求 (C[S11]); api as an unknown action (U).
  methodNotAllowed: {
    legacy: (d) =>
      d.method === 'GET'
        ? { errcode: 43001, errmsg: '需要GET请求' }
        : { errcode: 43002, errmsg: '需要POST请求' },
    api: () => ({
      status: 404,
      code: 'InvalidAction.NotFound',
      message: 'Specified api is not found, please check your url and method.',
    }),
  },
  // /v1.0/oauth2/{corpId}/token with an unknown corpId: 500 unknownError (O[S30]) — DingTalk's own 5xx.
  unknownCorp: {
    legacy: () => ({ errcode: 40089, errmsg: '不合法的corpid或corpsecret' }),
    api: () => ({ status: 500, code: 'unknownError', message: '未知错误' }),
  },
  // 60020 with the caller's IP and AppKey, as observed live (O); api code from the throttling doc (C[S13]), message U.
  ipNotAllowed: {
    legacy: (d) => ({
      errcode: 60020,
      errmsg: `访问ip不在白名单之中，请参考FAQ：https://open.dingtalk.com/document/org-faq/app-faq,request ip=${d.ip ?? ''} appKey(${d.appKey ?? ''})`,
    }),
    api: (d) => ({
      status: 403,
      code: 'Forbidden.AccessDenied.IpNotInWhiteList',
      message: `访问ip不在白名单之中,request ip=${d.ip ?? ''}`,
    }),
  },
  // 90018 per-app per-API QPS (C[S13], message U); api QpsLimitForAppkeyAndApi (C[S13], message U).
  rateLimited: {
    legacy: () => ({ errcode: 90018, errmsg: '当前应用调用该接口超过QPS限制，请稍后重试' }),
    api: () => ({
      status: 403,
      code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
      message: '当前应用调用该接口超过QPS限制，请稍后重试',
    }),
  },
  // -1 系统繁忙 (C[S11]); api 500 unknownError (O[S30]).
  systemBusy: {
    legacy: () => ({ errcode: -1, errmsg: '系统繁忙' }),
    api: () => ({ status: 500, code: 'unknownError', message: '未知错误' }),
  },

  // ---- messaging (docs/dingtalk/messaging.md, docs/dingtalk/robots.md, docs/dingtalk/hosts-and-errors.md) ----

  // 41011 缺少agentid / 40056 不合法的agentid are DingTalk's global error table (O: copies of the
  // official table); that asyncsend_v2 answers them for a missing or foreign agent_id is U.
  // api: invalidAgentId 不合法的agentId (O: a v1.0 doc's error table).
  invalidAgentId: {
    legacy: (d) =>
      d.variant === 'missing'
        ? { errcode: 41011, errmsg: '缺少agentid' }
        : { errcode: 40056, errmsg: '不合法的agentid' },
    api: () => ({ status: 400, code: 'invalidAgentId', message: '不合法的agentId' }),
  },
  // 40008 不合法的消息类型 (global table, O; U for these endpoints). api: code O, message U.
  unsupportedMsgType: {
    legacy: () => ({ errcode: 40008, errmsg: '不合法的消息类型' }),
    api: (d) => ({
      status: 400,
      code: 'invalidParameter.msg.unsupport',
      message: `错误描述: 不支持类型 ${d.param ?? ''} ;解决方案:请使用支持的类型;`,
    }),
  },
  // A missing or malformed message field. Text O (robot webhook 2023-2025 logs, robot API mock of
  // real answers): 400402 for `markdown --》 title`, 400403 for `markdown --》 text`; other fields
  // and work notifications use the same form (U). api: `miss.param.markdownTotitle` (O), pattern U.
  messageFieldInvalid: {
    legacy: (d) => {
      const { section, key } = splitField(d.param ?? 'msg');
      return { errcode: key === 'text' ? 400403 : 400402, errmsg: fieldMessage(section, key) };
    },
    api: (d) => {
      const { section, key } = splitField(d.param ?? 'msg');
      return { status: 400, code: `miss.param.${section}To${key}`, message: fieldMessage(section, key) };
    },
  },
  // msg over 2048 bytes (limit C: asyncsend_v2 doc). 45002 消息内容超过限制 (global table, O; U here).
  // api: invalidParameter.msgParam.tooLong (code O, message U).
  messageTooLarge: {
    legacy: () => ({ errcode: 45002, errmsg: '消息内容超过限制' }),
    api: () => ({
      status: 400,
      code: 'invalidParameter.msgParam.tooLong',
      message: '错误描述:msgParam超过长度限制;解决方案:请缩短消息内容;',
    }),
  },
  // None of userid_list / dept_id_list / to_all_user (U: topapi's generic 400002). api: MissinguserIds (O).
  noRecipients: {
    legacy: () => ({ errcode: 400002, errmsg: '无效的参数' }),
    api: () => ({ status: 400, code: 'MissinguserIds', message: 'userIds is mandatory for this action.' }),
  },
  // userid_list > 5000 / dept_id_list > 500 (limits C: Java SDK); codes 40032 不合法的UserID列表长度 and
  // 40066 不合法的部门列表 (global table, O; U here). api: userIds > 20 (C) → overMax (code O, message U).
  tooManyRecipients: {
    legacy: (d) =>
      d.param === 'dept_id_list'
        ? { errcode: 40066, errmsg: '不合法的部门列表' }
        : { errcode: 40032, errmsg: '不合法的UserID列表长度' },
    api: () => ({
      status: 400,
      code: 'invalidParameter.userIds.overMax',
      message: '错误描述:userIds超过最大数量20;解决方案:请减少userIds数量;',
    }),
  },
  // A task_id / processQueryKey unknown, of another agent, or older than 24 h (U: generic 400002).
  taskNotFound: {
    legacy: () => ({ errcode: 400002, errmsg: '无效的参数' }),
    api: () => ({
      status: 400,
      code: 'invalidParameter.processQueryKey.invalid',
      message: '错误描述:processQueryKey无效;解决方案:请确认processQueryKey是否正确;',
    }),
  },
  // Custom robot webhook with an unknown access_token: 300001 (O[S16]; newer/external groups 300005).
  robotTokenNotFound: {
    legacy: () => ({ errcode: 300001, errmsg: 'token is not exist' }),
    api: () => ({ status: 400, code: 'token.notExisted', message: 'token is not exist' }),
  },
  // 310000 and the security setting that refused (C[S18]). Newer servers word these in Chinese
  // ("description:机器人发送签名不匹配;solution:…", "错误描述:关键词不匹配;…", O 2022-2024); the
  // classic texts are kept since integrations match on them. api: not on this host (U).
  robotSecurity: {
    legacy: (d) => ({ errcode: 310000, errmsg: robotSecurityText(d) }),
    api: (d) => ({ status: 400, code: 'sign.not.match', message: robotSecurityText(d) }),
  },
  // > 20 messages a minute: 130101 (O[S17]; newer 660026, docs 410100). api send.too.fast (code O, message U).
  robotRateLimited: {
    legacy: () => ({ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }),
    api: () => ({ status: 400, code: 'send.too.fast', message: 'send too fast, exceed 20 times per minute' }),
  },
  // Stream gateway (connections/open) with a wrong clientId or clientSecret: 401 authFailed 鉴权失败
  // (O: public issue logs of the gateway's answer); the same answer for a refused WebSocket ticket (U).
  // legacy: not on this host (U: as invalid credentials).
  streamAuthFailed: {
    legacy: () => ({ errcode: 40096, errmsg: '不合法的appKey或appSecret' }),
    api: () => ({ status: 401, code: 'authFailed', message: '鉴权失败' }),
  },
  // sendBySession with an expired or unknown session: 300001 session 不存在 (O: public issue logs).
  // api: not on this host (U).
  sessionNotFound: {
    legacy: () => ({ errcode: 300001, errmsg: 'session 不存在' }),
    api: () => ({ status: 400, code: 'session.notExisted', message: 'session 不存在' }),
  },
  // robotCode that is no robot (O: "real api returns" in a public test mock, sic "notExsit"). legacy U.
  robotCodeNotFound: {
    legacy: () => ({ errcode: 400002, errmsg: '无效的参数' }),
    api: () => ({
      status: 400,
      code: 'invalidParameter.robotCode.notExsit',
      message: '错误描述: robot 不存在；解决方案:请确认 robotCode 是否正确；',
    }),
  },
  // robotCode of another app than the token's (code O: public integration notes; message U).
  robotCodeMismatch: {
    legacy: () => ({ errcode: 400002, errmsg: '无效的参数' }),
    api: () => ({
      status: 400,
      code: 'invalidParameter.robotCode.auth',
      message: '错误描述: robotCode 与调用应用不匹配；解决方案:请使用当前应用的 robotCode；',
    }),
  },
  // Unknown msgKey (O: public test mock of real answers).
  msgKeyInvalid: {
    legacy: () => ({ errcode: 40008, errmsg: '不合法的消息类型' }),
    api: (d) => ({
      status: 400,
      code: 'invalidParameter.msgKey.invalid',
      message: `错误描述: 不支持类型 ${d.param ?? ''} ;解决方案:请使用支持的类型;参考链接:请参考本接口对应文档查看支持的消息类型，或者在https://open.dingtalk.com/document/ 搜索对应文档;`,
    }),
  },
  // msgParam not a JSON object (O: public test mock of real answers).
  msgParamInvalid: {
    legacy: () => ({ errcode: 400002, errmsg: '无效的参数' }),
    api: () => ({
      status: 400,
      code: 'invalidParameter.msgParam.invalid',
      message: '错误描述:msgParam格式不正确;解决方案:请使用json格式;',
    }),
  },
  // Unknown openConversationId (O: another v1.0 API's doc table; U for robot sends).
  conversationNotFound: {
    legacy: () => ({ errcode: 400002, errmsg: '无效的参数' }),
    api: () => ({
      status: 400,
      code: 'invalidParameter.openConversationId.invalid',
      message: '无效的会话id',
    }),
  },
  // emotion/reply|recall on a msgId the conversation does not have (U: code and message inferred).
  openMsgIdNotFound: {
    legacy: () => ({ errcode: 400002, errmsg: '无效的参数' }),
    api: () => ({ status: 400, code: 'invalidParameter.openMsgId.invalid', message: '无效的消息id' }),
  },

  // ---- group chats (docs/dingtalk/messaging.md § Group chats) ----

  // 34001 无效的会话id / 34013 找不到群会话对象: DingTalk's global table (C: ddtalk/dingTalkDoc 附录一);
  // which of the two answers a malformed and an unknown chatid is U. api: as conversationNotFound (U).
  chatNotFound: {
    legacy: (d) =>
      d.variant === 'malformed'
        ? { errcode: 34001, errmsg: '无效的会话id' }
        : { errcode: 34013, errmsg: '找不到群会话对象' },
    api: () => ({
      status: 400,
      code: 'invalidParameter.openConversationId.invalid',
      message: '无效的会话id',
    }),
  },
  // A sender not in the group: 34007 发送者不在会话中 (C: global table). An owner missing from
  // useridlist: 60124 用户不在此群中 (O: a product's table of DingTalk codes; U that /chat/create says it).
  notChatMember: {
    legacy: (d) =>
      d.variant === 'sender'
        ? { errcode: 34007, errmsg: '发送者不在会话中' }
        : { errcode: 60124, errmsg: '用户不在此群中' },
    api: () => ({ status: 400, code: 'invalidParameter.userId.notInGroup', message: '用户不在此群中' }),
  },
  // /chat/send's msg: 34004 无效的会话消息的类型, 34014 会话消息的json结构无效或不完整 (C: global table;
  // 34014 O: a product's log of a group send), 34016 消息内容长度超过限制 (O: a product's table). api U.
  chatMessageInvalid: {
    legacy: (d) =>
      d.variant === 'msgtype'
        ? { errcode: 34004, errmsg: '无效的会话消息的类型' }
        : d.variant === 'tooLong'
          ? { errcode: 34016, errmsg: '消息内容长度超过限制' }
          : { errcode: 34014, errmsg: '会话消息的json结构无效或不完整' },
    api: () => ({
      status: 400,
      code: 'invalidParameter.msg.invalid',
      message: '会话消息的json结构无效或不完整',
    }),
  },

  // ---- media files (docs/dingtalk/messaging.md § Media files) ----

  // media/upload's codes are DingTalk's global error table (O: copies of the official table, the
  // legacy doc's media section); which refusal answers which fault is U. api shapes U (no v1.0 API
  // takes media ids here).
  // 40004: type missing or not image / voice / video / file.
  mediaTypeInvalid: {
    legacy: () => ({ errcode: 40004, errmsg: '不合法的媒体文件类型' }),
    api: () => ({ status: 400, code: 'invalidParameter.type.invalid', message: '不合法的媒体文件类型' }),
  },
  // 40005: the file's extension is not one the type allows (image jpg/gif/png/bmp …).
  mediaFileTypeInvalid: {
    legacy: () => ({ errcode: 40005, errmsg: '不合法的文件类型' }),
    api: () => ({ status: 400, code: 'invalidParameter.fileType.invalid', message: '不合法的文件类型' }),
  },
  // 40006: empty, or larger than the type allows (image 20 MB, voice 2 MB …).
  mediaSizeInvalid: {
    legacy: () => ({ errcode: 40006, errmsg: '不合法的文件大小' }),
    api: () => ({ status: 400, code: 'invalidParameter.fileSize.invalid', message: '不合法的文件大小' }),
  },
  // 40007: a message names a media_id the corp never uploaded (or the sandbox evicted).
  mediaIdInvalid: {
    legacy: () => ({ errcode: 40007, errmsg: '不合法的媒体文件id' }),
    api: () => ({ status: 400, code: 'invalidParameter.mediaId.invalid', message: '不合法的媒体文件id' }),
  },
  // 41005: no file part named `media`.
  mediaMissing: {
    legacy: () => ({ errcode: 41005, errmsg: '缺少多媒体文件数据' }),
    api: () => ({ status: 400, code: 'Missingmedia', message: 'media is mandatory for this action.' }),
  },

  // ---- cards (docs/dingtalk/cards.md § Errors) ----

  // The card platform answers its own refusals `param.<what>` with the code as the message (O: a public
  // issue log of POST /v1.0/card/instances — `param.templateUnpublished`); these three codes follow that
  // form (U). No legacy endpoint takes cards (legacy U: 400002).
  // An outTrackId no card of the caller's has (update, streaming, deliver).
  cardNotFound: {
    legacy: () => ({ errcode: 400002, errmsg: '无效的参数' }),
    api: () => ({ status: 400, code: 'param.cardNotExist', message: 'param.cardNotExist' }),
  },
  // A cardTemplateId the corp has no published template for.
  cardTemplateNotFound: {
    legacy: () => ({ errcode: 400002, errmsg: '无效的参数' }),
    api: () => ({ status: 400, code: 'param.templateNotExist', message: 'param.templateNotExist' }),
  },
  // An openSpaceId not of the form dtv1.card//<TYPE>.<id>[;…].
  cardSpaceInvalid: {
    legacy: () => ({ errcode: 400002, errmsg: '无效的参数' }),
    api: () => ({ status: 400, code: 'param.openSpaceIdInvalid', message: 'param.openSpaceIdInvalid' }),
  },
  // The corp's monthly card calls used up: legacy 90020 (C: the throttling page's monthly quota code);
  // api 403 ApiCountLimitForOrg, one of that page's 403 codes (C code; that it answers the card quota U,
  // as users report 403s; message U).
  cardQuotaExceeded: {
    legacy: () => ({ errcode: 90020, errmsg: '当前企业调用该接口的次数已超过本月额度' }),
    api: () => ({
      status: 403,
      code: 'Forbidden.AccessDenied.ApiCountLimitForOrg',
      message: '当前企业调用该接口的次数已超过本月额度',
    }),
  },
} satisfies Record<ErrorKind, Entry>;

function splitField(param: string): { section: string; key: string } {
  const i = param.lastIndexOf('.');
  return i < 0 ? { section: 'msg', key: param } : { section: param.slice(0, i), key: param.slice(i + 1) };
}

function fieldMessage(section: string, key: string): string {
  return `错误描述:参数 ${section} --》 ${key} 缺失，或者参数格式不正确; 解决方案:请填充上对应参数;参考链接:请参考本接口对应文档查看参数获取方式，或者在https://open.dingtalk.com/document/  搜索对应文档;`;
}

function robotSecurityText(d: ErrorDetails): string {
  switch (d.variant) {
    case 'keywords':
      return 'keywords not in content';
    case 'timestamp':
      return 'invalid timestamp';
    case 'ip':
      return `ip ${d.ip ?? ''} not in whitelist`;
    default:
      return 'sign not match';
  }
}

/** Kinds whose DingTalk answer is itself a 5xx on the new host. */
export const SERVER_ERROR_KINDS: ReadonlySet<ErrorKind> = new Set(['unknownCorp', 'systemBusy']);

/** The legacy wire body (without request_id) of an error. */
export function legacyBody(
  kind: ErrorKind,
  details: ErrorDetails,
  style: LegacyStyle,
): Record<string, unknown> {
  const e: LegacyError = (CATALOGUE[kind] as Entry).legacy(details, style);
  if (e.wrapped && style === 'topapi') {
    const { subCode, subMsg } = e.wrapped;
    return {
      errcode: 88,
      sub_code: subCode,
      sub_msg: subMsg,
      errmsg: `ding talk error[subcode=${subCode},submsg=${subMsg}]`,
    };
  }
  if (kind === 'missingScope') {
    // Old endpoints answer the same 88/60011 wrapper (U): the permission gate sits in front of both families.
    const { subCode, subMsg } = e.wrapped!;
    return {
      errcode: 88,
      sub_code: subCode,
      sub_msg: subMsg,
      errmsg: `ding talk error[subcode=${subCode},submsg=${subMsg}]`,
    };
  }
  return { errcode: e.errcode, ...(e.extra ?? {}), errmsg: e.errmsg };
}

/** The new-API status and wire body (without requestid) of an error. */
export function apiBody(
  kind: ErrorKind,
  details: ErrorDetails,
): { status: number; body: Record<string, unknown> } {
  const e: ApiError = (CATALOGUE[kind] as Entry).api(details);
  const body: Record<string, unknown> = { code: e.code, message: e.message };
  if (e.requiredScopes) body.accessdenieddetail = { requiredScopes: e.requiredScopes };
  return { status: e.status, body };
}
