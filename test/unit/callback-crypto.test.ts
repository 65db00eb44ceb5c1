/**
 * V2/V3: the crypto of HTTP event callbacks, checked against the test vector DingTalk publishes with
 * its DingCallbackCrypto libraries (open-dingtalk/DingTalk-Callback-Crypto, README.md and
 * DingCallbackCrypto3.py).
 */
import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  callbackSignature,
  CallbackCryptoError,
  decryptCallback,
  encryptCallback,
  openCallback,
  sealCallback,
} from '../../mock-server/src/domain/events/callback-crypto.ts';

const VECTOR = {
  token: 'mryue',
  aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
  ownerKey: 'ding6ccabc44d2c8d38b',
  timestamp: '1608001896814',
  nonce: 'WL4PK6yA',
  encrypt:
    '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
  signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
  plaintext: '{"EventType":"check_url"}',
};

function codeOf(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof CallbackCryptoError) return e.code;
    throw e;
  }
  return undefined;
}

describe('event callback crypto (DingTalk’s published test vector)', () => {
  it('signs the vector’s token, timestamp, nonce and ciphertext to its published msg_signature', () => {
    expect(callbackSignature(VECTOR.token, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(
      VECTOR.signature,
    );
  });

  it('decrypts the vector’s ciphertext to {"EventType":"check_url"} for its owner key', () => {
    expect(decryptCallback(VECTOR.aesKey, VECTOR.ownerKey, VECTOR.encrypt)).toBe(VECTOR.plaintext);
  });

  it('encrypting the vector’s plaintext with the random prefix its ciphertext used gives the same ciphertext', () => {
    const key = Buffer.from(`${VECTOR.aesKey}=`, 'base64');
    const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const plain = Buffer.concat([d.update(Buffer.from(VECTOR.encrypt, 'base64')), d.final()]);
    expect(plain[plain.length - 1]).toBe(31);
    expect(encryptCallback(VECTOR.aesKey, VECTOR.ownerKey, VECTOR.plaintext, plain.subarray(0, 16))).toBe(
      VECTOR.encrypt,
    );
  });

  it('round-trips a Chinese directory event through seal and open', () => {
    const secrets = { token: 't0k', aesKey: 'a'.repeat(43), ownerKey: 'dingappkey' };
    const event = JSON.stringify({
      EventType: 'user_leave_org',
      UserId: ['张三'],
      CorpId: 'ding1',
      TimeStamp: 1,
    });
    const sealed = sealCallback(secrets, event, '1700000000000', 'n0nce');
    expect(openCallback(secrets, sealed)).toBe(event);
  });

  it('refuses a wrong signature with 900005, a wrong aes key with 900008 or 900004, another owner with 900010', () => {
    const secrets = { token: VECTOR.token, aesKey: VECTOR.aesKey, ownerKey: VECTOR.ownerKey };
    const signed = {
      msg_signature: VECTOR.signature,
      timeStamp: VECTOR.timestamp,
      nonce: VECTOR.nonce,
      encrypt: VECTOR.encrypt,
    };
    expect(openCallback(secrets, signed)).toBe(VECTOR.plaintext);
    expect(codeOf(() => openCallback(secrets, { ...signed, nonce: 'other' }))).toBe(900005);
    expect(codeOf(() => decryptCallback('b'.repeat(43), VECTOR.ownerKey, VECTOR.encrypt))).toBe(900008);
    expect(codeOf(() => decryptCallback('short', VECTOR.ownerKey, VECTOR.encrypt))).toBe(900004);
    expect(codeOf(() => decryptCallback(VECTOR.aesKey, 'dingother', VECTOR.encrypt))).toBe(900010);
    expect(codeOf(() => decryptCallback(VECTOR.aesKey, VECTOR.ownerKey, 'not base64 blocks!'))).toBe(900008);
  });
});
