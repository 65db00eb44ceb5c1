/**
 * DingTalk's three signatures (docs/dingtalk/web-login.md, in-app-login.md, robots.md) — easy to mix up:
 * - legacy QR login: HMAC-SHA256(key = appSecret, message = timestamp) → base64 (URL-encode in the query);
 * - group robot 加签: HMAC-SHA256(key = secret, message = timestamp + "\n" + secret) → base64 → URL-encode;
 * - dd.config: SHA-1 hex of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` in that order.
 */
import { createHash, createHmac } from 'node:crypto';

export function snsSignature(appSecret: string, timestamp: string): string {
  return createHmac('sha256', appSecret).update(timestamp).digest('base64');
}

export function robotSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export function jsapiSignature(p: {
  ticket: string;
  nonceStr: string;
  timestamp: string;
  url: string;
}): string {
  const plain = `jsapi_ticket=${p.ticket}&noncestr=${p.nonceStr}&timestamp=${p.timestamp}&url=${p.url}`;
  return createHash('sha1').update(plain).digest('hex');
}
