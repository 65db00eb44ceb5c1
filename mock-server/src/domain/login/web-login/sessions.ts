/**
 * Finding and opening QR login sessions: a session by the sid its page and phone carry (in whichever
 * tenant holds it), whom a call about it belongs to (a route's locate), a new session for a checked
 * authorize request, 刷新, and the status the login page polls.
 */
import type { App } from '../../apps/apps.ts';
import { because, DingTalkError } from '../../errors.ts';
import type { Sandbox } from '../../tenancy/sandbox.ts';
import type { Tenant } from '../../tenancy/tenant.ts';
import { PHONE_ACCEPTS, type QrLogin, type QrRequest, type QrStatus } from '../qr-logins.ts';

export interface FoundLogin {
  tenant: Tenant;
  session: QrLogin;
}

/**
 * A session by its sid, in whichever tenant holds it. Pages and the phone carry only the sid, so
 * this looks in each tenant (a map lookup per tenant; tenants are few).
 */
export function findQrLogin(sandbox: Sandbox, sid: string): FoundLogin | undefined {
  for (const tenant of sandbox.listTenants()) {
    const session = tenant.qrLogins.get(sid);
    if (session) return { tenant, session };
  }
  return undefined;
}

/** The session of `sid`, or the QR status API's refusal (invalidParameter naming sid). */
export function requireQrLogin(sandbox: Sandbox, sid: string): FoundLogin {
  const found = findQrLogin(sandbox, sid);
  if (found) return found;
  throw new DingTalkError(
    'invalidParameter',
    because(`找不到二维码登录会话 "${sid}"`, `no QR login session "${sid}"`),
    { param: 'sid' },
  );
}

/** Whom a call about a session belongs to, for the journal: its tenant, app and (once scanned) user. */
export interface LoginOwner {
  tenant?: Tenant;
  app?: App;
  userid?: string;
}

/**
 * The owner of the session `sid` ({} when no tenant holds it). With `scanAs`, the call is a scan as
 * that user: a scan about to be accepted (a waiting session, a user of the corp) already belongs to
 * the scanning user; a refused one to whoever scanned before, if anyone.
 */
export function sessionOwner(sandbox: Sandbox, sid: string, scanAs?: string): LoginOwner {
  const found = findQrLogin(sandbox, sid);
  if (!found) return {};
  const { tenant, session: s } = found;
  const owner: LoginOwner = { tenant };
  const app = tenant.getApp(s.appKey);
  if (app) owner.app = app;
  const userid = s.userid ?? (scanAs !== undefined && scanWouldPass(tenant, s, scanAs) ? scanAs : null);
  if (userid) owner.userid = userid;
  return owner;
}

function scanWouldPass(tenant: Tenant, s: QrLogin, userid: string): boolean {
  const status = tenant.qrLogins.statusOf(s, tenant.clock.now());
  return (
    userid !== '' && tenant.directory.getUser(userid) !== undefined && PHONE_ACCEPTS.scan.includes(status)
  );
}

/** The authorize page's QR code: a new waiting session for a checked request. */
export function openQrLogin(tenant: Tenant, request: QrRequest): QrLogin {
  return tenant.qrLogins.create(request, tenant.clock.now());
}

/** 刷新: a new session for the same request (the old one is left to expire). */
export function refreshQrLogin(tenant: Tenant, s: QrLogin): QrLogin {
  return tenant.qrLogins.refresh(s.sid, tenant.clock.now())!;
}

/**
 * The status the login page is told when it polls, and whether it changed since the page was last
 * told (the pages poll twice a second: only a change is worth a journal entry).
 */
export function pollQrLogin(tenant: Tenant, s: QrLogin): { status: QrStatus; changed: boolean } {
  const status = tenant.qrLogins.statusOf(s, tenant.clock.now());
  const changed = s.lastReported !== status;
  s.lastReported = status;
  return { status, changed };
}
