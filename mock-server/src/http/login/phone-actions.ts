/**
 * What a phone does with a QR session — scan as a user, 登录, 取消登录 — shared by the simulated
 * phone's page and the admin API (clients without a browser). Confirming checks X4: only active,
 * non-resigned users in the app's visible range may sign in (U wording, see login-rules.ts).
 */
import { loginRefusal } from '../../domain/login/login-rules.ts';
import type { PhoneResult } from '../../domain/login/qr-logins.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';

export type PhoneAction = 'scan' | 'confirm' | 'cancel';

export function phoneAction(tenant: Tenant, sid: string, action: PhoneAction, userid?: string): PhoneResult {
  const now = tenant.clock.now();
  const qr = tenant.qrLogins;
  if (action === 'scan') {
    const session = qr.get(sid);
    if (session && (!userid || !tenant.directory.getUser(userid))) {
      return {
        ok: false,
        status: qr.statusOf(session, now),
        reason: `cannot scan as "${userid ?? ''}": no such user in corp ${tenant.corpId}`,
        reasonZh: `无法以 "${userid ?? ''}" 扫码：组织 ${tenant.corpId} 中没有这个用户`,
      };
    }
    return qr.scan(sid, userid ?? '', now);
  }
  if (action === 'cancel') return qr.cancel(sid, now);
  const session = qr.get(sid);
  const app = session ? tenant.getApp(session.appKey) : undefined;
  const verdict =
    session && session.userid !== null
      ? app
        ? loginRefusal(app, session.userid, tenant.directory)
        : {
            error: 'app_not_found',
            message: '应用不存在',
            reason: `app ${session.appKey} was deleted after the QR code was shown`,
            reasonZh: `二维码显示之后，应用 ${session.appKey} 被删除了`,
          }
      : null;
  return qr.confirm(sid, now, verdict);
}
