import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { robotSign } from '../../mock-server/src/domain/signatures/robot.ts';

/**
 * No published robot test vector (timestamp + secret → sign) was found in public sources; this
 * vector was computed with an independent implementation, DingTalk's own Python doc sample:
 *
 *   import hmac, hashlib, base64, urllib.parse
 *   ts = '1700000000000'
 *   secret = 'SECd0f1e2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff'
 *   code = hmac.new(secret.encode(), f'{ts}\n{secret}'.encode(), hashlib.sha256).digest()
 *   base64.b64encode(code)               # sT7BGwrQrfW/1dyBCpQzMRu6ABqjB1IzZHCBMCBlY0k=
 *   urllib.parse.quote_plus(base64...)   # sT7BGwrQrfW%2F1dyBCpQzMRu6ABqjB1IzZHCBMCBlY0k%3D
 */
const VECTOR = {
  timestamp: '1700000000000',
  secret: 'SECd0f1e2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff',
  base64: 'sT7BGwrQrfW/1dyBCpQzMRu6ABqjB1IzZHCBMCBlY0k=',
  urlEncoded: 'sT7BGwrQrfW%2F1dyBCpQzMRu6ABqjB1IzZHCBMCBlY0k%3D',
};

describe('robot 加签 signature', () => {
  it('M3 matches the vector computed with Python hmac (DingTalk doc sample)', () => {
    expect(robotSign(VECTOR.secret, VECTOR.timestamp)).toBe(VECTOR.base64);
    expect(encodeURIComponent(robotSign(VECTOR.secret, VECTOR.timestamp))).toBe(VECTOR.urlEncoded);
  });

  it('M3 matches the npm dingtalk-robot-sender signer on the same vector', () => {
    const require = createRequire(import.meta.url);
    const sign = require('dingtalk-robot-sender/lib/sign.js') as (secret: string, content: string) => string;
    expect(sign(VECTOR.secret, `${VECTOR.timestamp}\n${VECTOR.secret}`)).toBe(VECTOR.urlEncoded);
  });
});
