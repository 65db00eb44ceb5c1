/**
 * DingTalk's event-callback crypto (事件订阅 HTTP 推送), as DingTalk publishes it in its
 * DingCallbackCrypto samples (https://github.com/open-dingtalk/DingTalk-Callback-Crypto; the facts in
 * docs/dingtalk/events.md), written here from the algorithm — the BI shares no code with the sandbox:
 *
 * - the AES key is base64-decode(aes_key + "="): 43 characters give 32 bytes, AES-256-CBC, and the IV
 *   is the key's first 16 bytes;
 * - the plaintext is 16 random bytes, the message length as a 4-byte big-endian integer, the message,
 *   then the owner key (the app's AppKey for an internal app), padded PKCS#7-style to a multiple of 32
 *   bytes (pad value 1–32), encrypted without the cipher's own padding, sent as base64 (`encrypt`);
 * - the signature is the SHA-1 hex of token, timestamp, nonce and encrypt, sorted as strings and joined.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PAD_BLOCK = 32;

export interface CallbackSecrets {
  /** 签名 token, as typed in DingTalk's 事件订阅 page. */
  token: string;
  /** 加密 aes_key: 43 letters or digits. */
  aesKey: string;
  /** The AppKey the messages are for. */
  ownerKey: string;
}

/** Why a callback was refused, with the error codes of DingTalk's own receiver libraries. */
export class CallbackRefused extends Error {
  constructor(
    /** 900004 不合法的aes key · 900005 签名不匹配 · 900008 解密失败 · 900010 不是发给本应用的消息 */
    readonly code: 900004 | 900005 | 900008 | 900010,
    message: string,
  ) {
    super(message);
  }
}

export function isAesKey(s: string): boolean {
  return /^[A-Za-z0-9]{43}$/.test(s);
}

/** A fresh aes_key (43 letters and digits), as the 事件订阅 page's 自动生成 would make. */
export function newAesKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  // 248 = 4 × 62: rejecting bytes ≥ 248 keeps every character equally likely.
  let out = '';
  while (out.length < 43) {
    for (const b of randomBytes(64)) if (b < 248 && out.length < 43) out += alphabet[b % 62];
  }
  return out;
}

function aesKeyBytes(aesKey: string): Buffer {
  if (!isAesKey(aesKey)) throw new CallbackRefused(900004, '不合法的aes key：应为 43 位字母或数字');
  return Buffer.from(`${aesKey}=`, 'base64');
}

export function signatureOf(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join(''), 'utf8').digest('hex');
}

/** Does `given` equal the signature of these values? (Compared in constant time.) */
export function signatureMatches(
  secrets: Pick<CallbackSecrets, 'token'>,
  p: { signature: string; timestamp: string; nonce: string; encrypt: string },
): boolean {
  const want = Buffer.from(signatureOf(secrets.token, p.timestamp, p.nonce, p.encrypt), 'utf8');
  const got = Buffer.from(p.signature, 'utf8');
  return want.length === got.length && timingSafeEqual(want, got);
}

export function encrypt(secrets: CallbackSecrets, message: string, random = randomBytes(16)): string {
  const key = aesKeyBytes(secrets.aesKey);
  const text = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(text.length, 0);
  const plain = Buffer.concat([random.subarray(0, 16), length, text, Buffer.from(secrets.ownerKey, 'utf8')]);
  const padLength = PAD_BLOCK - (plain.length % PAD_BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  const padded = Buffer.concat([plain, Buffer.alloc(padLength, padLength)]);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

export function decrypt(secrets: CallbackSecrets, encrypted: string): string {
  const key = aesKeyBytes(secrets.aesKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0)
    throw new CallbackRefused(900008, '解密失败：密文不是整数个 AES 块');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new CallbackRefused(900008, '解密失败');
  }
  const padLength = plain[plain.length - 1]!;
  if (padLength < 1 || padLength > PAD_BLOCK || plain.length - padLength < 20)
    throw new CallbackRefused(900008, '解密失败：填充不正确（aes_key 不对？）');
  const body = plain.subarray(0, plain.length - padLength);
  const length = body.readUInt32BE(16);
  if (20 + length > body.length) throw new CallbackRefused(900008, '解密失败：长度超出内容');
  const owner = body.subarray(20 + length).toString('utf8');
  if (owner !== secrets.ownerKey)
    throw new CallbackRefused(
      900010,
      `不是发给本应用的消息（owner key ${owner}，本应用 ${secrets.ownerKey}）`,
    );
  return body.subarray(20, 20 + length).toString('utf8');
}

/** What a receiver answers: the message encrypted and signed (`success` to acknowledge an event). */
export function sealedAnswer(
  secrets: CallbackSecrets,
  message: string,
  timestamp = String(Date.now()),
  nonce = randomBytes(6).toString('hex'),
): { msg_signature: string; timeStamp: string; nonce: string; encrypt: string } {
  const encrypted = encrypt(secrets, message);
  return {
    msg_signature: signatureOf(secrets.token, timestamp, nonce, encrypted),
    timeStamp: timestamp,
    nonce,
    encrypt: encrypted,
  };
}
