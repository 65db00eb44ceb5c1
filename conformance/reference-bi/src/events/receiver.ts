/**
 * Reading one DingTalk HTTP push: the signature first (nothing unsigned or wrongly signed is even
 * decrypted), then the ciphertext, which must be for this app's AppKey, then the event inside it.
 * DingTalk sends `POST <url>?msg_signature=&timestamp=&nonce=` with the JSON body `{"encrypt": "…"}`;
 * older pushes name them `signature` and `timeStamp`, which DingTalk's own samples also accept.
 */
import { CallbackRefused, decrypt, signatureMatches, type CallbackSecrets } from './callback-crypto.ts';

/** A decrypted event: `EventType`, and for directory events `UserId` or `DeptId`, `CorpId`, `TimeStamp`. */
export interface DingTalkEventPayload {
  EventType: string;
  UserId?: string[];
  DeptId?: number[];
  CorpId?: string;
  TimeStamp?: number | string;
}

export type Read = { ok: true; event: DingTalkEventPayload } | { ok: false; code: number; reason: string };

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function readPush(
  secrets: CallbackSecrets,
  query: Record<string, string | string[] | undefined>,
  body: unknown,
): Read {
  const signature = first(query.msg_signature) || first(query.signature);
  const timestamp = first(query.timestamp) || first(query.timeStamp);
  const nonce = first(query.nonce);
  const encrypted =
    body && typeof body === 'object' && typeof (body as { encrypt?: unknown }).encrypt === 'string'
      ? (body as { encrypt: string }).encrypt
      : '';
  if (!signature || !timestamp || !nonce || !encrypted) {
    const missing = [
      !signature && 'msg_signature',
      !timestamp && 'timestamp',
      !nonce && 'nonce',
      !encrypted && 'encrypt',
    ].filter(Boolean);
    return { ok: false, code: 900005, reason: `未签名的推送：缺少 ${missing.join('、')}` };
  }
  if (!signatureMatches(secrets, { signature, timestamp, nonce, encrypt: encrypted }))
    return {
      ok: false,
      code: 900005,
      reason: '签名不匹配：msg_signature 与 token、timestamp、nonce、encrypt 不符',
    };
  let plain: string;
  try {
    plain = decrypt(secrets, encrypted);
  } catch (e) {
    if (e instanceof CallbackRefused) return { ok: false, code: e.code, reason: e.message };
    throw e;
  }
  let event: unknown;
  try {
    event = JSON.parse(plain);
  } catch {
    return { ok: false, code: 900008, reason: '解密后的内容不是 JSON' };
  }
  if (!event || typeof event !== 'object' || typeof (event as { EventType?: unknown }).EventType !== 'string')
    return { ok: false, code: 900008, reason: '解密后的内容没有 EventType' };
  return { ok: true, event: event as DingTalkEventPayload };
}
