/**
 * The JSON endpoints the QR pages poll (like login.dingtalk.com's login_with_qr,
 * docs/dingtalk/web-login.md): the session's status, and 刷新 (a new session for the same request). Errors use the
 * new-API envelope. Polls are journaled only when the status they report changes.
 */
import * as z from 'zod';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { QrLogin } from '../../domain/login/qr-logins.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { str } from '../params.ts';
import { openRoute, type Call } from '../route.ts';
import { findQrLogin, qrSvg, scanUrl } from './qr.ts';

function lookup(call: Call<{ sid: string }>): { tenant: Tenant; session: QrLogin } {
  const found = findQrLogin(call.sandbox, call.params.sid);
  if (!found) {
    throw new DingTalkError(
      'invalidParameter',
      because(`找不到二维码登录会话 "${call.params.sid}"`, `no QR login session "${call.params.sid}"`),
      { param: 'sid' },
    );
  }
  call.state.tenant = found.tenant;
  const app = found.tenant.getApp(found.session.appKey);
  if (app) call.state.app = app;
  if (found.session.userid) call.state.userid = found.session.userid;
  return found;
}

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
  handle(call) {
    const { tenant, session: s } = lookup(call);
    const status = tenant.qrLogins.statusOf(s, tenant.clock.now());
    if (s.lastReported === status) call.state.silent = true;
    else s.lastReported = status;
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
  async handle(call) {
    const { tenant, session } = lookup(call);
    const fresh = tenant.qrLogins.refresh(session.sid, tenant.clock.now())!;
    const url = scanUrl(call.request.origin, fresh.sid);
    return { sid: fresh.sid, svg: await qrSvg(url), scanUrl: url, expiresAt: fresh.expiresAt };
  },
});
