/**
 * The JSON endpoints the QR pages poll (like login.dingtalk.com's login_with_qr,
 * docs/dingtalk/web-login.md): the session's status, and 刷新 (a new session for the same request). Errors use the
 * new-API envelope. Polls are journaled only when the status they report changes.
 */
import * as z from 'zod';
import type { QrLogin } from '../../domain/login/qr-logins.ts';
import {
  pollQrLogin,
  refreshQrLogin,
  requireQrLogin,
  sessionOwner,
} from '../../domain/login/web-login/index.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { str } from '../params.ts';
import { openRoute } from '../route.ts';
import { qrSvg, scanUrl } from './qr.ts';

/** The session a poll names, when `sid` is one that its schema accepts (a string). */
const bySidParam = (sandbox: Sandbox, raw: Record<string, unknown>) =>
  typeof raw.sid === 'string' ? sessionOwner(sandbox, raw.sid) : {};

/** Where the page goes after the phone confirmed (or was refused). */
function nextUrl(s: QrLogin): string | undefined {
  if (s.generation === 'oauth') return `/oauth2/continue?sid=${encodeURIComponent(s.sid)}`;
  if (s.embedded || !s.loginTmpCode) return undefined;
  const q = new URLSearchParams({
    appid: s.appKey,
    response_type: 'code',
    scope: 'snsapi_login',
    state: s.state,
    redirect_uri: s.redirectUri,
    loginTmpCode: s.loginTmpCode,
  });
  return `/connect/oauth2/sns_authorize?${q.toString()}`;
}

/** QR status — GET /login/qr/status?sid= → {sid, status, nick?, message?, next?, loginTmpCode?} */
export const qrStatus = openRoute({
  id: 'login.qr.status',
  method: 'GET',
  path: '/login/qr/status',
  host: 'login',
  params: z.object({ sid: str() }),
  locate: bySidParam,
  handle(call) {
    const { tenant, session: s } = requireQrLogin(call.sandbox, call.params.sid);
    const { status, changed } = pollQrLogin(tenant, s);
    if (!changed) call.state.silent = true;
    const user = s.userid ? tenant.directory.getUser(s.userid) : undefined;
    const done = status === 'confirmed' || status === 'refused';
    const next = done ? nextUrl(s) : undefined;
    return {
      sid: s.sid,
      status,
      expiresAt: s.expiresAt,
      ...(user ? { nick: user.name } : {}),
      ...(status === 'refused' && s.refusal ? { message: s.refusal.message } : {}),
      ...(next ? { next } : {}),
      ...(done && s.loginTmpCode ? { loginTmpCode: s.loginTmpCode } : {}),
    };
  },
});

/** 刷新 — POST /login/qr/refresh {sid} → a new session for the same request: {sid, svg, scanUrl} */
export const qrRefresh = openRoute({
  id: 'login.qr.refresh',
  method: 'POST',
  path: '/login/qr/refresh',
  host: 'login',
  params: z.object({ sid: str() }),
  locate: bySidParam,
  async handle(call) {
    const { tenant, session } = requireQrLogin(call.sandbox, call.params.sid);
    const fresh = refreshQrLogin(tenant, session);
    const url = scanUrl(call.request.origin, fresh.sid);
    return { sid: fresh.sid, svg: await qrSvg(url), scanUrl: url, expiresAt: fresh.expiresAt };
  },
});
