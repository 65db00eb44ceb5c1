/**
 * Found by the fuzzer (scripts/fuzz.ts, pipelined cases): a body that fails part way through being
 * read — a large body whose Content-Encoding does not decode — was answered "keep-alive" while the
 * rest of it stayed unread, so the connection took no further request: a keep-alive client's next
 * call hung (on every host). The answer now closes the connection (`Connection: close`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { exchange } from '../../scripts/robustness/wire.ts';

let s: RunningSandbox;
beforeAll(async () => {
  s = await startSandbox();
});
afterAll(() => s.stop());

/** Larger than one read, so decoding fails before the whole body is in. */
const BODY = `{"a":"${'x'.repeat(200_000)}"}`;
const badGzip = (path: string) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
  `Content-Encoding: gzip\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`;
const NEXT = 'GET /gettoken HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

describe('a body that cannot be decoded, then another request on the same connection', () => {
  for (const path of [
    '/topapi/v2/user/get',
    '/v1.0/oauth2/accessToken',
    '/__sandbox/api/tenants/x/clock',
    '/__sandbox/tenants/x/clock',
  ]) {
    it(`${path}: the refusal closes the connection instead of leaving the next request unanswered`, async () => {
      // The deadline only bounds a hang (the bug): nothing here asserts on time.
      const r = await exchange(
        s.port,
        { chunks: [badGzip(path) + NEXT], methods: ['POST', 'GET'], expected: 2 },
        10_000,
      );
      expect(r.hang).toBe(false);
      expect(r.responses.length).toBeGreaterThanOrEqual(1);
      expect(r.responses[0]!.status).toBeLessThan(500);
      if (r.responses.length === 1) expect(r.responses[0]!.headers.connection).toBe('close');
    });
  }
});
