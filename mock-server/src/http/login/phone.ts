/**
 * The simulated phone's pages (what the QR code opens): pick the DingTalk user holding the phone,
 * 扫码, then 登录 or 取消登录. Each action is a login-host call, so it is journaled in the tenant.
 */
import type { User } from '../../domain/directory/directory.ts';
import { loginRefusal } from '../../domain/login/login-rules.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { pageRoute, type Call, type PageResult } from '../route.ts';
import { text } from './checks.ts';
import { phoneAction, type PhoneAction } from './phone-actions.ts';
import { findQrLogin } from './qr.ts';
import { sandboxNoticePage } from './views/errors.tsx';
import { phonePage, type PhoneUser } from './views/phone.tsx';

type Params = Record<string, unknown>;

/** Users listed on the phone at most (search narrows large tenants). */
const PICK_LIMIT = 200;

function phoneUser(u: User, note: string): PhoneUser {
  return { userid: u.userid, name: u.name, title: u.title, note };
}

function pickList(tenant: Tenant, appKey: string, q: string): PhoneUser[] {
  const app = tenant.getApp(appKey);
  const needle = q.trim().toLowerCase();
  const out: PhoneUser[] = [];
  for (const u of tenant.directory.allUsers()) {
    if (needle && !u.name.toLowerCase().includes(needle) && !u.userid.toLowerCase().includes(needle))
      continue;
    // Everyone is listed (X4 is tested by picking someone who may not sign in); the note says why.
    const refusal = app ? loginRefusal(app, u.userid, tenant.directory) : null;
    const note = u.resigned ? '已离职' : !u.active ? '未激活' : refusal ? '不在可用范围' : '';
    out.push(phoneUser(u, note));
    if (out.length >= PICK_LIMIT) break;
  }
  return out;
}

function notFound(call: Call<Params>, sid: string): PageResult {
  call.state.refusal = {
    code: 'qrSessionNotFound',
    reason: `the phone opened an unknown QR session "${sid}"`,
    reasonZh: `模拟手机打开了不存在的二维码登录会话 "${sid}"`,
  };
  return { html: sandboxNoticePage('二维码已失效', '找不到该二维码对应的登录，请在电脑上刷新二维码') };
}

/** 扫码后的手机页 — GET /login/phone?sid=&q= */
export const phoneView = pageRoute({
  id: 'login.phone',
  method: 'GET',
  path: '/login/phone',
  host: 'login',
  handle(call: Call<Params>) {
    const sid = text(call.params, 'sid');
    const found = findQrLogin(call.sandbox, sid);
    if (!found) return notFound(call, sid);
    const { tenant, session: s } = found;
    call.state.tenant = tenant;
    const app = tenant.getApp(s.appKey);
    if (app) call.state.app = app;
    if (s.userid) call.state.userid = s.userid;
    const status = tenant.qrLogins.statusOf(s, tenant.clock.now());
    const q = text(call.params, 'q');
    const user = s.userid ? tenant.directory.getUser(s.userid) : undefined;
    return {
      html: phonePage({
        sid: s.sid,
        status,
        appName: app?.name ?? s.appKey,
        user: user ? phoneUser(user, '') : null,
        users: status === 'waiting' ? pickList(tenant, s.appKey, q) : [],
        q,
        message: s.refusal?.message ?? null,
      }),
    };
  },
});

function actionRoute(action: PhoneAction, id: string) {
  return pageRoute({
    id,
    method: 'POST',
    path: `/login/phone/${action}`,
    host: 'login',
    handle(call: Call<Params>) {
      const sid = text(call.params, 'sid');
      const found = findQrLogin(call.sandbox, sid);
      if (!found) return notFound(call, sid);
      const { tenant, session: s } = found;
      call.state.tenant = tenant;
      const app = tenant.getApp(s.appKey);
      if (app) call.state.app = app;
      const userid = action === 'scan' ? text(call.params, 'userid') : undefined;
      const result = phoneAction(tenant, sid, action, userid);
      if (s.userid) call.state.userid = s.userid;
      if (!result.ok) {
        call.state.refusal = { code: `phone.${action}`, reason: result.reason, reasonZh: result.reasonZh };
      }
      // Post/redirect/get: the phone page shows the session's new state.
      return { redirect: `/login/phone?sid=${encodeURIComponent(sid)}`, status: 303 };
    },
  });
}

/** 扫码 as the picked user — POST /login/phone/scan {sid, userid} */
export const phoneScan = actionRoute('scan', 'login.phone.scan');
/** 登录 — POST /login/phone/confirm {sid} */
export const phoneConfirm = actionRoute('confirm', 'login.phone.confirm');
/** 取消登录 — POST /login/phone/cancel {sid} */
export const phoneCancel = actionRoute('cancel', 'login.phone.cancel');
