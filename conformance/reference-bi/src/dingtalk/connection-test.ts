/**
 * 测试连接 (S2, X1): a real token call with the given credentials (DingTalk's refusal shown verbatim,
 * e.g. 不合法的appKey或appSecret), then a check that the app belongs to the given CorpId. AgentId cannot
 * be checked without sending a message; it is validated as a number only.
 */
import type { DingTalkApp } from '../db/settings.ts';
import { DingTalkApiError, DingTalkUnavailableError } from './errors.ts';
import type { DingTalkService } from './service.ts';

export interface ConnectionResult {
  ok: boolean;
  title: string;
  /** DingTalk's words verbatim, or ours when DingTalk could not be reached. */
  text: string;
  detail?: string;
}

export async function testConnection(svc: DingTalkService, app: DingTalkApp): Promise<ConnectionResult> {
  const client = svc.clientFor(app);
  try {
    await client.fetchAppToken();
  } catch (e) {
    if (e instanceof DingTalkApiError) {
      return {
        ok: false,
        title: '连接失败',
        text: e.text,
        detail: `钉钉返回 errcode ${e.errcode ?? e.code}（/gettoken）`,
      };
    }
    if (e instanceof DingTalkUnavailableError) {
      return {
        ok: false,
        title: '无法连接钉钉',
        text: `${e.causeText}（${svc.hosts.oapi}）`,
        detail: `${e.detail}；已尝试 ${e.attempts} 次。请检查网络或稍后重试。`,
      };
    }
    throw e;
  }
  try {
    await client.checkCorpId(app.corpId);
  } catch (e) {
    if (e instanceof DingTalkApiError) {
      return {
        ok: false,
        title: '连接失败',
        text: `CorpId 与该应用不匹配：${e.text}`,
        detail: `钉钉返回 ${e.code}`,
      };
    }
    if (e instanceof DingTalkUnavailableError) {
      // DingTalk answers an unknown corpId with HTTP 500 unknownError (docs/dingtalk/tokens.md, O).
      const unknownCorp = e.reason === 'status' && e.detail.includes('unknownError');
      return {
        ok: false,
        title: unknownCorp ? '连接失败' : '无法连接钉钉',
        text: unknownCorp
          ? `CorpId 不正确：钉钉返回「未知错误」`
          : `无法连接钉钉服务器（${svc.hosts.api}）：${e.causeText}`,
        detail: e.detail,
      };
    }
    throw e;
  }
  return { ok: true, title: '连接成功', text: '已成功获取 access_token，AppKey、AppSecret 与 CorpId 有效。' };
}
