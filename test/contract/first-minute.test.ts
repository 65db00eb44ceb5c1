/** The first minute with the sandbox: a browser on the base URL lands on the console. */
import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('GET / of the base URL', () => {
  it('a browser (Accept: text/html) is sent to the console at /__sandbox/', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', '/', { headers: { accept: BROWSER_ACCEPT } });
    expect([r.statusCode, r.headers.location]).toEqual([302, '/__sandbox/']);
    const plain = await s.request('GET', '/', { headers: { accept: 'text/html' } });
    expect(plain.headers.location).toBe('/__sandbox/');
  });

  it("an API client keeps DingTalk's answer for an unknown path (errcode 22)", async () => {
    const s = makeSandbox();
    for (const accept of [undefined, '*/*', 'application/json']) {
      const r = await s.request('GET', '/', { headers: accept ? { accept } : {} });
      expect(r.statusCode).toBe(200);
      expect((r.json() as { errcode: number }).errcode).toBe(22);
    }
    // Another path a browser opens is not redirected: only the bare base URL is.
    const other = await s.request('GET', '/nothing-here', { headers: { accept: BROWSER_ACCEPT } });
    expect((other.json() as { errcode: number }).errcode).toBe(22);
  });
});
