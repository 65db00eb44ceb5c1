/** 身份验证 (扫码登录, 旧版): the person behind a login code, by signature (docs/dingtalk/web-login.md). */
import * as z from 'zod';
import type { AuthCodeKind } from '../../domain/login/auth-codes.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { openIdFor } from '../../domain/ids.ts';
import { checkSnsSignature } from '../../domain/signatures/sns.ts';
import { str } from '../params.ts';
import { openRoute } from '../route.ts';

/**
 * The codes this endpoint trades for the person, as long as they were issued to the signing app: the
 * legacy QR login's tmp_auth_code, 免登 codes of dd.getAuthCode (C: the API's page), and the new web
 * login's authCode (O: JumpServer sends it here).
 */
const SNS_CODE_KINDS: readonly AuthCodeKind[] = ['sns', 'inapp', 'oauth'];

/** 根据sns临时授权码获取用户信息 — POST /sns/getuserinfo_bycode?accessKey=&timestamp=&signature= {tmp_auth_code} */
export const snsGetUserInfoByCode = openRoute({
  id: 'oapi.sns.getuserinfo_bycode',
  method: 'POST',
  path: '/sns/getuserinfo_bycode',
  host: 'oapi',
  style: 'plain',
  params: z.object({ accessKey: str(), timestamp: str(), signature: str(), tmp_auth_code: str() }),
  handle(call) {
    const { accessKey, timestamp, signature, tmp_auth_code } = call.params;
    // The app proves itself by signature, not secret; the gate has filed the call under it (pipeline/caller.ts).
    const found = call.sandbox.findApp(accessKey);
    if (!found) {
      throw new DingTalkError(
        'unknownAccessKey',
        because(
          `没有 accessKey（AppKey）为 ${accessKey} 的应用`,
          `no app has the accessKey (AppKey) ${accessKey}`,
        ),
      );
    }
    const { tenant, app } = found;
    const now = tenant.clock.now();
    checkSnsSignature(app, { timestamp, signature }, now);
    const redeemed = tenant.authCodes.redeem(
      tmp_auth_code,
      { kind: SNS_CODE_KINDS, appKey: app.appKey },
      now,
    );
    if (!redeemed.ok) {
      throw new DingTalkError('authCodeNotFound', because(redeemed.reasonZh, redeemed.reason));
    }
    call.state.userid = redeemed.code.userid;
    const user = tenant.directory.getUser(redeemed.code.userid);
    if (!user)
      throw new DingTalkError(
        'authCodeNotFound',
        because(
          `授权码对应的用户 ${redeemed.code.userid} 已不存在`,
          `the code's user ${redeemed.code.userid} no longer exists`,
        ),
      );
    return {
      user_info: {
        nick: user.name,
        unionid: user.unionid,
        openid: openIdFor(app.appKey, user.unionid),
        main_org_auth_high_level: false,
      },
    };
  },
});
