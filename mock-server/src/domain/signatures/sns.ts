/**
 * The legacy 扫码登录 signature (docs/dingtalk/web-login.md): `POST /sns/getuserinfo_bycode` is
 * signed with base64(HMAC-SHA256(key = appSecret, message = timestamp)), URL-encoded by the caller,
 * and the timestamp must be milliseconds (853001) within one minute of the tenant clock (853002);
 * a signature that does not match answers 853004 (C: the API's page).
 */
import { createHmac } from 'node:crypto';
import type { App } from '../apps/apps.ts';
import { because, DingTalkError } from '../errors.ts';
import { sameText } from './same-text.ts';

/** How far `timestamp` may be from the tenant clock: 1 minute either way (C: 853002 on the API's page). */
export const SNS_TIMESTAMP_SKEW_MS = 60_000;

/** base64(HMAC-SHA256(key = appSecret, message = timestamp)) — before URL encoding (C[S8][S9][S10]). */
export function snsSignature(appSecret: string, timestamp: string): string {
  return createHmac('sha256', appSecret).update(timestamp, 'utf8').digest('base64');
}

export interface SnsSigned {
  timestamp: string;
  signature: string;
}

/** The call's timestamp and signature against the app's secret at `now`; throws the refusal. */
export function checkSnsSignature(app: App, signed: SnsSigned, now: number): void {
  const { timestamp, signature } = signed;
  const ts = Number(timestamp);
  if (!/^\d{10,16}$/.test(timestamp) || !Number.isFinite(ts)) {
    throw new DingTalkError(
      'staleTimestamp',
      because(
        `timestamp "${timestamp}" 不是毫秒时间戳`,
        `timestamp "${timestamp}" is not milliseconds since the epoch`,
      ),
      { variant: 'format' },
    );
  }
  const skew = ts - now;
  if (Math.abs(skew) > SNS_TIMESTAMP_SKEW_MS) {
    // A 10-digit value is seconds: the most common slip, worth naming.
    const seconds = timestamp.length === 10 && Math.abs(ts * 1000 - now) <= SNS_TIMESTAMP_SKEW_MS;
    const hint = seconds ? ' — it looks like seconds: send milliseconds' : '';
    const hintZh = seconds ? '——这像是秒：请传毫秒' : '';
    throw new DingTalkError(
      'staleTimestamp',
      because(
        `timestamp ${timestamp} 与租户时钟相差 ${Math.round(skew / 1000)} 秒，只允许 ±${SNS_TIMESTAMP_SKEW_MS / 1000} 秒（租户时钟被调过，或服务器时间不准？）${hintZh}`,
        `timestamp ${timestamp} is ${Math.round(skew / 1000)} s from the tenant clock; allowed ±${SNS_TIMESTAMP_SKEW_MS / 1000} s${hint}`,
      ),
    );
  }
  const expected = snsSignature(app.appSecret, timestamp);
  if (sameText(signature, expected)) return;
  // A '+' of the base64 sent without URL encoding arrives as a space: say so.
  const spaces = sameText(signature.replace(/ /g, '+'), expected);
  const hint = spaces ? " — the signature's '+' arrived as spaces: URL-encode the signature" : '';
  const hintZh = spaces ? '——签名中的 "+" 到达时变成了空格：请对签名做 URL 编码' : '';
  throw new DingTalkError(
    'invalidSignature',
    because(
      `签名不匹配：应为 base64(HMAC-SHA256(应用「${app.name}」的 AppSecret, timestamp))${hintZh}`,
      `signature does not match base64(HMAC-SHA256(appSecret of "${app.name}", timestamp))${hint}`,
    ),
  );
}
