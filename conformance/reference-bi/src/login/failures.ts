/**
 * Why a DingTalk login failed, in the words a person needs: DingTalk's own text verbatim when DingTalk
 * refused (E1, E5), the guide's bindKey message when no BI user is bound (E2), clock skew between the
 * BI server and DingTalk when DingTalk names the timestamp, a clear refusal for people outside the
 * app's range or gone from the company (X4), and a retryable note when DingTalk cannot be reached (X3).
 */
import { DingTalkApiError, DingTalkUnavailableError, UNAVAILABLE_TEXT } from '../dingtalk/errors.ts';

export class LoginFailure extends Error {
  constructor(
    /** Shown verbatim under the title 登录失败. */
    readonly text: string,
    /** What to do about it. */
    readonly hint?: string,
    /** Permission points DingTalk named as missing. */
    readonly scopes: string[] = [],
    readonly retryable = false,
  ) {
    super(text);
    this.name = 'LoginFailure';
  }
}

/**
 * E2. The guide's own words, with its ASCII punctuation kept as printed:
 * 当前用户未绑定系统账号,请联系管理员完成账号关联操作,bindKey:manager1471
 */
export function notBoundText(userid: string): string {
  return `当前用户未绑定系统账号,请联系管理员完成账号关联操作,bindKey:${userid}`;
}

export const SCOPE_HINT =
  '反馈没有调用接口权限的均是钉钉侧报错，请使用 requiredScopes 的变量值在钉钉开放平台【网页应用】的权限管理界面搜索并赋予相关权限。';

/** DingTalk named the timestamp: the two clocks disagree, the app's settings are fine. */
export const CLOCK_SKEW_HINT =
  '钉钉认为请求中的时间戳不合法：BI 服务器与钉钉服务器的时钟相差过大（旧版扫码登录用当前时间签名）。这不是应用配置的问题——请校准 BI 服务器的系统时间（如启用 NTP），或恢复测试环境中被调整的时钟，然后重新登录。';

export function loginFailureFrom(e: unknown): LoginFailure {
  if (e instanceof LoginFailure) return e;
  if (e instanceof DingTalkUnavailableError) {
    return new LoginFailure(UNAVAILABLE_TEXT, `${e.causeText}：${e.detail}。请稍后重新登录。`, [], true);
  }
  if (e instanceof DingTalkApiError) {
    if (e.isMissingScope) {
      const named = e.requiredScopes.length ? `需要开通的权限：${e.requiredScopes.join('、')}。` : '';
      return new LoginFailure(e.text, `${named}${SCOPE_HINT}`, e.requiredScopes);
    }
    if (e.errcode === 40078 || e.code === 'invalidParameter.authCode.notFound') {
      return new LoginFailure(
        e.text,
        '授权码已使用、已过期，或属于另一个应用。请检查钉钉后台中微应用地址与 BI 后台中显示的是否一致，然后重新打开应用。',
      );
    }
    if (e.isClockSkew) return new LoginFailure(e.text, CLOCK_SKEW_HINT);
    if (e.errcode === 60121) {
      return new LoginFailure(e.text, '该钉钉用户不在本企业通讯录中（可能已离职），无法登录 BI。');
    }
    if (e.errcode === 50002 || e.code === 'Forbidden.AccessDenied.UserNotInScope') {
      return new LoginFailure(e.text, '您不在该应用的可见范围内，请联系管理员在钉钉后台调整应用的可见范围。');
    }
    return new LoginFailure(e.text, '钉钉拒绝了本次登录，请联系管理员检查钉钉应用配置。');
  }
  throw e;
}
