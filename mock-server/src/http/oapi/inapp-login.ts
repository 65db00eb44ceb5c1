/**
 * 免登 (in-app password-free login) on the legacy host: the back end exchanges the code from
 * `dd.runtime.permission.requestAuthCode` for the user's identity (docs/dingtalk/in-app-login.md).
 * Codes are 5 minutes, single use, bound to corp and app (C[S3]); every refusal is 40078
 * 不存在的临时授权码 (C[S11]), with the exact cause in the journal (E5).
 */
import * as z from 'zod';
import type { AuthCode } from '../../domain/login/auth-codes.ts';
import { deviceId } from '../../domain/in-app/client-harmless.ts';
import { userBarred } from '../../domain/in-app/client-native.ts';
import type { User } from '../../domain/directory/directory.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { str } from '../params.ts';
import { tokenRoute, type AppCall } from '../route.ts';

/** sys_level: 1 主管理员, 2 子管理员, 100 老板, 0 其他 (C[S9]); the sandbox has no 子管理员. */
function sysLevel(u: User): number {
  return u.admin ? 1 : u.boss ? 100 : 0;
}

/** Redeem an in-app code for the calling app, or throw 40078 with the precise cause. */
function redeemInApp(call: AppCall<{ code: string }>): { code: AuthCode; user: User } {
  const { tenant, app } = call;
  // Kept server-side so the console's journal can replay this exchange with the same code (E5).
  tenant.authCodes.noteExchange(call.state.requestId, call.params.code);
  const result = tenant.authCodes.redeem(
    call.params.code,
    { kind: 'inapp', appKey: app.appKey },
    tenant.clock.now(),
  );
  if (!result.ok) {
    let reason = because(result.reasonZh, result.reason);
    if (result.cause === 'unknown') {
      const owner = call.sandbox
        .listTenants()
        .find((t) => t !== tenant && t.authCodes.peek(call.params.code));
      if (owner)
        reason = because(
          `免登码由另一个组织（${owner.corpId}）发放，不是 ${tenant.corpId}`,
          `code was issued by another corp (${owner.corpId}), not ${tenant.corpId}`,
        );
    }
    throw new DingTalkError('authCodeNotFound', because(reason.zh, `${result.cause}: ${reason.en}`), {
      appKey: app.appKey,
    });
  }
  const user = tenant.directory.getUser(result.code.userid);
  call.state.userid = result.code.userid;
  // The person may have left, or the visible range shrunk, in the minutes since the code was issued (U).
  if (!user || user.resigned) {
    throw new DingTalkError(
      'userNotFound',
      because(
        `用户 "${result.code.userid}" 在免登码发放后已离职`,
        `user "${result.code.userid}" left the company after the code was issued`,
      ),
    );
  }
  const barred = userBarred(app, user, tenant);
  if (barred)
    throw new DingTalkError(
      'userOutOfRange',
      because(`${barred.reasonZh}（免登码发放之后）`, `${barred.reason} (since the code was issued)`),
      {
        appKey: app.appKey,
      },
    );
  return { code: result.code, user };
}

/** 通过免登码获取用户信息 — POST /topapi/v2/user/getuserinfo {code} */
export const getUserInfoV2 = tokenRoute({
  id: 'oapi.v2.user.getuserinfo',
  method: 'POST',
  path: '/topapi/v2/user/getuserinfo',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ code: str() }),
  handle(call) {
    const { user } = redeemInApp(call);
    return {
      result: {
        userid: user.userid,
        device_id: deviceId(call.tenant.corpId, user.userid),
        sys: user.admin,
        sys_level: sysLevel(user),
        associated_unionid: '',
        unionid: user.unionid,
        name: user.name,
      },
    };
  },
});

/** 通过CODE换取用户身份 (旧版) — GET /user/getuserinfo?access_token=&code= */
export const getUserInfoLegacy = tokenRoute({
  id: 'oapi.user.getuserinfo',
  method: 'GET',
  path: '/user/getuserinfo',
  host: 'oapi',
  style: 'plain',
  params: z.object({ code: str() }),
  handle(call) {
    const { user } = redeemInApp(call);
    return {
      userid: user.userid,
      deviceId: deviceId(call.tenant.corpId, user.userid),
      is_sys: user.admin,
      sys_level: sysLevel(user),
    };
  },
});
