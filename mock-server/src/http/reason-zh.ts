/**
 * The Chinese reason of a call's journal entry (`reasonZh`), shown first in the console with the
 * English `reason` beside it. A DingTalk refusal carries its own when the thrower gave one
 * (`because(zh, en)`); otherwise the entry says which DingTalk error it was, in DingTalk's words.
 * A fault rule is explained in Chinese; a login page's refusal by what the page showed.
 */
import { explainRuleZh } from '../faults/explain.ts';
import { legacyBody } from '../errcodes.ts';
import type { DingTalkError } from '../domain/errors.ts';
import type { CallState } from './route.ts';

/** Login and phone pages' refusal codes → what the refusal means, in Chinese. */
const REFUSALS: Record<string, string> = {
  '900103': '应用不存在：client_id 对应不到任何应用',
  '400010': 'redirect_uri 参数错误，须与开发者后台配置的重定向URL匹配',
  noPermission: '无权限：redirect_uri 的域名不在应用的重定向URL（安全域名）内，不发放 code（E3）',
  invalidAppid: '无效的appid：appid 对应不到任何应用',
  invalidParameter: '参数错误',
  invalidLoginTmpCode: '登录已失效，请重新扫码',
  qrSessionNotFound: '找不到该二维码对应的登录',
  qrNotConfirmed: '二维码登录尚未在手机上确认',
  response_type: 'response_type 参数错误，须为 code',
  'phone.scan': '模拟手机无法扫码',
  'phone.confirm': '模拟手机无法确认登录',
  'phone.cancel': '模拟手机无法取消登录',
};

/** A DingTalk error's Chinese reason: the thrower's own, else DingTalk's message for its kind. */
export function errorReasonZh(e: DingTalkError): string {
  if (e.reasonZh) return e.reasonZh;
  const body = legacyBody(e.kind, e.details, 'topapi');
  return `钉钉错误：${String(body.sub_code !== undefined ? body.sub_msg : body.errmsg)}`;
}

export function reasonZhOf(state: CallState): string | undefined {
  if (state.fault) {
    const rule = state.tenant?.faults.list().find((r) => r.id === state.fault!.ruleId);
    const why = rule ? `故障规则 ${rule.id}：${explainRuleZh(rule)}` : `故障规则 ${state.fault.ruleId}`;
    return state.error ? `${why} — ${errorReasonZh(state.error)}` : why;
  }
  if (state.error) return errorReasonZh(state.error);
  if (state.crashed) return '沙箱内部错误';
  if (state.refusal) {
    const zh = state.refusal.reasonZh ?? REFUSALS[state.refusal.code];
    if (!zh) return undefined;
    return /E4/.test(state.refusal.reason) ? `在钉钉客户端内：${zh}；客户端显示白屏（E4）` : zh;
  }
  return undefined;
}
