import { describe, expect, it } from 'vitest';
import { Clock } from '../../mock-server/src/domain/tenancy/clock.ts';
import { Journal } from '../../mock-server/src/domain/journal/journal.ts';
import { AuthCodes } from '../../mock-server/src/domain/login/auth-codes.ts';
import { redactBody, redactUrl } from '../../mock-server/src/domain/journal/redact.ts';
import { createApp, ipAllowed, isVisibleTo, safeDomains } from '../../mock-server/src/domain/apps/apps.ts';
import { Directory, defaultDepartment } from '../../mock-server/src/domain/directory/directory.ts';
import { user } from '../helpers/users.ts';

describe('Clock', () => {
  it('follows its source plus an offset, and can be advanced, set and frozen', () => {
    let real = 1_000;
    const c = new Clock(() => real);
    expect(c.now()).toBe(1_000);
    c.advance(500);
    real = 2_000;
    expect(c.now()).toBe(2_500);
    c.set(10_000);
    expect(c.now()).toBe(10_000);
    c.freeze(true);
    real = 99_000;
    expect(c.now()).toBe(10_000);
    c.advance(1);
    c.freeze(false);
    expect(c.now()).toBe(10_001);
    expect(() => c.advance(Number.NaN)).toThrow(RangeError);
  });
});

describe('Journal', () => {
  const entry = (route: string) =>
    ({
      at: 0,
      requestId: 'r',
      host: 'oapi',
      method: 'GET',
      path: '/',
      route,
      status: 200,
      outcome: 'ok',
      durationMs: 0,
    }) as const;

  it('is a ring: it keeps the newest entries in order and filters them', () => {
    const j = new Journal(3);
    for (const r of ['a', 'b', 'c', 'd']) j.record(entry(r));
    expect(j.query().map((e) => e.route)).toEqual(['b', 'c', 'd']);
    expect(j.query({ sinceSeq: 3 }).map((e) => e.route)).toEqual(['d']);
    expect(j.query({ route: 'c' })).toHaveLength(1);
    expect(j.size).toBe(3);
  });
});

describe('AuthCodes', () => {
  it('redeems a code once, for its kind and app, before it expires — and says why otherwise', () => {
    const codes = new AuthCodes();
    const c = codes.issue('inapp', { appKey: 'A', userid: 'u' }, 0);
    expect(codes.redeem('nope', { kind: 'inapp', appKey: 'A' }, 1)).toMatchObject({
      ok: false,
      cause: 'unknown',
    });
    expect(codes.redeem(c.code, { kind: 'oauth', appKey: 'A' }, 1)).toMatchObject({
      ok: false,
      cause: 'wrongKind',
    });
    expect(codes.redeem(c.code, { kind: 'inapp', appKey: 'B' }, 1)).toMatchObject({
      ok: false,
      cause: 'otherApp',
    });
    expect(codes.redeem(c.code, { kind: 'inapp', appKey: 'A' }, 1)).toMatchObject({ ok: true });
    expect(codes.redeem(c.code, { kind: 'inapp', appKey: 'A' }, 2)).toMatchObject({
      ok: false,
      cause: 'used',
    });
    const late = codes.issue('inapp', { appKey: 'A', userid: 'u' }, 0);
    expect(codes.redeem(late.code, { kind: 'inapp', appKey: 'A' }, 5 * 60 * 1000)).toMatchObject({
      ok: false,
      cause: 'expired',
    });
  });

  it('forgets codes long past expiry so the store stays bounded', () => {
    const codes = new AuthCodes();
    for (let i = 0; i < 2000; i++) codes.issue('inapp', { appKey: 'A', userid: 'u' }, 0);
    codes.issue('inapp', { appKey: 'A', userid: 'u' }, 60 * 60 * 1000);
    expect(codes.size).toBe(1);
  });
});

describe('redaction', () => {
  it('masks secrets in URLs and bodies but keeps other fields', () => {
    expect(redactUrl('/gettoken?appkey=dingabc&appsecret=supersecret')).toBe(
      '/gettoken?appkey=dingabc&appsecret=supe***',
    );
    expect(redactBody({ appKey: 'k', appSecret: 'supersecret', nested: { code: 'abcdef123' } })).toEqual({
      appKey: 'k',
      appSecret: 'supe***',
      nested: { code: 'abcd***' },
    });
  });
});

describe('app configuration', () => {
  it('allows exact IPs and IPv4 CIDR blocks, and everything when the list is empty', () => {
    const app = createApp({ name: 'x', ipAllowList: ['10.0.0.1', '192.168.1.0/24'] }, 0);
    expect(ipAllowed(app, '10.0.0.1')).toBe(true);
    expect(ipAllowed(app, '::ffff:192.168.1.77')).toBe(true);
    expect(ipAllowed(app, '127.0.0.1')).toBe(false);
    expect(ipAllowed(createApp({ name: 'y' }, 0), '127.0.0.1')).toBe(true);
  });

  it('X4: sees a user in a department below the visible range, not one outside it or one who left', () => {
    const d = new Directory();
    d.addDepartment(defaultDepartment(2, 'A', 1));
    d.addDepartment(defaultDepartment(3, 'A1', 2));
    d.addDepartment(defaultDepartment(4, 'B', 1));
    const inside = d.addUser(user('in', [3]));
    const outside = d.addUser(user('out', [4]));
    const app = createApp({ name: 'x', visibleRange: { deptIds: [2], userids: [] } }, 0);
    expect(isVisibleTo(app, inside, d)).toBe(true);
    expect(isVisibleTo(app, outside, d)).toBe(false);
    d.updateUser('in', { resigned: true });
    expect(isVisibleTo(app, d.getUser('in')!, d)).toBe(false);
  });

  it('derives safe domains from the redirect URLs', () => {
    expect(
      safeDomains(
        createApp({ name: 'x', redirectUrls: ['http://bi.example.com:8080/cb', 'https://a.b/'] }, 0),
      ),
    ).toEqual(['bi.example.com', 'a.b']);
  });
});
