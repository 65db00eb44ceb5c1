/**
 * `dd.config` verification (JSAPI 鉴权, docs/dingtalk/in-app-login.md): the page passes agentId, corpId,
 * timeStamp, nonceStr, signature and jsApiList; DingTalk recomputes the signature as the lowercase
 * hex SHA-1 of `jsapi_ticket=T&noncestr=N&timestamp=TS&url=URL` (that key order, C[S10]) with the
 * app's current ticket and the page URL without its #fragment, and answers 52013 签名校验失败 when
 * they differ (C[S11]).
 *
 * Which URL form: the official Java demo URL-decodes the query string before signing (C[S10]:
 * `URLDecoder.decode(queryString)`, which also turns `+` into a space), while JS integrations sign
 * `location.href.split('#')[0]` as the browser shows it. Both are accepted (U: DingTalk's own
 * normalisation is not documented; these are the two forms its own samples produce). Nothing else is
 * normalised: an explicit default port (`:443`), a missing or extra trailing slash, a fragment or a
 * stale ticket all give 52013, as they do on DingTalk (O[S37]) — and the reason says which it was.
 */
import { createHash } from 'node:crypto';
import type { App } from '../apps/apps.ts';
import { because, type Reason } from '../errors.ts';
import type { JsapiTicket } from '../in-app/jsapi-tickets.ts';
import type { Tenant } from '../tenancy/tenant.ts';

/** The 520xx codes of the global return-code table (C[S11] 附录一). */
export const JSAPI_AUTH_ERRORS = {
  52010: '无效的corpid',
  52011: 'jsapi ticket 读取失败',
  52012: 'jsapi 签名生成失败',
  52013: '签名校验失败',
  52014: '无效的url参数',
  52015: '无效的随机字符串参数',
  52016: '无效的签名参数',
  52017: '无效的jsapi列表参数',
  52018: '无效的时间戳',
  52019: '无效的agentid',
} as const;

export type JsapiAuthCode = keyof typeof JSAPI_AUTH_ERRORS;

export function jsapiSignature(ticket: string, nonceStr: string, timeStamp: string, url: string): string {
  return createHash('sha1')
    .update(signedText(ticket, nonceStr, timeStamp, url), 'utf8')
    .digest('hex');
}

function signedText(ticket: string, nonceStr: string, timeStamp: string, url: string): string {
  return `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timeStamp}&url=${url}`;
}

/** The URL forms a correct signature may cover: as shown, and with the query decoded (official demo). */
export function acceptedUrls(pageUrl: string): string[] {
  const base = withoutFragment(pageUrl);
  const decoded = decodeQuery(base);
  return decoded === base ? [base] : [base, decoded];
}

export interface ConfigInput {
  agentId?: unknown;
  corpId?: unknown;
  timeStamp?: unknown;
  nonceStr?: unknown;
  signature?: unknown;
  jsApiList?: unknown;
  /** The page's full URL (location.href), fragment included; it is removed here. */
  pageUrl: string;
}

export type ConfigVerdict =
  | { ok: true; app: App; jsApiList: string[]; url: string }
  | { ok: false; code: JsapiAuthCode; app?: App; reason: string; reasonZh: string; details: FailureDetails };

/** What DingTalk's failure message quotes back to the page (O: open-dingtalk/openapi-demo-java#2). */
export interface FailureDetails {
  nonceStr?: string;
  timeStamp?: string;
  url?: string;
  ticket?: string;
}

/** Check a dd.config request against the tenant it was made in, at `now` on the tenant clock. */
export function verifyJsapiConfig(tenant: Tenant, input: ConfigInput, now: number): ConfigVerdict {
  const fail = (code: JsapiAuthCode, why: Reason, app?: App, details: FailureDetails = {}) =>
    ({ ok: false, code, reason: why.en, reasonZh: why.zh, details, ...(app ? { app } : {}) }) as const;

  const corpId = scalar(input.corpId);
  if (!corpId)
    return fail(52010, because('调用 dd.config 时没有传 corpId', 'dd.config was called without corpId'));
  if (corpId !== tenant.corpId) {
    return fail(
      52010,
      because(
        `corpId "${corpId}" 不是本组织的 corpId（${tenant.corpId}）`,
        `corpId "${corpId}" is not this corp's corpId (${tenant.corpId})`,
      ),
    );
  }
  const agentText = scalar(input.agentId);
  if (!agentText)
    return fail(52019, because('调用 dd.config 时没有传 agentId', 'dd.config was called without agentId'));
  const app = /^\d+$/.test(agentText) ? tenant.findAppByAgentId(Number(agentText)) : undefined;
  if (!app) {
    return fail(
      52019,
      because(
        `组织 ${tenant.corpId} 没有 AgentId 为 "${agentText}" 的应用`,
        `no app of corp ${tenant.corpId} has the AgentId "${agentText}"`,
      ),
    );
  }

  const url = withoutFragment(input.pageUrl);
  if (!/^https?:\/\//i.test(url)) {
    return fail(
      52014,
      because(`页面 URL "${url}" 不是 http(s) 地址`, `the page URL "${url}" is not an http(s) URL`),
      app,
    );
  }
  const nonceStr = scalar(input.nonceStr);
  if (!nonceStr) {
    return fail(
      52015,
      because('调用 dd.config 时没有传 nonceStr', 'dd.config was called without nonceStr'),
      app,
    );
  }
  const timeStamp = scalar(input.timeStamp);
  if (!timeStamp) {
    return fail(
      52018,
      because('调用 dd.config 时没有传 timeStamp', 'dd.config was called without timeStamp'),
      app,
    );
  }
  const signature = scalar(input.signature);
  if (!signature) {
    return fail(
      52016,
      because('调用 dd.config 时没有传 signature', 'dd.config was called without signature'),
      app,
    );
  }
  const list = input.jsApiList;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
    return fail(
      52017,
      because('jsApiList 必填，须为接口名数组', 'jsApiList must be an array of API names (it is required)'),
      app,
    );
  }

  const ticket = tenant.jsapiTickets.current(app.appKey);
  const details: FailureDetails = { nonceStr, timeStamp, url, ...(ticket ? { ticket: ticket.ticket } : {}) };
  if (!ticket) {
    return fail(
      52013,
      because(
        `应用「${app.name}」（${app.appKey}）从未获取过 jsapi ticket，任何签名都不会匹配（请先调用 GET /get_jsapi_ticket 或 POST /v1.0/oauth2/jsapiTickets）`,
        `app "${app.name}" (${app.appKey}) has never fetched a jsapi ticket, so no signature can match (GET /get_jsapi_ticket or POST /v1.0/oauth2/jsapiTickets first)`,
      ),
      app,
      details,
    );
  }
  const urls = acceptedUrls(input.pageUrl);
  const matches = (t: string) => urls.some((u) => jsapiSignature(t, nonceStr, timeStamp, u) === signature);
  if (matches(ticket.ticket)) {
    if (ticket.expiresAt > now) return { ok: true, app, jsApiList: list as string[], url };
    return fail(
      52013,
      because(
        `签名用的 ticket ${mask(ticket.ticket)} 已按租户时钟过期 ${Math.round((now - ticket.expiresAt) / 1000)} 秒；请重新获取 ticket 再签名`,
        `signed with ticket ${mask(ticket.ticket)}, which expired ${Math.round((now - ticket.expiresAt) / 1000)} s ago on the tenant clock; fetch a new ticket and sign again`,
      ),
      app,
      details,
    );
  }
  const stale = tenant.jsapiTickets.replaced(app.appKey).find((t) => matches(t.ticket));
  if (stale) return fail(52013, staleReason(stale, ticket), app, details);
  return fail(
    52013,
    mismatchReason({ ticket: ticket.ticket, nonce: nonceStr, ts: timeStamp }, signature, input.pageUrl),
    app,
    details,
  );
}

function staleReason(stale: JsapiTicket, current: JsapiTicket): Reason {
  const at = new Date(stale.replacedAt ?? current.issuedAt).toISOString();
  return because(
    `签名用的是旧 ticket ${mask(stale.ticket)}，已于 ${at}（租户时钟）被 ${mask(current.ticket)} 取代；页面须用应用当前的 ticket 签名`,
    `signed with a stale ticket ${mask(stale.ticket)}, replaced by ${mask(current.ticket)} at ${at} (tenant clock); the page must be signed with the app's current ticket`,
  );
}

/** What a dd.config signature covers besides the URL: the ticket, nonceStr and timeStamp. */
interface SignedFields {
  ticket: string;
  nonce: string;
  ts: string;
}

/** Say what went wrong in words: which near-miss URL the signature does match, or what was expected. */
function mismatchReason(signed: SignedFields, got: string, pageUrl: string): Reason {
  const { ticket, nonce, ts } = signed;
  const url = withoutFragment(pageUrl);
  const expected = jsapiSignature(ticket, nonce, ts, url);
  if (got.toLowerCase() === expected) {
    return because(
      `签名是大写十六进制；钉钉比较的是小写十六进制的 SHA-1（${short(expected)}…）`,
      `the signature is upper-case hex; DingTalk compares lower-case hex SHA-1 (${short(expected)}…)`,
    );
  }
  for (const [candidate, why, whyZh] of nearMisses(pageUrl)) {
    if (jsapiSignature(ticket, nonce, ts, candidate) === got) {
      return because(
        `签名是按 url "${candidate}" 计算的（${whyZh}），但页面 URL 是 "${url}"`,
        `the signature was computed for url "${candidate}" (${why}), but the page URL is "${url}"`,
      );
    }
  }
  const text = signedText(mask(ticket), nonce, ts, url);
  return because(
    `签名不匹配：url "${url}" 对 "${text}" 的签名应为 ${short(expected)}…，收到的是 ${short(got)}…`,
    `expected signature ${short(expected)}… for url "${url}" over "${text}", got ${short(got)}…`,
  );
}

function nearMisses(pageUrl: string): [string, string, string][] {
  const url = withoutFragment(pageUrl);
  const out: [string, string, string][] = [];
  if (pageUrl !== url) out.push([pageUrl, 'the #fragment must not be signed', '# 之后的部分不参与签名']);
  try {
    const u = new URL(url);
    const port = u.protocol === 'https:' ? '443' : '80';
    if (!u.port)
      out.push([
        url.replace(u.host, `${u.hostname}:${port}`),
        `explicit default port :${port}`,
        `多写了默认端口 :${port}`,
      ]);
    const path = u.pathname.endsWith('/') ? u.pathname.slice(0, -1) : `${u.pathname}/`;
    out.push([`${u.origin}${path}${u.search}`, 'trailing slash differs', '结尾的斜杠不一致']);
    out.push([`${u.origin}${u.pathname}`, 'query string left out', '漏掉了查询参数']);
    out.push([`${u.origin}/`, 'only the origin was signed', '只签了域名部分']);
    out.push([
      url.replace(/^https?:/, u.protocol === 'https:' ? 'http:' : 'https:'),
      'wrong scheme',
      '协议（http/https）不对',
    ]);
  } catch {
    // not a URL: nothing to compare
  }
  return out;
}

function withoutFragment(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}

/** The query decoded as java.net.URLDecoder does (`%XX` and `+` → space); unchanged if malformed. */
function decodeQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  try {
    return `${url.slice(0, q)}?${decodeURIComponent(url.slice(q + 1).replace(/\+/g, ' '))}`;
  } catch {
    return url;
  }
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

const short = (s: string) => s.slice(0, 8);
const mask = (s: string) => `${s.slice(0, 6)}…`;

/** The ticket as DingTalk quotes it back to the page: first 10 characters, then stars (O: openapi-demo-java#2). */
export function ticketForPage(ticket: string): string {
  return ticket.length <= 10 ? ticket : `${ticket.slice(0, 10)}${'*'.repeat(ticket.length - 10)}`;
}
