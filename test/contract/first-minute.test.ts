/**
 * The first minute with the sandbox: a browser on the base URL lands on the console, and the
 * README's short tour runs exactly as written.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../mock-server/src/start.ts';
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

describe("the README's short tour", () => {
  it('E1 runs as written in bash: tokens on both hosts, the administrator, then the E1 refusal (88 / 60011)', async () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const tour = /## A short tour\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(tour).toContain('BASE=http://127.0.0.1:3700');
    const sb = await startSandbox({ port: 0 });
    try {
      const script = tour!.replace('BASE=http://127.0.0.1:3700', `BASE=${sb.url}`);
      const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
        encoding: 'utf8',
      });
      // Every answer is one JSON object; the tour prints them back to back.
      const answers = stdout
        .split(/(?<=\})(?=\{"(?:errcode|accessToken|tenants)")/)
        .map((a) => JSON.parse(a) as Record<string, unknown>);
      expect(answers.map((a) => a.errcode ?? (a.accessToken ? 'accessToken' : 'tenants'))).toEqual([
        'tenants',
        0,
        'accessToken',
        0,
        88,
      ]);
      expect(answers[3]).toMatchObject({ result: { userid: 'manager1471' } });
      expect(answers[4]).toMatchObject({ sub_code: '60011' });
    } finally {
      await sb.stop();
    }
  });
});
