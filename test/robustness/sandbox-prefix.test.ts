/**
 * Found by the fuzzer (scripts/fuzz.ts): a path that only begins like the sandbox's own pages
 * (`/__sandbox%2Fapi%2Ftenants`, `/__sandboxx`) was handed to the admin router, which matches
 * `/__sandbox/…` only, and fell through to koa's bare `404 Not Found` in text/plain — no host's
 * envelope. It is an unknown path on the DingTalk host, answered in its envelope (errcode 22).
 * Likewise `/__sandbox` itself in a method no console page takes: the console's 404 page.
 */
import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.ts';

const s = makeSandbox();

describe('a path that only looks like /__sandbox', () => {
  for (const path of ['/__sandbox%2Fapi%2Ftenants', '/__sandboxx', '/__sandbox%2F']) {
    it(`${path} is an unknown DingTalk path in the legacy envelope, not a bare text 404`, async () => {
      const r = await s.request('GET', path);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const body = r.json() as { errcode: unknown; errmsg: unknown };
      expect(body.errcode).toBe(22);
      expect(typeof body.errmsg).toBe('string');
    });
  }

  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
    it(`${method} /__sandbox (no slash) is the console's HTML 404, not a bare text one`, async () => {
      const r = await s.request(method, '/__sandbox');
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
    });
  }

  it('/__sandbox itself and /__sandbox/… stay the console and the admin API', async () => {
    const console = await s.request('GET', '/__sandbox');
    expect(console.statusCode).toBeLessThan(400);
    const api = await s.request('GET', '/__sandbox/api/nope');
    expect(api.statusCode).toBe(404);
    expect((api.json() as { error: { code: string } }).error.code).toBe('notFound');
  });
});
