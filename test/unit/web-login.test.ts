/**
 * The web-login state machine (domain/login/web-login), without HTTP: each step of both generations
 * and each refusal, with the code the journal files it under and its reason in both languages.
 */
import { describe, expect, it } from 'vitest';
import { DingTalkError } from '../../mock-server/src/domain/errors.ts';
import { QR_TTL_MS, type QrRequest } from '../../mock-server/src/domain/login/qr-logins.ts';
import {
  cancel,
  cannotScanAs,
  confirm,
  continueLogin,
  decideConsent,
  exchangeLoginTmpCode,
  findQrLogin,
  openQrLogin,
  phoneCandidates,
  phoneStep,
  pollQrLogin,
  refreshQrLogin,
  requireQrLogin,
  scan,
  sessionOwner,
  signInInClient,
  type NextStep,
} from '../../mock-server/src/domain/login/web-login/index.ts';
import { Sandbox } from '../../mock-server/src/domain/tenancy/sandbox.ts';
import { defaultSnapshot } from '../../mock-server/src/snapshots.ts';

const CALLBACK = 'http://127.0.0.1:3710/auth/dingtalk/callback';
const ADMIN = 'manager1471';

function setup() {
  const sandbox = new Sandbox();
  const tenant = sandbox.addTenant(defaultSnapshot());
  const app = tenant.listApps()[0]!;
  const users = [...tenant.directory.allUsers()];
  const other = users.find((u) => u.userid !== ADMIN && u.active && !u.resigned)!;
  const inactive = users.find((u) => !u.active)!;
  const request = (over: Partial<QrRequest> = {}): QrRequest => ({
    generation: 'oauth',
    appKey: app.appKey,
    redirectUri: CALLBACK,
    state: 'st',
    scopes: ['openid'],
    consent: false,
    iframe: false,
    embedded: false,
    inClient: false,
    ...over,
  });
  /** A session scanned and confirmed by `userid`. */
  const confirmed = (userid = ADMIN, over: Partial<QrRequest> = {}) => {
    const s = openQrLogin(tenant, request(over));
    expect(scan(tenant, s.sid, userid).ok).toBe(true);
    confirm(tenant, s.sid);
    return s;
  };
  return { sandbox, tenant, app, other, inactive, request, confirmed };
}

/** The redirect a step sends the browser on with, as a URL (fails the test on anything else). */
function redirectOf(next: NextStep): { url: URL; next: Extract<NextStep, { kind: 'redirect' }> } {
  expect(next.kind).toBe('redirect');
  if (next.kind !== 'redirect') throw new Error('not a redirect');
  return { url: new URL(next.url), next };
}

/** What `fn` throws (fails the test when it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
}

function refusalOf(next: NextStep) {
  expect(next.kind).toBe('refused');
  if (next.kind !== 'refused') throw new Error('not refused');
  return next.refusal;
}

describe('QR sessions: open, find, poll, 刷新', () => {
  it('L1: the authorize page opens a waiting session, found by its sid in its tenant', () => {
    const { sandbox, tenant, request } = setup();
    const s = openQrLogin(tenant, request());
    expect(s.status).toBe('waiting');
    expect(s.expiresAt - s.createdAt).toBe(QR_TTL_MS);
    expect(findQrLogin(sandbox, s.sid)).toEqual({ tenant, session: s });
    expect(findQrLogin(sandbox, 'nope')).toBeUndefined();
  });

  it('the QR status API refuses an unknown sid: invalidParameter naming sid, in both languages', () => {
    const { sandbox } = setup();
    const e = thrown(() => requireQrLogin(sandbox, 'nope'));
    expect(e).toBeInstanceOf(DingTalkError);
    expect(e).toMatchObject({
      kind: 'invalidParameter',
      reason: 'no QR login session "nope"',
      reasonZh: '找不到二维码登录会话 "nope"',
      details: { param: 'sid' },
    });
  });

  it('L1: a poll says whether the status changed since the page was last told', () => {
    const { tenant, request } = setup();
    const s = openQrLogin(tenant, request());
    expect(pollQrLogin(tenant, s)).toEqual({ status: 'waiting', changed: true });
    expect(pollQrLogin(tenant, s)).toEqual({ status: 'waiting', changed: false });
    scan(tenant, s.sid, ADMIN);
    expect(pollQrLogin(tenant, s)).toEqual({ status: 'scanned', changed: true });
    tenant.clock.advance(QR_TTL_MS);
    expect(pollQrLogin(tenant, s)).toEqual({ status: 'expired', changed: true });
  });

  it('刷新 gives a new waiting session for the same request; the old one is left as it was', () => {
    const { tenant, request } = setup();
    const old = openQrLogin(tenant, request({ state: 'again', consent: true }));
    tenant.clock.advance(QR_TTL_MS + 1);
    const fresh = refreshQrLogin(tenant, old);
    expect(fresh.sid).not.toBe(old.sid);
    expect(fresh).toMatchObject({ status: 'waiting', state: 'again', consent: true, userid: null });
    expect(pollQrLogin(tenant, old).status).toBe('expired');
  });
});

describe('whom a call about a session belongs to (the routes’ locate)', () => {
  it('a session gives its tenant and app; its user once scanned; an unknown sid gives nothing', () => {
    const { sandbox, tenant, app, request } = setup();
    const s = openQrLogin(tenant, request());
    expect(sessionOwner(sandbox, s.sid)).toEqual({ tenant, app });
    scan(tenant, s.sid, ADMIN);
    expect(sessionOwner(sandbox, s.sid)).toEqual({ tenant, app, userid: ADMIN });
    expect(sessionOwner(sandbox, 'nope')).toEqual({});
  });

  it('a scan about to be accepted belongs to the scanning user; a refused one does not', () => {
    const { sandbox, tenant, app, other, request } = setup();
    const s = openQrLogin(tenant, request());
    expect(sessionOwner(sandbox, s.sid, ADMIN)).toEqual({ tenant, app, userid: ADMIN });
    expect(sessionOwner(sandbox, s.sid, 'nobody')).toEqual({ tenant, app });
    expect(sessionOwner(sandbox, s.sid, '')).toEqual({ tenant, app });
    scan(tenant, s.sid, ADMIN);
    // already scanned: the scan is refused, the call is the first scanner's session
    expect(sessionOwner(sandbox, s.sid, other.userid)).toEqual({ tenant, app, userid: ADMIN });
    const late = openQrLogin(tenant, request());
    tenant.clock.advance(QR_TTL_MS);
    expect(sessionOwner(sandbox, late.sid, ADMIN)).toEqual({ tenant, app });
  });
});

describe('the phone: scan, 登录, 取消登录', () => {
  it('L1: scan as a user of the corp, then 登录: confirmed by that user', () => {
    const { tenant, request } = setup();
    const s = openQrLogin(tenant, request());
    expect(scan(tenant, s.sid, ADMIN)).toEqual({ ok: true, session: s });
    expect(s).toMatchObject({ status: 'scanned', userid: ADMIN });
    expect(confirm(tenant, s.sid)).toEqual({ ok: true, session: s });
    expect(s.status).toBe('confirmed');
    expect(s.loginTmpCode).toBeNull(); // only the legacy generation gets one
  });

  it('scan refuses a user the corp does not have (phone.scan); the session stays waiting', () => {
    const { tenant, request } = setup();
    const s = openQrLogin(tenant, request());
    const corp = tenant.corpId;
    expect(scan(tenant, s.sid, 'nobody')).toEqual({
      ok: false,
      status: 'waiting',
      refusal: {
        code: 'phone.scan',
        why: {
          zh: `无法以 "nobody" 扫码：组织 ${corp} 中没有这个用户`,
          en: `cannot scan as "nobody": no such user in corp ${corp}`,
        },
      },
    });
    expect(scan(tenant, s.sid, undefined)).toMatchObject({ ok: false, refusal: { code: 'phone.scan' } });
    expect(s).toMatchObject({ status: 'waiting', userid: null });
    expect(cannotScanAs(tenant, ADMIN)).toBeNull();
  });

  it('scan refuses a session already scanned, saying its status', () => {
    const { tenant, other, request } = setup();
    const s = openQrLogin(tenant, request());
    scan(tenant, s.sid, ADMIN);
    expect(scan(tenant, s.sid, other.userid)).toEqual({
      ok: false,
      status: 'scanned',
      refusal: {
        code: 'phone.scan',
        why: {
          zh: `二维码登录会话 ${s.sid} 已扫码，无法扫码`,
          en: `cannot scan QR session ${s.sid}: it is scanned`,
        },
      },
    });
    expect(s.userid).toBe(ADMIN);
  });

  it('L1 expiry: a scan after 180 s is refused as expired, pointing at 刷新', () => {
    const { tenant, request } = setup();
    const s = openQrLogin(tenant, request());
    tenant.clock.advance(QR_TTL_MS);
    const r = scan(tenant, s.sid, ADMIN);
    expect(r).toEqual({
      ok: false,
      status: 'expired',
      refusal: {
        code: 'phone.scan',
        why: {
          zh: `二维码登录会话 ${s.sid} 已过期，无法扫码（二维码有效期 180 秒，页面上可点 刷新）`,
          en: `cannot scan QR session ${s.sid}: it is expired (QR codes live 180 s; the page offers 刷新)`,
        },
      },
    });
  });

  it('登录 is refused before anyone scanned (phone.confirm, 等待扫码)', () => {
    const { tenant, request } = setup();
    const s = openQrLogin(tenant, request());
    expect(confirm(tenant, s.sid)).toEqual({
      ok: false,
      status: 'waiting',
      refusal: {
        code: 'phone.confirm',
        why: {
          zh: `二维码登录会话 ${s.sid} 等待扫码，无法确认登录`,
          en: `cannot confirm QR session ${s.sid}: it is waiting`,
        },
      },
    });
  });

  it('X4: 登录 as a resigned user ends the session refused, with the phone’s text and the reason', () => {
    const { tenant, other, request } = setup();
    tenant.directory.updateUser(other.userid, { resigned: true });
    const s = openQrLogin(tenant, request());
    scan(tenant, s.sid, other.userid);
    expect(confirm(tenant, s.sid)).toEqual({
      ok: false,
      status: 'refused',
      refusal: {
        code: 'phone.confirm',
        why: {
          zh: `用户 ${other.userid}（${other.name}）已离职`,
          en: `user ${other.userid} (${other.name}) has left the company (离职)`,
        },
      },
    });
    expect(s.status).toBe('refused');
    expect(s.refusal).toMatchObject({ error: 'user_not_allowed', message: '该账号已离职，无法登录' });
  });

  it('X4: 登录 as a user who has not activated DingTalk is refused (未激活)', () => {
    const { tenant, inactive, request } = setup();
    const s = openQrLogin(tenant, request());
    scan(tenant, s.sid, inactive.userid);
    const r = confirm(tenant, s.sid);
    expect(r).toMatchObject({ ok: false, status: 'refused', refusal: { code: 'phone.confirm' } });
    expect(s.refusal).toMatchObject({
      error: 'user_not_allowed',
      message: '该账号尚未激活钉钉，无法登录',
      reasonZh: `用户 ${inactive.userid}（${inactive.name}）尚未激活钉钉`,
    });
  });

  it('X4: 登录 as a user outside the app’s visible range (可用范围) is refused', () => {
    const { tenant, other } = setup();
    const app = tenant.addApp({ name: '只给管理员', visibleRange: { deptIds: [], userids: [ADMIN] } });
    const s = openQrLogin(tenant, {
      generation: 'oauth',
      appKey: app.appKey,
      redirectUri: CALLBACK,
      state: '',
      scopes: [],
      consent: false,
      iframe: false,
      embedded: false,
      inClient: false,
    });
    scan(tenant, s.sid, other.userid);
    const r = confirm(tenant, s.sid);
    expect(r).toMatchObject({
      ok: false,
      refusal: {
        why: {
          zh: `用户 ${other.userid}（${other.name}）不在应用「只给管理员」的可用范围内`,
          en: `user ${other.userid} (${other.name}) is outside the visible range (可用范围) of app "只给管理员"`,
        },
      },
    });
    expect(s.refusal?.message).toBe('你不在「只给管理员」的可用范围内，请联系管理员');
  });

  it('登录 after the app was deleted is refused: app_not_found, 应用不存在', () => {
    const { tenant, app, request } = setup();
    const s = openQrLogin(tenant, request());
    scan(tenant, s.sid, ADMIN);
    tenant.removeApp(app.appKey);
    expect(confirm(tenant, s.sid)).toMatchObject({
      ok: false,
      status: 'refused',
      refusal: {
        why: {
          zh: `二维码显示之后，应用 ${app.appKey} 被删除了`,
          en: `app ${app.appKey} was deleted after the QR code was shown`,
        },
      },
    });
    expect(s.refusal).toMatchObject({ error: 'app_not_found', message: '应用不存在' });
  });

  it('取消登录 from waiting or scanned; refused once confirmed', () => {
    const { tenant, request, confirmed } = setup();
    const waiting = openQrLogin(tenant, request());
    expect(cancel(tenant, waiting.sid)).toEqual({ ok: true, session: waiting });
    expect(waiting.status).toBe('cancelled');
    const scanned = openQrLogin(tenant, request());
    scan(tenant, scanned.sid, ADMIN);
    expect(phoneStep(tenant, scanned.sid, 'cancel').ok).toBe(true);
    expect(scanned.status).toBe('cancelled');
    const done = confirmed();
    expect(cancel(tenant, done.sid)).toEqual({
      ok: false,
      status: 'confirmed',
      refusal: {
        code: 'phone.cancel',
        why: {
          zh: `二维码登录会话 ${done.sid} 已确认，无法取消登录`,
          en: `cannot cancel QR session ${done.sid}: it is confirmed`,
        },
      },
    });
  });

  it('every step refuses a sid this corp does not hold (status unknown)', () => {
    const { tenant } = setup();
    for (const action of ['scan', 'confirm', 'cancel'] as const) {
      expect(phoneStep(tenant, 'nope', action, ADMIN)).toEqual({
        ok: false,
        status: 'unknown',
        refusal: {
          code: `phone.${action}`,
          why: { zh: '本组织没有二维码登录会话 nope', en: 'no QR session nope in this corp' },
        },
      });
    }
  });

  it('X4: the phone lists everyone, noting who cannot sign in and why', () => {
    const { tenant, app, other, inactive } = setup();
    tenant.directory.updateUser(other.userid, { resigned: true });
    const notes = new Map(phoneCandidates(tenant, app.appKey, '', 1000).map((c) => [c.user.userid, c.note]));
    expect(notes.size).toBe([...tenant.directory.allUsers()].length);
    expect(notes.get(ADMIN)).toBe('');
    expect(notes.get(other.userid)).toBe('已离职');
    expect(notes.get(inactive.userid)).toBe('未激活');
    expect(phoneCandidates(tenant, app.appKey, 'MANAGER14', 1000).map((c) => c.user.userid)).toEqual([ADMIN]);
    expect(phoneCandidates(tenant, app.appKey, '', 5)).toHaveLength(5);
  });
});

describe('after 登录: consent, the code, the way back', () => {
  it('L1: a confirmed session goes back with authCode = code and state; the session is spent', () => {
    const { tenant, app, confirmed } = setup();
    const s = confirmed();
    const { url, next } = redirectOf(continueLogin(tenant, s));
    expect(url.origin + url.pathname).toBe(CALLBACK);
    expect(url.searchParams.get('state')).toBe('st');
    const code = url.searchParams.get('authCode')!;
    expect(url.searchParams.get('code')).toBe(code);
    expect(tenant.authCodes.peek(code)).toMatchObject({ kind: 'oauth', appKey: app.appKey, userid: ADMIN });
    expect(next.iframe).toBe(false);
    expect(next.refusal).toBeUndefined();
    expect(s.status).toBe('completed');
  });

  it('L1 (DTFrameLogin): the way back is marked for the iframe’s postMessage', () => {
    const { tenant, confirmed } = setup();
    expect(redirectOf(continueLogin(tenant, confirmed(ADMIN, { iframe: true }))).next.iframe).toBe(true);
  });

  it('a session not confirmed cannot go on (qrNotConfirmed); a spent one says 该二维码已使用', () => {
    const { tenant, request, confirmed } = setup();
    const s = openQrLogin(tenant, request());
    expect(refusalOf(continueLogin(tenant, s))).toEqual({
      code: 'qrNotConfirmed',
      why: {
        zh: `二维码登录会话 ${s.sid} 的状态是 waiting，手机上尚未确认登录`,
        en: `QR session ${s.sid} is waiting, not confirmed`,
      },
      message: '尚未在手机上确认登录',
    });
    const done = confirmed();
    continueLogin(tenant, done);
    expect(refusalOf(continueLogin(tenant, done))).toMatchObject({
      code: 'qrNotConfirmed',
      message: '该二维码已使用，请重新扫码登录',
    });
    expect(tenant.authCodes.size).toBe(1);
  });

  it('X4: a refused session goes back with error=user_not_allowed and the reason, no code', () => {
    const { tenant, other, confirmed } = setup();
    tenant.directory.updateUser(other.userid, { resigned: true });
    const s = confirmed(other.userid, { state: 'x4' });
    const { url, next } = redirectOf(continueLogin(tenant, s));
    expect([...url.searchParams]).toEqual([
      ['error', 'user_not_allowed'],
      ['state', 'x4'],
    ]);
    expect(next.refusal).toEqual({
      code: 'user_not_allowed',
      why: {
        zh: `用户 ${other.userid}（${other.name}）已离职`,
        en: `user ${other.userid} (${other.name}) has left the company (离职)`,
      },
      message: '该账号已离职，无法登录',
    });
    expect(tenant.authCodes.size).toBe(0);
    expect(s.status).toBe('completed');
  });

  it('L6: prompt=consent shows the card with the points; 同意 grants them and issues the code; the next login skips it', () => {
    const { tenant, app, confirmed } = setup();
    const s = confirmed(ADMIN, { consent: true, scopes: ['openid', 'corpid'] });
    const card = continueLogin(tenant, s);
    expect(card).toEqual({
      kind: 'consent',
      consent: {
        sid: s.sid,
        appName: app.name,
        userName: '万宇泽',
        points: [
          { point: 'openid', text: '获取你的个人基本信息' },
          { point: 'corpid', text: '获取你的企业ID' },
          { point: 'Contact.User.Read', text: '获取你的个人基本信息' },
        ],
        iframe: false,
      },
    });
    const { url } = redirectOf(decideConsent(tenant, s, true));
    expect(tenant.authCodes.peek(url.searchParams.get('authCode')!)?.userid).toBe(ADMIN);
    const again = confirmed(ADMIN, { consent: true, scopes: ['openid', 'corpid'] });
    expect(continueLogin(tenant, again).kind).toBe('redirect');
  });

  it('L6: 拒绝 goes back with error=access_denied and the reason, granting nothing', () => {
    const { tenant, app, confirmed } = setup();
    const s = confirmed(ADMIN, { consent: true });
    const { url, next } = redirectOf(decideConsent(tenant, s, false));
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect([...url.searchParams.keys()]).not.toContain('authCode');
    expect(next.refusal).toEqual({
      code: 'access_denied',
      why: {
        zh: `用户 ${ADMIN} 在应用「${app.name}」的授权页上点了 拒绝`,
        en: `user ${ADMIN} clicked 拒绝 on the consent page of app "${app.name}"`,
      },
    });
    expect(tenant.consents.missing(app.appKey, ADMIN, ['openid'])).toEqual(['openid']);
  });

  it('a consent answer on a spent session answers as continue would (qrNotConfirmed)', () => {
    const { tenant, confirmed } = setup();
    const s = confirmed(ADMIN, { consent: true });
    decideConsent(tenant, s, false);
    expect(refusalOf(decideConsent(tenant, s, true)).code).toBe('qrNotConfirmed');
  });

  it('an app deleted after 登录 sends the browser back with app_not_found (not a crash)', () => {
    const { tenant, app, confirmed } = setup();
    const s = confirmed();
    tenant.removeApp(app.appKey);
    const { url, next } = redirectOf(continueLogin(tenant, s));
    expect(url.searchParams.get('error')).toBe('app_not_found');
    expect(next.refusal?.code).toBe('app_not_found');
  });
});

describe('inside the DingTalk client (L6)', () => {
  it('L6: the client’s user signs in at once, without a QR: the code comes back', () => {
    const { tenant, app, request } = setup();
    const { url } = redirectOf(
      signInInClient(tenant, app, request({ inClient: true }), { corpId: tenant.corpId, userid: ADMIN }),
    );
    expect(tenant.authCodes.peek(url.searchParams.get('authCode')!)?.userid).toBe(ADMIN);
  });

  it('L6: a client user of another corp is refused: 500408 当前登录用户不是该组织的成员', () => {
    const { tenant, app, request } = setup();
    const r = refusalOf(signInInClient(tenant, app, request(), { corpId: 'dingother', userid: ADMIN }));
    expect(r).toEqual({
      code: '500408',
      why: {
        zh: `客户端用户 ${ADMIN} 登录的是组织 dingother，而应用「${app.name}」属于组织 ${tenant.corpId}`,
        en: `the client's user ${ADMIN} is signed in to corp dingother, but app "${app.name}" belongs to corp ${tenant.corpId}`,
      },
      message: '当前登录用户不是该组织的成员',
    });
  });

  it('L6: a client user this corp does not have is refused: userNotFound, 找不到该用户', () => {
    const { tenant, app, request } = setup();
    const r = refusalOf(signInInClient(tenant, app, request(), { corpId: tenant.corpId, userid: 'nobody' }));
    expect(r).toEqual({
      code: 'userNotFound',
      why: {
        zh: `客户端用户 nobody 不在组织 ${tenant.corpId} 中`,
        en: `the client's user nobody does not exist in corp ${tenant.corpId}`,
      },
      message: '找不到该用户',
    });
  });

  it('X4 in the client: a resigned user goes back with the error', () => {
    const { tenant, app, other, request } = setup();
    tenant.directory.updateUser(other.userid, { resigned: true });
    const { url } = redirectOf(
      signInInClient(tenant, app, request(), { corpId: tenant.corpId, userid: other.userid }),
    );
    expect(url.searchParams.get('error')).toBe('user_not_allowed');
  });
});

describe('legacy generation: loginTmpCode → sns code (L2)', () => {
  const back = { redirectUri: CALLBACK, state: 'lg' };

  it('L2: a confirmed legacy session holds a loginTmpCode, traded once for an sns code', () => {
    const { tenant, app, confirmed } = setup();
    const s = confirmed(ADMIN, { generation: 'sns', scopes: ['snsapi_login'] });
    const tmp = s.loginTmpCode!;
    expect(tmp).toMatch(/^[0-9a-f]{32}$/);
    const { url } = redirectOf(exchangeLoginTmpCode(tenant, app, tmp, back));
    expect(url.searchParams.get('state')).toBe('lg');
    expect(tenant.authCodes.peek(url.searchParams.get('code')!)).toMatchObject({
      kind: 'sns',
      userid: ADMIN,
    });
    expect(refusalOf(exchangeLoginTmpCode(tenant, app, tmp, back))).toEqual({
      code: 'invalidLoginTmpCode',
      why: {
        zh: `loginTmpCode ${tmp.slice(0, 6)}… 已经用过`,
        en: `loginTmpCode ${tmp.slice(0, 6)}… was already used`,
      },
      message: '登录已失效，请重新扫码',
    });
  });

  it('L2: an unknown loginTmpCode, or one of another app’s login, is refused (invalidLoginTmpCode)', () => {
    const { tenant, app, confirmed } = setup();
    expect(refusalOf(exchangeLoginTmpCode(tenant, app, 'abcdef0123', back)).why).toEqual({
      zh: `loginTmpCode abcdef… 不是组织 ${tenant.corpId} 发放的`,
      en: `loginTmpCode abcdef… was never issued by corp ${tenant.corpId}`,
    });
    const s = confirmed(ADMIN, { generation: 'sns' });
    const second = tenant.listApps()[1]!;
    expect(refusalOf(exchangeLoginTmpCode(tenant, second, s.loginTmpCode!, back)).why.en).toBe(
      `loginTmpCode ${s.loginTmpCode!.slice(0, 6)}… belongs to a login for app ${app.appKey}, not ${second.appKey}`,
    );
    expect(s.status).toBe('confirmed');
  });

  it('X4 (legacy): the refused session’s loginTmpCode goes back with the error, no code', () => {
    const { tenant, app, other, confirmed } = setup();
    tenant.directory.updateUser(other.userid, { resigned: true });
    const s = confirmed(other.userid, { generation: 'sns' });
    const { url, next } = redirectOf(exchangeLoginTmpCode(tenant, app, s.loginTmpCode!, back));
    expect([...url.searchParams]).toEqual([
      ['error', 'user_not_allowed'],
      ['state', 'lg'],
    ]);
    expect(next.refusal?.code).toBe('user_not_allowed');
    expect(tenant.authCodes.size).toBe(0);
  });
});
