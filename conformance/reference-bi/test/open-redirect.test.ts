/**
 * The BI's `next` after sign-in stays on the BI: dot segments that a URL parser collapses into a
 * scheme-relative `//host` (`/.//evil.example`) are refused by the one safeNext that both password
 * login and DingTalk QR login (L1, via the OAuth state) use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../src/http/security.ts';
import { ADMIN, qrLogin, startStack, type Stack } from './helpers/stack.ts';

/** Targets that normalise to another host: `//evil.example` or `/\evil.example` after dot segments. */
const DOT_SEGMENT_ESCAPES = [
  '/.//evil.example',
  '/.//evil.example/x?y=1',
  '/..//evil.example',
  '/a/..//evil.example',
  '/%2e//evil.example',
];

describe('safeNext', () => {
  it('refuses targets whose dot segments collapse into //host', () => {
    for (const next of DOT_SEGMENT_ESCAPES) expect(safeNext(next), next).toBe('/');
  });

  it('keeps ordinary same-origin paths, normalised', () => {
    expect(safeNext('/admin/users?x=1')).toBe('/admin/users?x=1');
    expect(safeNext('/a/./b')).toBe('/a/b');
    expect(safeNext('/reports#top')).toBe('/reports#top');
  });
});

describe('no open redirect after sign-in through dot segments', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it('password login with next=/.//evil.example lands on the BI, not //evil.example', async () => {
    for (const next of DOT_SEGMENT_ESCAPES) {
      const agent = stack.agent();
      const r = await agent.post('/login', { username: ADMIN.username, password: ADMIN.password, next });
      expect(r.status, next).toBe(302);
      expect(r.location, next).toBe(`${stack.bi.url}/`);
    }
  });

  it('L1 DingTalk QR login with next=/.//evil.example lands on the BI, not //evil.example', async () => {
    for (const next of DOT_SEGMENT_ESCAPES.slice(0, 2)) {
      const agent = stack.agent();
      const r = await qrLogin(
        stack,
        agent,
        ADMIN.userid,
        `/auth/dingtalk/start?next=${encodeURIComponent(next)}`,
      );
      expect(r.status, next).toBe(302);
      expect(r.location, next).toBe(`${stack.bi.url}/`);
    }
  });
});
