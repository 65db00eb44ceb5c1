/**
 * Every unauthenticated view of the QR login page (L1, L2) creates a session: the store is capped per
 * tenant (the oldest forgotten), forgets expired ones, and a creation does not walk all sessions.
 */
import { describe, expect, it } from 'vitest';
import { QR_TTL_MS, QrLogins, type QrRequest } from '../../mock-server/src/domain/login/qr-logins.ts';
import { authorizeUrl, location } from '../helpers/login.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

const request = (generation: QrRequest['generation'] = 'oauth'): QrRequest => ({
  generation,
  appKey: 'dingapp',
  redirectUri: 'http://127.0.0.1:3710/cb',
  state: 's',
  scopes: ['openid'],
  consent: false,
  iframe: false,
  embedded: false,
  inClient: false,
});

describe('QR login sessions stay bounded', () => {
  it('L1: 5,000 views of the QR login page keep the newest 1,000 sessions; the newest still works', async () => {
    const s = makeSandbox();
    const auth = await s.request('GET', authorizeUrl({ client_id: s.main.appKey, state: 'x' }));
    const challenge = location(auth);
    const url = challenge.pathname + challenge.search;
    let last = '';
    for (let i = 0; i < 5_000; i++) {
      const page = await s.request('GET', url);
      expect(page.statusCode).toBe(200);
      if (i === 4_999) last = /sid=([\w-]+)/.exec(page.body)![1]!;
    }
    expect(s.tenant.qrLogins.size).toBe(1_000);
    expect(s.tenant.qrLogins.get(last)?.status).toBe('waiting');
  }, 60_000);

  it('the oldest session is forgotten first, with its legacy loginTmpCode', () => {
    const qr = new QrLogins(3);
    const first = qr.create(request('sns'), 0);
    qr.scan(first.sid, 'u1', 1);
    qr.confirm(first.sid, 1, null);
    const code = first.loginTmpCode!;
    expect(qr.byLoginTmpCode(code)).toBe(first);
    const later = [1, 2, 3].map((t) => qr.create(request(), t));
    expect(qr.size).toBe(3);
    expect(qr.get(first.sid)).toBeUndefined();
    expect(qr.byLoginTmpCode(code)).toBeUndefined();
    expect(later.map((s) => qr.get(s.sid))).toEqual(later);
  });

  it('expired sessions are swept once an hour past expiry, without waiting for the cap', () => {
    const qr = new QrLogins();
    for (let i = 0; i < 10; i++) qr.create(request(), i);
    expect(qr.size).toBe(10);
    qr.create(request(), QR_TTL_MS + 3_600_000);
    expect(qr.size).toBe(11); // the oldest is exactly an hour past expiry: still remembered
    qr.create(request(), 10 + QR_TTL_MS + 3_600_000);
    expect(qr.size).toBe(2);
  });

  it('a creation looks at the sessions it forgets and one more, not at all of them', () => {
    const qr = new QrLogins();
    for (let i = 0; i < 600; i++) qr.create(request(), i);
    // Count every entry any iteration of the session map hands out.
    const sessions = (qr as unknown as { sessions: Map<string, unknown> }).sessions as unknown as Record<
      string | symbol,
      () => Iterable<unknown>
    >;
    let visited = 0;
    for (const name of ['values', 'keys', 'entries', Symbol.iterator]) {
      const original = sessions[name]!.bind(sessions);
      sessions[name] = function* () {
        for (const v of original()) {
          visited++;
          yield v;
        }
      };
    }
    qr.create(request(), 700);
    expect(visited).toBe(1);
  });
});
