/**
 * One HTTP call to DingTalk with fetch, in either envelope, with bounded retries:
 * - legacy host: HTTP 200 with errcode (0 = ok; a sub_code means failure even with errcode 0 — Java SDK rule);
 * - new host: 2xx business object, 4xx/5xx `{code, message, requestid}`.
 * Retried (exponential back-off, `attempts` in all): rate limits (90018, 403 QpsLimit…) and 系统繁忙 (-1)
 * always — DingTalk refused before doing anything; 5xx, network errors, timeouts and malformed JSON only
 * when the call is idempotent (a send is not: it may have been delivered).
 */
import type { Logger } from 'pino';
import type { RetryOptions } from '../config.ts';
import {
  DingTalkApiError,
  DingTalkUnavailableError,
  legacyText,
  scopesInText,
  type UnavailableCause,
} from './errors.ts';

export interface TransportOptions {
  retry: RetryOptions;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  logger?: Logger;
}

export interface CallSpec {
  host: 'oapi' | 'api';
  method: 'GET' | 'POST';
  /** Absolute URL including the query. */
  url: URL;
  body?: unknown;
  headers?: Record<string, string>;
  /** May the call be repeated after an unknown outcome (5xx, reset, timeout, malformed)? Default true. */
  idempotent?: boolean;
  /** Override the number of attempts for this call. */
  attempts?: number;
}

class Transient extends Error {
  constructor(
    readonly reason: UnavailableCause,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export async function call<T = Record<string, unknown>>(opts: TransportOptions, spec: CallSpec): Promise<T> {
  const attempts = Math.max(1, spec.attempts ?? opts.retry.attempts);
  const path = spec.url.pathname;
  let last: Transient | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return (await once(opts, spec)) as T;
    } catch (e) {
      if (!(e instanceof Transient)) throw e;
      last = e;
      const retryable = spec.idempotent !== false || e.reason === 'rateLimit' || e.reason === 'busy';
      opts.logger?.warn({ path, attempt, cause: e.reason, detail: e.detail }, 'dingtalk call failed');
      if (!retryable || attempt === attempts) break;
      await opts.sleep(Math.min(opts.retry.baseDelayMs * 2 ** (attempt - 1), opts.retry.maxDelayMs));
    }
  }
  throw new DingTalkUnavailableError(last!.reason, path, last!.detail, attempts);
}

async function once(opts: TransportOptions, spec: CallSpec): Promise<unknown> {
  const path = spec.url.pathname;
  let res: Response;
  try {
    res = await fetch(spec.url, {
      method: spec.method,
      headers: {
        accept: 'application/json',
        ...(spec.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        ...spec.headers,
      },
      body: spec.body !== undefined ? JSON.stringify(spec.body) : undefined,
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError') throw new Transient('timeout', `${opts.timeoutMs} ms 内无响应`);
    throw new Transient('network', err.cause?.code ?? err.message);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw new Transient('network', `读取响应失败：${(e as Error).message}`);
  }
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  if (res.status >= 500) {
    const what = body
      ? ` ${String(body.code ?? body.errcode ?? '')} ${String(body.message ?? body.errmsg ?? '')}`
      : '';
    throw new Transient('status', `HTTP ${res.status}${what}`.trim());
  }
  if (!body) throw new Transient('malformed', `HTTP ${res.status}，响应不是 JSON（${text.slice(0, 60)}…）`);

  if (spec.host === 'api') {
    if (res.status < 400) return body;
    const code = typeof body.code === 'string' ? body.code : `HTTP${res.status}`;
    const message = typeof body.message === 'string' ? body.message : code;
    if (res.status === 403 && code.startsWith('Forbidden.AccessDenied.QpsLimit'))
      throw new Transient('rateLimit', `${code} ${message}`);
    const detail = body.accessdenieddetail as { requiredScopes?: unknown } | undefined;
    const scopes = Array.isArray(detail?.requiredScopes) ? detail.requiredScopes.map(String) : [];
    throw new DingTalkApiError({
      host: 'api',
      path,
      status: res.status,
      code,
      text: message,
      requiredScopes: scopes,
    });
  }

  const errcode = Number(body.errcode ?? 0);
  const subCode = body.sub_code !== undefined ? String(body.sub_code) : undefined;
  if (errcode === 0 && subCode === undefined) return body;
  const errText = legacyText(body);
  if (errcode === 90018) throw new Transient('rateLimit', `90018 ${errText}`);
  if (errcode === -1) throw new Transient('busy', `-1 ${errText}`);
  throw new DingTalkApiError({
    host: 'oapi',
    path,
    status: res.status,
    errcode,
    subCode,
    text: errText,
    requiredScopes: scopesInText(`${errText} ${String(body.errmsg ?? '')}`),
  });
}
