/**
 * QR login sessions (扫码登录), one store per tenant, for both web-login generations: the login page
 * shows a QR code for a session; a phone (the sandbox's simulated one, or the admin API) scans it as
 * a user and confirms or cancels; the page polls and moves on. Expiry reads the tenant clock.
 * This is the store and its records' status changes; the web-login machine that drives them, with
 * every step's checks, is `web-login/` (what the pages, the phone and the admin API call).
 *
 * waiting → scanned → confirmed → completed (a code was issued, or the error redirect was sent)
 *                   ↘ cancelled       ↘ refused (the user may not use the app, X4)
 * waiting|scanned past the TTL → expired (the page offers 刷新: a new session with the same request).
 */
import { because, type Reason } from '../errors.ts';
import { newLoginTmpCode, newQrSessionId } from '../ids.ts';
import type { LoginRefusal } from './login-rules.ts';

/** How long a QR code stays scannable: DingTalk's value is undocumented (U: 180 s). */
export const QR_TTL_MS = 180_000;

/**
 * Sessions kept per tenant: every view of a login page creates one, so anyone who can load the page
 * could otherwise grow the store without end. Beyond this the oldest is forgotten (its page then
 * polls an unknown session and offers 刷新).
 */
export const MAX_QR_SESSIONS = 1_000;

/** How long an ended or expired session is still remembered (its page may poll it once more). */
const KEEP_AFTER_EXPIRY_MS = 3_600_000;

export type QrGeneration = 'oauth' | 'sns';
export type QrStatus =
  'waiting' | 'scanned' | 'confirmed' | 'cancelled' | 'refused' | 'expired' | 'completed';

/** What the authorize page was asked for. */
export interface QrRequest {
  generation: QrGeneration;
  appKey: string;
  redirectUri: string;
  state: string;
  /** The login's scope list (new generation), e.g. ['openid', 'corpid']. */
  scopes: string[];
  /** `prompt=consent` was given. */
  consent: boolean;
  /** DTFrameLogin iframe (new generation): finish with postMessage instead of navigating. */
  iframe: boolean;
  /** ddLogin iframe (legacy): post the loginTmpCode to the parent. */
  embedded: boolean;
  /** Opened inside the DingTalk client: no QR, the client's user confirms at once. */
  inClient: boolean;
}

export interface QrLogin extends QrRequest {
  sid: string;
  createdAt: number;
  expiresAt: number;
  status: Exclude<QrStatus, 'expired'>;
  userid: string | null;
  refusal: LoginRefusal | null;
  /** Legacy: handed to sns_authorize after confirmation; works once. */
  loginTmpCode: string | null;
  /** The status the login page was last told (its polls are journaled only on change). */
  lastReported: QrStatus | null;
}

/** What a phone does with a session; the steps themselves are in web-login/phone.ts. */
export type PhoneAction = 'scan' | 'confirm' | 'cancel';

/** The statuses in which each phone action is accepted (the others are refused, saying the status). */
export const PHONE_ACCEPTS: Readonly<Record<PhoneAction, readonly QrStatus[]>> = {
  scan: ['waiting'],
  confirm: ['scanned'],
  cancel: ['scanned', 'waiting'],
};

export type PhoneResult =
  { ok: true; session: QrLogin } | { ok: false; status: QrStatus | 'unknown'; why: Reason };

export class QrLogins {
  private readonly sessions = new Map<string, QrLogin>();
  private readonly byTmpCode = new Map<string, string>();

  constructor(private readonly max = MAX_QR_SESSIONS) {}

  create(request: QrRequest, now: number, ttlMs = QR_TTL_MS): QrLogin {
    this.sweep(now);
    while (this.sessions.size >= this.max) this.forget(this.sessions.keys().next().value!);
    const s: QrLogin = {
      ...request,
      scopes: [...request.scopes],
      sid: newQrSessionId(),
      createdAt: now,
      expiresAt: now + ttlMs,
      status: 'waiting',
      userid: null,
      refusal: null,
      loginTmpCode: null,
      lastReported: null,
    };
    this.sessions.set(s.sid, s);
    return s;
  }

  get(sid: string): QrLogin | undefined {
    return this.sessions.get(sid);
  }

  /** The session's status at `now` (waiting or scanned turn into expired after the TTL). */
  statusOf(s: QrLogin, now: number): QrStatus {
    if ((s.status === 'waiting' || s.status === 'scanned') && s.expiresAt <= now) return 'expired';
    return s.status;
  }

  /** Sessions still waiting for a phone (waiting or scanned, not expired), newest first. */
  pending(now: number): QrLogin[] {
    return [...this.sessions.values()]
      .filter((s) => {
        const st = this.statusOf(s, now);
        return st === 'waiting' || st === 'scanned';
      })
      .reverse();
  }

  all(): QrLogin[] {
    return [...this.sessions.values()].reverse();
  }

  /** 刷新: a new session for the same request (the old one is left to expire). */
  refresh(sid: string, now: number): QrLogin | undefined {
    const old = this.sessions.get(sid);
    return old ? this.create(old, now) : undefined;
  }

  scan(sid: string, userid: string, now: number): PhoneResult {
    const found = this.phoneStep('scan', sid, now);
    if (!found.ok) return found;
    const s = found.session;
    s.status = 'scanned';
    s.userid = userid;
    return found;
  }

  /** 登录 on the phone. `refusal` is the verdict on the scanned user (X4); a refused session ends. */
  confirm(sid: string, now: number, refusal: LoginRefusal | null): PhoneResult {
    const found = this.phoneStep('confirm', sid, now);
    if (!found.ok) return found;
    const s = found.session;
    if (refusal) {
      s.status = 'refused';
      s.refusal = refusal;
      s.loginTmpCode = this.tmpCodeFor(s);
      return {
        ok: false,
        status: 'refused',
        why: because(refusal.reasonZh ?? refusal.message, refusal.reason),
      };
    }
    s.status = 'confirmed';
    s.loginTmpCode = this.tmpCodeFor(s);
    return { ok: true, session: s };
  }

  /** 取消登录 on the phone. */
  cancel(sid: string, now: number): PhoneResult {
    const found = this.phoneStep('cancel', sid, now);
    if (!found.ok) return found;
    found.session.status = 'cancelled';
    return found;
  }

  /** The session a legacy loginTmpCode belongs to. */
  byLoginTmpCode(code: string): QrLogin | undefined {
    const sid = this.byTmpCode.get(code);
    return sid === undefined ? undefined : this.sessions.get(sid);
  }

  /** The browser has been sent on (code issued or error redirect): the session is spent. */
  complete(s: QrLogin): void {
    s.status = 'completed';
  }

  get size(): number {
    return this.sessions.size;
  }

  /** The session a phone action acts on, or why it cannot: unknown, or not in a status it accepts. */
  private phoneStep(action: PhoneAction, sid: string, now: number): PhoneResult {
    const s = this.sessions.get(sid);
    if (!s) {
      return {
        ok: false,
        status: 'unknown',
        why: because(`本组织没有二维码登录会话 ${sid}`, `no QR session ${sid} in this corp`),
      };
    }
    const st = this.statusOf(s, now);
    if (!PHONE_ACCEPTS[action].includes(st)) {
      return { ok: false, status: st, why: because(refuseTextZh(action, s, st), refuseText(action, s, st)) };
    }
    return { ok: true, session: s };
  }

  private tmpCodeFor(s: QrLogin): string | null {
    if (s.generation !== 'sns') return null;
    const code = newLoginTmpCode();
    this.byTmpCode.set(code, s.sid);
    return code;
  }

  /**
   * Forget sessions an hour past their expiry, oldest first (the map keeps creation order), stopping
   * at the first one still remembered: a creation looks at the sessions it forgets and one more, not
   * at all of them.
   */
  private sweep(now: number): void {
    for (const s of this.sessions.values()) {
      if (s.expiresAt + KEEP_AFTER_EXPIRY_MS >= now) return;
      this.forget(s.sid);
    }
  }

  private forget(sid: string): void {
    const s = this.sessions.get(sid);
    this.sessions.delete(sid);
    if (s?.loginTmpCode) this.byTmpCode.delete(s.loginTmpCode);
  }
}

const ACTION_ZH: Record<string, string> = { scan: '扫码', confirm: '确认登录', cancel: '取消登录' };
const STATUS_ZH: Record<string, string> = {
  waiting: '等待扫码',
  scanned: '已扫码',
  confirmed: '已确认',
  cancelled: '已取消',
  refused: '已拒绝',
  expired: '已过期',
};

function refuseTextZh(action: string, s: QrLogin, st: QrStatus): string {
  const life = Math.round((s.expiresAt - s.createdAt) / 1000);
  return `二维码登录会话 ${s.sid} ${STATUS_ZH[st] ?? st}，无法${ACTION_ZH[action] ?? action}${st === 'expired' ? `（二维码有效期 ${life} 秒，页面上可点 刷新）` : ''}`;
}

function refuseText(action: string, s: QrLogin, st: QrStatus): string {
  return `cannot ${action} QR session ${s.sid}: it is ${st}${st === 'expired' ? ` (QR codes live ${Math.round((s.expiresAt - s.createdAt) / 1000)} s; the page offers 刷新)` : ''}`;
}
