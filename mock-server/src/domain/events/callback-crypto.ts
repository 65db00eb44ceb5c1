/**
 * The encryption of DingTalk's HTTP event callbacks (事件订阅, HTTP 推送), both ways: the sandbox
 * encrypts and signs each event it pushes, and checks the receiver's encrypted `success` answer.
 *
 * As DingTalk's own DingCallbackCrypto libraries do it (docs/dingtalk/events.md):
 * - key = base64(aesKey + '='), 32 bytes, AES-256-CBC, IV = the key's first 16 bytes, no cipher padding;
 * - plaintext = 16 random bytes ‖ uint32 big-endian length of the message ‖ message ‖ owner key
 *   (the app's appKey for an internal app's subscription; the corpId for the legacy register_call_back),
 *   padded PKCS#7-style to a multiple of 32 bytes (pad value 1..32);
 * - signature = sha1 hex of the four strings token, timestamp, nonce, encrypt sorted and concatenated.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { sameText } from '../signatures/same-text.ts';

const BLOCK = 32;

/** Why a callback message could not be read: the receiver-side library's error codes. */
export class CallbackCryptoError extends Error {
  constructor(
    /** 900004 不合法的aes key · 900005 签名不匹配 · 900008 计算解密文字错误 · 900010 owner key mismatch */
    readonly code: 900004 | 900005 | 900008 | 900010,
    message: string,
  ) {
    super(message);
  }
}

/** An aes_key as the console accepts it: 43 characters of [a-zA-Z0-9]. */
export function validAesKey(aesKey: string): boolean {
  return /^[a-zA-Z0-9]{43}$/.test(aesKey);
}

function keyOf(aesKey: string): Buffer {
  if (!validAesKey(aesKey))
    throw new CallbackCryptoError(900004, '不合法的aes key (aes_key must be 43 letters or digits)');
  return Buffer.from(`${aesKey}=`, 'base64');
}

/** sha1 hex over token, timestamp, nonce and the ciphertext, sorted and joined. */
export function callbackSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Encrypt one message for `ownerKey`; `random` is the 16-byte prefix (tests pass a fixed one). */
export function encryptCallback(
  aesKey: string,
  ownerKey: string,
  message: string,
  random = randomBytes(16),
): string {
  const key = keyOf(aesKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random.subarray(0, 16), length, body, Buffer.from(ownerKey, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}

/** Decrypt a message and check that it was meant for `ownerKey`. */
export function decryptCallback(aesKey: string, ownerKey: string, encrypt: string): string {
  const key = keyOf(aesKey);
  let plain: Buffer;
  try {
    const cipherText = Buffer.from(encrypt, 'base64');
    if (cipherText.length === 0 || cipherText.length % 16 !== 0) throw new Error('not whole AES blocks');
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    plain = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  } catch {
    throw new CallbackCryptoError(
      900008,
      '计算解密文字错误 (the ciphertext does not decrypt with this aes_key)',
    );
  }
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > BLOCK || plain.length < 20 + pad) {
    throw new CallbackCryptoError(900008, '计算解密文字错误 (bad padding: wrong aes_key?)');
  }
  const unpadded = plain.subarray(0, plain.length - pad);
  const length = unpadded.readUInt32BE(16);
  if (20 + length > unpadded.length)
    throw new CallbackCryptoError(900008, '计算解密文字错误 (length beyond the text)');
  const owner = unpadded.subarray(20 + length).toString('utf8');
  if (owner !== ownerKey) {
    throw new CallbackCryptoError(
      900010,
      `owner key mismatch: the message is for "${owner}", not "${ownerKey}"`,
    );
  }
  return unpadded.subarray(20, 20 + length).toString('utf8');
}

/** The four fields a receiver answers with (and the sandbox pushes): `encrypt` signed. */
export interface SignedCallback {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

export interface CallbackSecrets {
  token: string;
  aesKey: string;
  ownerKey: string;
}

/** Encrypt and sign one message (the body of a push, or a receiver's `success` answer). */
export function sealCallback(
  secrets: CallbackSecrets,
  message: string,
  timestamp: string,
  nonce: string,
): SignedCallback {
  const encrypt = encryptCallback(secrets.aesKey, secrets.ownerKey, message);
  return {
    msg_signature: callbackSignature(secrets.token, timestamp, nonce, encrypt),
    timeStamp: timestamp,
    nonce,
    encrypt,
  };
}

/** Check the signature, then decrypt: what a receiver (or the sandbox reading an answer) does. */
export function openCallback(secrets: CallbackSecrets, signed: SignedCallback): string {
  const expected = callbackSignature(secrets.token, signed.timeStamp, signed.nonce, signed.encrypt);
  if (!sameText(expected, signed.msg_signature)) {
    throw new CallbackCryptoError(
      900005,
      '签名不匹配 (msg_signature does not match token, timestamp, nonce and encrypt)',
    );
  }
  return decryptCallback(secrets.aesKey, secrets.ownerKey, signed.encrypt);
}
