import { createRequire } from 'node:module';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isSecretKey, maskSecret, redactUrl } from '../../mock-server/src/domain/journal/redact.ts';
import { parsePlainQuery } from '../../mock-server/src/http/query.ts';

// The per-request fast paths (npm run bench) must answer exactly what the general code answers.

/** koa's own ctx.query parser. */
const koaParse = (
  createRequire(import.meta.url)('koa/lib/search-params.js') as {
    parse(s: string): Record<string, string | string[]>;
  }
).parse;

/** redactUrl as it was before its fast path: the URLSearchParams round trip, always. */
function referenceRedactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const [key, value] of params) {
    if (isSecretKey(key)) {
      params.set(key, maskSecret(value));
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}

/** Query strings made of the pieces that matter: separators, escapes, secret and ordinary names. */
const queryString = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '&',
        '=',
        '%',
        '%3D',
        '%zz',
        '+',
        '?',
        '*',
        '-',
        '.',
        '_',
        '~',
        '!',
        '/',
        ':',
        ' ',
        '中',
      ),
      fc.constantFrom('appsecret', 'AppSecret', 'access_token', 'code', 'appkey', 'userid', '__proto__'),
      fc.stringMatching(/^[A-Za-z0-9]{0,12}$/),
    ),
    { maxLength: 14 },
  )
  .map((parts) => parts.join(''));

describe('query fast paths agree with the general parsers', () => {
  test.prop([queryString], { numRuns: 3000 })('parsePlainQuery equals koa ctx.query', (qs) => {
    const fast = parsePlainQuery(qs);
    if (fast !== undefined) expect(fast).toStrictEqual(koaParse(qs));
  });

  test.prop([queryString], { numRuns: 3000 })('redactUrl equals the URLSearchParams round trip', (qs) => {
    expect(redactUrl(`/gettoken?${qs}`)).toBe(referenceRedactUrl(`/gettoken?${qs}`));
  });

  it('takes the fast path for the queries DingTalk clients send', () => {
    expect(parsePlainQuery('appkey=dingabc&appsecret=s3cr3t-_.x&x=1&x=2&flag')).toStrictEqual({
      appkey: 'dingabc',
      appsecret: 's3cr3t-_.x',
      x: ['1', '2'],
      flag: '',
    });
    expect(redactUrl('/topapi/v2/user/get?access_token=0123456789abcdef&b=a=c')).toBe(
      '/topapi/v2/user/get?access_token=0123***&b=a%3Dc',
    );
    // Escapes, spaces and a leading `?` are left to the general parsers.
    expect(parsePlainQuery('a=%20')).toBeUndefined();
    expect(parsePlainQuery('a=b+c')).toBeUndefined();
    expect(parsePlainQuery('?a=1')).toBeUndefined();
  });
});
