/** The BI's small pure pieces: `next` targets, OAuth state, passwords, migrations, signatures. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../src/db/database.ts';
import { robotSign, snsSignature } from '../src/dingtalk/signatures.ts';
import { legacyText, scopesInText } from '../src/dingtalk/errors.ts';
import { safeNext } from '../src/http/security.ts';
import { hashPassword, verifyPassword } from '../src/login/password.ts';
import { consumeState, issueState, STATE_TTL_MS, type StateHolder } from '../src/login/state.ts';
import { signedWebhook } from '../src/dingtalk/robot.ts';
import { biLink } from '../src/messaging/compose.ts';

describe('safeNext (no open redirect)', () => {
  it.each([
    ['/admin/users?x=1', '/admin/users?x=1'],
    ['/', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/\r\nx', '/'],
    ['javascript:alert(1)', '/'],
    ['', '/'],
  ])('%j → %j', (input, out) => {
    expect(safeNext(input)).toBe(out);
  });
  it('refuses non-strings', () => {
    expect(safeNext(['/a', '/b'])).toBe('/');
    expect(safeNext(undefined)).toBe('/');
  });
});

describe('OAuth state', () => {
  it('is single use and bound to the holder that issued it', () => {
    const mine: StateHolder = {};
    const theirs: StateHolder = {};
    const s = issueState(mine, { generation: 'new', next: '/x' }, 1000);
    expect(s).toMatch(/^[\w-]{22}$/);
    expect(consumeState(theirs, s, 1001)).toBeNull();
    expect(consumeState(mine, s, 1001)).toMatchObject({ generation: 'new', next: '/x' });
    expect(consumeState(mine, s, 1002)).toBeNull();
  });
  it('expires after 10 minutes and keeps at most five pending logins', () => {
    const h: StateHolder = {};
    const old = issueState(h, { generation: 'legacy', next: '/' }, 0);
    expect(consumeState(h, old, STATE_TTL_MS + 1)).toBeNull();
    const states = Array.from({ length: 6 }, (_, i) => issueState(h, { generation: 'new', next: '/' }, i));
    expect(h.pendingLogins).toHaveLength(5);
    expect(consumeState(h, states[0]!, 10)).toBeNull();
    expect(consumeState(h, states[5]!, 10)).not.toBeNull();
  });
});

describe('passwords', () => {
  it('scrypt hashes verify, differ per salt, and refuse a wrong password or no hash', async () => {
    const a = await hashPassword('admin123');
    const b = await hashPassword('admin123');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('admin123', a)).toBe(true);
    expect(await verifyPassword('admin124', a)).toBe(false);
    expect(await verifyPassword('admin123', null)).toBe(false);
  });
});

describe('migrations', () => {
  it('apply in order on a fresh database, once', () => {
    const db = openDatabase(':memory:');
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual([1, 2, 3, 4]);
    expect(migrate(db)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM metrics').pluck().get()).toBe(2);
    db.close();
  });
});

describe('signatures', () => {
  it('legacy QR login signs only the timestamp with the AppSecret', () => {
    const expected = createHmac('sha256', 'secret').update('1700000000000').digest('base64');
    expect(snsSignature('secret', '1700000000000')).toBe(expected);
  });
  it('the robot signs timestamp + "\\n" + secret and the webhook carries it URL-encoded', () => {
    const sign = robotSign('SECabc', '1700000000000');
    expect(sign).toBe(createHmac('sha256', 'SECabc').update('1700000000000\nSECabc').digest('base64'));
    const url = signedWebhook('https://oapi.dingtalk.com/robot/send?access_token=t', 'SECabc', 1700000000000);
    expect(url.search).toBe(`?access_token=t&timestamp=1700000000000&sign=${encodeURIComponent(sign)}`);
  });
});

describe('DingTalk texts', () => {
  it('reads the scope list out of {requiredScopes=[…]}', () => {
    expect(scopesInText('x, {requiredScopes=[qyapi_get_member, Contact.User.Read]}')).toEqual([
      'qyapi_get_member',
      'Contact.User.Read',
    ]);
    expect(legacyText({ errmsg: '不存在的临时授权码' })).toBe('不存在的临时授权码');
  });
  it('links back to the BI through a dingtalk:// link that opens inside DingTalk', () => {
    expect(biLink('http://127.0.0.1:3710', 'dingcorp', '/')).toBe(
      `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent('http://127.0.0.1:3710/dingtalk/mobile?corpId=dingcorp&next=%2F')}&pc_slide=false`,
    );
  });
});
