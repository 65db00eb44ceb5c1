/**
 * A fault rule in words, for the console, the admin API and the journal: Chinese (`…Zh`, shown
 * first in the console) and English (the admin API's `explanation`). Error kinds are named with the
 * errcode and message DingTalk answers with, from the one catalogue.
 */
import type { ErrorKind } from '../domain/errors.ts';
import { apiBody, legacyBody } from '../errcodes.ts';
import type { FaultAction, FaultRule, HOSTS } from './rule.ts';

/** Where a rule's `host` makes it apply, in words (the console's fault form). */
export const HOST_WORDS: Record<(typeof HOSTS)[number], { zh: string; en: string }> = {
  oapi: { zh: '旧版服务端接口 oapi.dingtalk.com', en: 'legacy server API' },
  api: { zh: '新版服务端接口 api.dingtalk.com', en: 'new server API' },
  login: { zh: '登录页面 login.dingtalk.com', en: 'login pages' },
  stream: {
    zh: 'Stream 推送：机器人回调 stream.callback、事件 stream.event（仅 disconnect）',
    en: 'Stream pushes: bot callbacks and events; disconnect only',
  },
  event: {
    zh: 'HTTP 事件推送 event.http.push（仅 wrongSignature、wrongKey、delay）',
    en: 'HTTP event pushes; wrongSignature, wrongKey and delay only',
  },
};

/** The push routes a rule may name besides the request routes (not in the route table), in words. */
export const PUSH_ROUTES: { id: string; host: 'stream' | 'event'; zh: string; en: string }[] = [
  { id: 'stream.callback', host: 'stream', zh: '机器人回调推送', en: 'a bot callback push' },
  { id: 'stream.event', host: 'stream', zh: '事件推送（Stream 模式）', en: 'an event push over Stream' },
  { id: 'event.http.push', host: 'event', zh: 'HTTP 事件推送', en: 'an HTTP event push' },
];

/** What DingTalk answers for an error kind: legacy errcode (or sub_code) and message, new API status and code. */
export function kindAnswer(kind: ErrorKind): {
  errcode: string;
  errmsg: string;
  status: number;
  code: string;
} {
  const legacy = legacyBody(kind, {}, 'topapi');
  const api = apiBody(kind, {});
  const sub = legacy.sub_code !== undefined;
  return {
    errcode: sub ? `${String(legacy.errcode)}/${String(legacy.sub_code)}` : String(legacy.errcode),
    errmsg: String(sub ? legacy.sub_msg : legacy.errmsg),
    status: api.status,
    code: String(api.body.code),
  };
}

/** One line for the fault form's error-kind choice: errcode, DingTalk's message (cut), the kind. */
export function kindLabel(kind: ErrorKind, max = 34): string {
  const a = kindAnswer(kind);
  const msg = a.errmsg.length > max ? `${a.errmsg.slice(0, max)}…` : a.errmsg;
  return `${a.errcode} ${msg}（${kind}）`;
}

export function explainAction(a: FaultAction): string {
  switch (a.type) {
    case 'error': {
      const legacy = legacyBody(a.kind, {}, 'topapi');
      const api = apiBody(a.kind, {});
      return `answer DingTalk error "${a.kind}" (legacy errcode ${String(legacy.errcode)}${legacy.sub_code ? `/${String(legacy.sub_code)}` : ''}, new API ${api.status} ${String(api.body.code)})`;
    }
    case 'missingScope':
      return `answer the missing-permission error for ${a.scope} ({requiredScopes=[${a.scope}]})`;
    case 'status':
      return `answer HTTP ${a.status}${a.body ? ` with a ${a.body.length}-character body` : ' with an empty body'}`;
    case 'delay':
      return `wait ${a.ms} ms, then answer normally`;
    case 'timeout':
      return `never answer, and drop the connection after ${a.ms} ms`;
    case 'reset':
      return 'reset the connection without answering';
    case 'malformed':
      return 'answer HTTP 200 with a truncated JSON body';
    case 'rateLimit':
      return 'answer DingTalk’s rate limit (legacy 90018, new API 403 Forbidden.AccessDenied.QpsLimitForAppkeyAndApi)';
    case 'disconnect':
      return a.drop
        ? 'drop the bot’s Stream connection before the push (no close frame)'
        : `send SYSTEM disconnect ("${a.reason}") on the bot’s Stream connection before the push, then close it`;
    case 'wrongSignature':
      return 'sign the HTTP event push with a wrong msg_signature';
    case 'wrongKey':
      return 'encrypt the HTTP event push with another aes_key';
  }
}

export function explainActionZh(a: FaultAction): string {
  switch (a.type) {
    case 'error': {
      const k = kindAnswer(a.kind);
      return `返回钉钉错误 ${k.errcode}「${k.errmsg}」（新版接口 ${k.status} ${k.code}；${a.kind}）`;
    }
    case 'missingScope':
      return `返回缺少权限点 ${a.scope} 的错误（{requiredScopes=[${a.scope}]}）`;
    case 'status':
      return `返回 HTTP ${a.status}${a.body ? `，响应体 ${a.body.length} 个字符` : '，响应体为空'}`;
    case 'delay':
      return `等待 ${a.ms} 毫秒后正常响应`;
    case 'timeout':
      return `不响应，${a.ms} 毫秒后断开连接`;
    case 'reset':
      return '不响应，直接断开连接';
    case 'malformed':
      return '返回 HTTP 200 和被截断的 JSON';
    case 'rateLimit':
      return '返回钉钉的限流错误（旧版 90018，新版接口 403 Forbidden.AccessDenied.QpsLimitForAppkeyAndApi）';
    case 'disconnect':
      return a.drop
        ? '推送前直接断开机器人的 Stream 连接（无关闭帧）'
        : `推送前向机器人的 Stream 连接发送 SYSTEM disconnect（"${a.reason}"），随后关闭连接`;
    case 'wrongSignature':
      return '以错误的 msg_signature 推送 HTTP 事件';
    case 'wrongKey':
      return '以另一个 aes_key 加密推送的 HTTP 事件';
  }
}

export function explainRule(r: FaultRule): string {
  const where: string[] = [];
  if (r.match.host) where.push(`on the ${r.match.host} host`);
  where.push(r.match.route ? `calls to ${r.match.route}` : 'every call');
  if (r.match.appKey) where.push(`by app ${r.match.appKey}`);
  if (r.match.userid) where.push(`about user ${r.match.userid}`);
  if (r.match.body) where.push(`with ${bodyFields(r)}`);
  const times = r.times === 'always' ? 'every time' : r.times === 'once' ? 'once' : `${r.times} times`;
  const chance = r.probability !== undefined ? ` with probability ${r.probability}` : '';
  const used =
    r.times === 'always' ? `fired ${r.hits} times` : `fired ${r.hits} of ${r.times === 'once' ? 1 : r.times}`;
  return `For ${where.join(' ')}: ${explainAction(r.action)}, ${times}${chance} (${used}).`;
}

export function explainRuleZh(r: FaultRule): string {
  const who: string[] = [];
  if (r.match.host) who.push(`${r.match.host} 域名上`);
  if (r.match.appKey) who.push(`应用 ${r.match.appKey} `);
  who.push(r.match.route ? `调用 ${r.match.route} 的请求` : '所有请求');
  const when: string[] = [];
  if (r.match.userid) when.push(`涉及用户 ${r.match.userid}`);
  if (r.match.body) when.push(`参数 ${bodyFields(r)}`);
  const times = r.times === 'always' ? '每次' : r.times === 'once' ? '一次' : `${r.times} 次`;
  const chance = r.probability !== undefined ? `，概率 ${r.probability}` : '';
  const used =
    r.times === 'always' ? `已触发 ${r.hits} 次` : `已触发 ${r.hits}/${r.times === 'once' ? 1 : r.times} 次`;
  const cond = when.length > 0 ? `（${when.join('，')}）` : '';
  return `对${who.join('')}${cond}：${explainActionZh(r.action)}，${times}${chance}（${used}）。`;
}

function bodyFields(r: FaultRule): string {
  return Object.entries(r.match.body ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}
