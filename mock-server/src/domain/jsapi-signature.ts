/**
 * `dd.config` verification (JSAPI 鉴权, dingtalk-api.md §3): the page passes agentId, corpId,
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
import type { App } from './apps.ts';
import type { JsapiTicket } from './jsapi-tickets.ts';
import type { Tenant } from './tenant.ts';

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
  | { ok: false; code: JsapiAuthCode; app?: App; reason: string; details: FailureDetails };

/** What DingTalk's failure message quotes back to the page (O: open-dingtalk/openapi-demo-java#2). */
export interface FailureDetails {
  nonceStr?: string;
  timeStamp?: string;
  url?: string;
  ticket?: string;
}

/** Check a dd.config request against the tenant it was made in, at `now` on the tenant clock. */
export function verifyJsapiConfig(tenant: Tenant, input: ConfigInput, now: number): ConfigVerdict {
  const fail = (code: JsapiAuthCode, reason: string, app?: App, details: FailureDetails = {}) =>
    ({ ok: false, code, reason, details, ...(app ? { app } : {}) }) as const;

  const corpId = scalar(input.corpId);
  if (!corpId) return fail(52010, 'dd.config was called without corpId');
  if (corpId !== tenant.corpId) {
    return fail(52010, `corpId "${corpId}" is not this corp's corpId (${tenant.corpId})`);
  }
  const agentText = scalar(input.agentId);
  if (!agentText) return fail(52019, 'dd.config was called without agentId');
  const app = /^\d+$/.test(agentText) ? tenant.findAppByAgentId(Number(agentText)) : undefined;
  if (!app) return fail(52019, `no app of corp ${tenant.corpId} has the AgentId "${agentText}"`);

  const url = withoutFragment(input.pageUrl);
  if (!/^https?:\/\//i.test(url)) return fail(52014, `the page URL "${url}" is not an http(s) URL`, app);
  const nonceStr = scalar(input.nonceStr);
  if (!nonceStr) return fail(52015, 'dd.config was called without nonceStr', app);
  const timeStamp = scalar(input.timeStamp);
  if (!timeStamp) return fail(52018, 'dd.config was called without timeStamp', app);
  const signature = scalar(input.signature);
  if (!signature) return fail(52016, 'dd.config was called without signature', app);
  const list = input.jsApiList;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
    return fail(52017, 'jsApiList must be an array of API names (it is required)', app);
  }

  const ticket = tenant.jsapiTickets.current(app.appKey);
  const details: FailureDetails = { nonceStr, timeStamp, url, ...(ticket ? { ticket: ticket.ticket } : {}) };
  if (!ticket) {
    return fail(
      52013,
      `app "${app.name}" (${app.appKey}) has never fetched a jsapi ticket, so no signature can match (GET /get_jsapi_ticket or POST /v1.0/oauth2/jsapiTickets first)`,
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
      `signed with ticket ${mask(ticket.ticket)}, which expired ${Math.round((now - ticket.expiresAt) / 1000)} s ago on the tenant clock; fetch a new ticket and sign again`,
      app,
      details,
    );
  }
  const stale = tenant.jsapiTickets.replaced(app.appKey).find((t) => matches(t.ticket));
  if (stale) return fail(52013, staleReason(stale, ticket), app, details);
  return fail(
    52013,
    mismatchReason(ticket.ticket, nonceStr, timeStamp, signature, input.pageUrl),
    app,
    details,
  );
}

function staleReason(stale: JsapiTicket, current: JsapiTicket): string {
  return `signed with a stale ticket ${mask(stale.ticket)}, replaced by ${mask(current.ticket)} at ${new Date(stale.replacedAt ?? current.issuedAt).toISOString()} (tenant clock); the page must be signed with the app's current ticket`;
}

/** Say what went wrong in words: which near-miss URL the signature does match, or what was expected. */
function mismatchReason(ticket: string, nonce: string, ts: string, got: string, pageUrl: string): string {
  const url = withoutFragment(pageUrl);
  const expected = jsapiSignature(ticket, nonce, ts, url);
  if (got.toLowerCase() === expected) {
    return `the signature is upper-case hex; DingTalk compares lower-case hex SHA-1 (${short(expected)}…)`;
  }
  for (const [candidate, why] of nearMisses(pageUrl)) {
    if (jsapiSignature(ticket, nonce, ts, candidate) === got) {
      return `the signature was computed for url "${candidate}" (${why}), but the page URL is "${url}"`;
    }
  }
  return `expected signature ${short(expected)}… for url "${url}" over "${signedText(mask(ticket), nonce, ts, url)}", got ${short(got)}…`;
}

function nearMisses(pageUrl: string): [string, string][] {
  const url = withoutFragment(pageUrl);
  const out: [string, string][] = [];
  if (pageUrl !== url) out.push([pageUrl, 'the #fragment must not be signed']);
  try {
    const u = new URL(url);
    const port = u.protocol === 'https:' ? '443' : '80';
    if (!u.port) out.push([url.replace(u.host, `${u.hostname}:${port}`), `explicit default port :${port}`]);
    const path = u.pathname.endsWith('/') ? u.pathname.slice(0, -1) : `${u.pathname}/`;
    out.push([`${u.origin}${path}${u.search}`, 'trailing slash differs']);
    out.push([`${u.origin}${u.pathname}`, 'query string left out']);
    out.push([`${u.origin}/`, 'only the origin was signed']);
    out.push([url.replace(/^https?:/, u.protocol === 'https:' ? 'http:' : 'https:'), 'wrong scheme']);
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
