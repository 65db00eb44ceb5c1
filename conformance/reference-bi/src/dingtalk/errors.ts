/**
 * What can go wrong talking to DingTalk, in two kinds:
 * - DingTalkApiError: DingTalk answered and refused. Its `text` is DingTalk's own words, shown verbatim.
 * - DingTalkUnavailableError: no usable answer (network, timeout, 5xx, malformed JSON, rate limit after
 *   retries). Retryable; people see 钉钉暂时不可用，请稍后重试.
 */

export const UNAVAILABLE_TEXT = '钉钉暂时不可用，请稍后重试';

export interface ApiErrorFields {
  /** Which host answered: legacy oapi (errcode) or the new api (code). */
  host: 'oapi' | 'api';
  path: string;
  status: number;
  errcode?: number;
  subCode?: string;
  code?: string;
  /** DingTalk's text, verbatim: sub_msg (or the submsg inside errmsg) / errmsg / message. */
  text: string;
  requiredScopes: string[];
}

export class DingTalkApiError extends Error implements ApiErrorFields {
  readonly host: 'oapi' | 'api';
  readonly path: string;
  readonly status: number;
  readonly errcode?: number;
  readonly subCode?: string;
  readonly code?: string;
  readonly text: string;
  readonly requiredScopes: string[];

  constructor(f: ApiErrorFields) {
    super(f.text);
    this.name = 'DingTalkApiError';
    Object.assign(this, f);
    this.host = f.host;
    this.path = f.path;
    this.status = f.status;
    this.text = f.text;
    this.requiredScopes = f.requiredScopes;
  }

  /** The app token is invalid or expired: refresh once and retry. */
  get isTokenError(): boolean {
    if (this.host === 'api') return this.code === 'InvalidAuthentication';
    const codes = ['40014', '42001', '40001'];
    return (
      codes.includes(String(this.errcode)) || (this.errcode === 88 && codes.includes(this.subCode ?? ''))
    );
  }

  /**
   * DingTalk refused a signed request's timestamp (853001/853002 timestamp参数…, InvalidTimestamp): the BI
   * server's clock and DingTalk's disagree — not the app's configuration.
   */
  get isClockSkew(): boolean {
    return this.code === 'InvalidTimestamp' || /timestamp|时间戳/i.test(this.text);
  }

  /** A permission point is missing (60011 / AccessTokenPermissionDenied). */
  get isMissingScope(): boolean {
    return this.requiredScopes.length > 0 || this.subCode === '60011' || this.errcode === 60011;
  }
}

export type UnavailableCause = 'network' | 'timeout' | 'status' | 'malformed' | 'rateLimit' | 'busy';

const CAUSE_TEXT: Record<UnavailableCause, string> = {
  network: '无法连接钉钉服务器',
  timeout: '钉钉服务器响应超时',
  status: '钉钉服务器返回错误状态',
  malformed: '钉钉服务器返回了无法解析的响应',
  rateLimit: '调用钉钉接口过于频繁（已触发限流）',
  busy: '钉钉系统繁忙',
};

export class DingTalkUnavailableError extends Error {
  constructor(
    readonly reason: UnavailableCause,
    readonly path: string,
    /** Technical detail for admins (status, DingTalk's text); never a secret. */
    readonly detail: string,
    readonly attempts: number,
  ) {
    super(`${UNAVAILABLE_TEXT}（${CAUSE_TEXT[reason]}：${detail}）`);
    this.name = 'DingTalkUnavailableError';
  }

  get causeText(): string {
    return CAUSE_TEXT[this.reason];
  }
}

/** `{requiredScopes=[a, b]}` inside DingTalk's text → ['a', 'b']. */
export function scopesInText(text: string): string[] {
  const m = /requiredScopes=\[([^\]]*)\]/.exec(text);
  return m?.[1]
    ? m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/**
 * The text to show for a legacy error: sub_msg when present; if errmsg's `submsg=…]` carries more (the
 * `{requiredScopes=[…]}` suffix, which real DingTalk may keep only there — U), that instead; else errmsg.
 */
export function legacyText(body: { errmsg?: unknown; sub_msg?: unknown }): string {
  const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
  const subMsg = typeof body.sub_msg === 'string' ? body.sub_msg : '';
  const inner = /submsg=(.*)\]$/s.exec(errmsg)?.[1] ?? '';
  if (inner && inner.length > subMsg.length && inner.startsWith(subMsg)) return inner;
  return subMsg || errmsg || '钉钉返回了未知错误';
}
