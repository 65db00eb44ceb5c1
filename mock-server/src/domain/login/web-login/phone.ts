/**
 * What a phone does with a QR session — scan as a user, 登录, 取消登录 — for the simulated phone's
 * pages, the admin API (clients without a browser) and the DingTalk client's own sign-in alike.
 * Scanning needs a user of the corp; confirming checks X4: only active, non-resigned users in the
 * app's visible range may sign in (U wording, login-rules.ts), and a refused confirmation ends the
 * session with the refusal the login page then redirects with.
 */
import type { User } from '../../directory/directory.ts';
import { because, type Reason } from '../../errors.ts';
import type { Tenant } from '../../tenancy/tenant.ts';
import { appDeleted, loginRefusal, type LoginRefusal } from '../login-rules.ts';
import type { PhoneAction, QrLogin, QrStatus } from '../qr-logins.ts';
import { refusal, type StepRefusal } from './refusal.ts';

export type { PhoneAction } from '../qr-logins.ts';

export type PhoneStep =
  { ok: true; session: QrLogin } | { ok: false; status: QrStatus | 'unknown'; refusal: StepRefusal };

/** Why `userid` cannot scan in this corp (no such user), or null when they can. */
export function cannotScanAs(tenant: Tenant, userid: string | undefined): Reason | null {
  if (userid && tenant.directory.getUser(userid)) return null;
  return because(
    `无法以 "${userid ?? ''}" 扫码：组织 ${tenant.corpId} 中没有这个用户`,
    `cannot scan as "${userid ?? ''}": no such user in corp ${tenant.corpId}`,
  );
}

/** 扫码 as `userid`: a waiting session becomes scanned by that user. */
export function scan(tenant: Tenant, sid: string, userid: string | undefined): PhoneStep {
  const qr = tenant.qrLogins;
  const session = qr.get(sid);
  const unknownUser = session ? cannotScanAs(tenant, userid) : null;
  if (session && unknownUser) return refused('scan', qr.statusOf(session, tenant.clock.now()), unknownUser);
  return stepped('scan', qr.scan(sid, userid ?? '', tenant.clock.now()));
}

/** 登录: a scanned session is confirmed, or refused when the scanning user may not sign in (X4). */
export function confirm(tenant: Tenant, sid: string): PhoneStep {
  const session = tenant.qrLogins.get(sid);
  const verdict = session && session.userid !== null ? mayNotSignIn(tenant, session, session.userid) : null;
  return stepped('confirm', tenant.qrLogins.confirm(sid, tenant.clock.now(), verdict));
}

/** 取消登录: a waiting or scanned session is cancelled. */
export function cancel(tenant: Tenant, sid: string): PhoneStep {
  return stepped('cancel', tenant.qrLogins.cancel(sid, tenant.clock.now()));
}

/** One of the three by name (the phone's forms and the admin API name the action in the path). */
export function phoneStep(tenant: Tenant, sid: string, action: PhoneAction, userid?: string): PhoneStep {
  if (action === 'scan') return scan(tenant, sid, userid);
  return action === 'confirm' ? confirm(tenant, sid) : cancel(tenant, sid);
}

/** A user the phone can pick, with why they could not sign in (everyone is listed: X4 is tested so). */
export interface PhoneCandidate {
  user: User;
  /** 已离职 · 未激活 · 不在可用范围, or '' */
  note: string;
}

/** The users the phone lists for a session's app, matching `q` (name or userid), at most `limit`. */
export function phoneCandidates(tenant: Tenant, appKey: string, q: string, limit: number): PhoneCandidate[] {
  const app = tenant.getApp(appKey);
  const needle = q.trim().toLowerCase();
  const out: PhoneCandidate[] = [];
  for (const u of tenant.directory.allUsers()) {
    if (needle && !u.name.toLowerCase().includes(needle) && !u.userid.toLowerCase().includes(needle))
      continue;
    const refused = app ? loginRefusal(app, u.userid, tenant.directory) : null;
    const note = u.resigned ? '已离职' : !u.active ? '未激活' : refused ? '不在可用范围' : '';
    out.push({ user: u, note });
    if (out.length >= limit) break;
  }
  return out;
}

/** Why the scanning user may not sign in to the session's app (X4, or the app is gone), or null. */
function mayNotSignIn(tenant: Tenant, s: QrLogin, userid: string): LoginRefusal | null {
  const app = tenant.getApp(s.appKey);
  return app ? loginRefusal(app, userid, tenant.directory) : appDeleted(s.appKey);
}

function refused(action: PhoneAction, status: QrStatus | 'unknown', why: Reason): PhoneStep {
  return { ok: false, status, refusal: refusal(`phone.${action}`, why) };
}

function stepped(
  action: PhoneAction,
  r: { ok: true; session: QrLogin } | { ok: false; status: QrStatus | 'unknown'; why: Reason },
): PhoneStep {
  return r.ok ? r : refused(action, r.status, r.why);
}
