/**
 * The simulated phone's pages (what the QR code opens): pick the DingTalk user holding the phone,
 * 扫码, then 登录 or 取消登录. Each action is a login-host call, so it is journaled in the tenant.
 * The steps and their refusals are the web-login machine's (domain/login/web-login/phone.ts).
 */
import type { User } from '../../domain/directory/directory.ts';
import {
  findQrLogin,
  phoneCandidates,
  phoneOpenedNoSession,
  phoneStep,
  type PhoneAction,
} from '../../domain/login/web-login/index.ts';
import { pageRoute, type Call, type PageResult } from '../route.ts';
import { text } from './checks.ts';
import { byScan, bySid, journalRefusal } from './steps.ts';
import { sandboxNoticePage } from './views/errors.tsx';
import { phonePage, type PhoneUser } from './views/phone.tsx';

type Params = Record<string, unknown>;

/** Users listed on the phone at most (search narrows large tenants). */
const PICK_LIMIT = 200;

function phoneUser(u: User, note: string): PhoneUser {
  return { userid: u.userid, name: u.name, title: u.title, note };
}

function notFound(call: Call<Params>, sid: string): PageResult {
  journalRefusal(call, phoneOpenedNoSession(sid));
  return { html: sandboxNoticePage('二维码已失效', '找不到该二维码对应的登录，请在电脑上刷新二维码') };
}

/** 扫码后的手机页 — GET /login/phone?sid=&q= */
export const phoneView = pageRoute({
  id: 'login.phone',
  method: 'GET',
  path: '/login/phone',
  host: 'login',
  locate: bySid,
  handle(call: Call<Params>) {
    const sid = text(call.params, 'sid');
    const found = findQrLogin(call.sandbox, sid);
    if (!found) return notFound(call, sid);
    const { tenant, session: s } = found;
    const app = tenant.getApp(s.appKey);
    const status = tenant.qrLogins.statusOf(s, tenant.clock.now());
    const q = text(call.params, 'q');
    const user = s.userid ? tenant.directory.getUser(s.userid) : undefined;
    const users =
      status === 'waiting'
        ? phoneCandidates(tenant, s.appKey, q, PICK_LIMIT).map((c) => phoneUser(c.user, c.note))
        : [];
    return {
      html: phonePage({
        sid: s.sid,
        status,
        appName: app?.name ?? s.appKey,
        user: user ? phoneUser(user, '') : null,
        users,
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
    locate: action === 'scan' ? byScan : bySid,
    handle(call: Call<Params>) {
      const sid = text(call.params, 'sid');
      const found = findQrLogin(call.sandbox, sid);
      if (!found) return notFound(call, sid);
      const userid = action === 'scan' ? text(call.params, 'userid') : undefined;
      const result = phoneStep(found.tenant, sid, action, userid);
      if (!result.ok) journalRefusal(call, result.refusal);
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
