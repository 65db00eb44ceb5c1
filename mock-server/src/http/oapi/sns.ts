/** 身份验证 (扫码登录, 旧版): the legacy QR code's user, by signature (docs/dingtalk/web-login.md). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { App } from '../../domain/apps/apps.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { openIdFor } from '../../domain/ids.ts';
import { str } from '../params.ts';
import { openRoute } from '../route.ts';

/** How far `timestamp` may be from the tenant clock: undocumented (U: ±1 h, like the robot's rule). */
export const SNS_TIMESTAMP_SKEW_MS = 3_600_000;

/** base64(HMAC-SHA256(key = appSecret, message = timestamp)) — before URL encoding (C[S8][S9][S10]). */
export function snsSignature(appSecret: string, timestamp: string): string {
  return createHmac('sha256', appSecret).update(timestamp, 'utf8').digest('base64');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkSignature(app: App, timestamp: string, signature: string, now: number): void {
  const ts = Number(timestamp);
  if (!/^\d{10,16}$/.test(timestamp) || !Number.isFinite(ts)) {
    throw new DingTalkError(
      'staleTimestamp',
      because(
        `timestamp "${timestamp}" 不是毫秒时间戳`,
        `timestamp "${timestamp}" is not milliseconds since the epoch`,
      ),
    );
  }
  const skew = ts - now;
  if (Math.abs(skew) > SNS_TIMESTAMP_SKEW_MS) {
    throw new DingTalkError(
      'staleTimestamp',
      because(
        `timestamp ${timestamp} 与租户时钟相差 ${Math.round(skew / 1000)} 秒，只允许 ±${SNS_TIMESTAMP_SKEW_MS / 1000} 秒（租户时钟被调过，或服务器时间不准？）`,
        `timestamp ${timestamp} is ${Math.round(skew / 1000)} s from the tenant clock; allowed ±${SNS_TIMESTAMP_SKEW_MS / 1000} s`,
      ),
    );
  }
  const expected = snsSignature(app.appSecret, timestamp);
  if (sameText(signature, expected)) return;
  // A '+' of the base64 sent without URL encoding arrives as a space: say so.
  const spaces = sameText(signature.replace(/ /g, '+'), expected);
  const hint = spaces ? " — the signature's '+' arrived as spaces: URL-encode the signature" : '';
  const hintZh = spaces ? '——签名中的 "+" 到达时变成了空格：请对签名做 URL 编码' : '';
  throw new DingTalkError(
    'invalidSignature',
    because(
      `签名不匹配：应为 base64(HMAC-SHA256(应用「${app.name}」的 AppSecret, timestamp))${hintZh}`,
      `signature does not match base64(HMAC-SHA256(appSecret of "${app.name}", timestamp))${hint}`,
    ),
  );
}

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
    const found = call.sandbox.findApp(accessKey);
    if (!found)
      throw new DingTalkError(
        'invalidAppCredentials',
        because(
          `没有 accessKey（AppKey）为 ${accessKey} 的应用`,
          `no app has the accessKey (AppKey) ${accessKey}`,
        ),
      );
    const { tenant, app } = found;
    call.state.tenant = tenant;
    call.state.app = app;
    const now = tenant.clock.now();
    checkSignature(app, timestamp, signature, now);
    const redeemed = tenant.authCodes.redeem(tmp_auth_code, { kind: 'sns', appKey: app.appKey }, now);
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
