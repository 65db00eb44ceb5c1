/** 身份验证(OAuth 2.0) on api.dingtalk.com: user access tokens of the web login (docs/dingtalk/web-login.md). */
import * as z from 'zod';
import { authenticateApp } from '../../domain/apps/authenticate.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { USER_TOKEN_TTL_SECONDS, type UserToken } from '../../domain/login/user-tokens.ts';
import { str } from '../params.ts';
import { openRoute } from '../route.ts';

const body = z.object({
  clientId: str(),
  clientSecret: str(),
  grantType: z.enum(['authorization_code', 'refresh_token']),
  code: str().optional(),
  refreshToken: str().optional(),
});

/**
 * 获取用户token — POST /v1.0/oauth2/userAccessToken {clientId, clientSecret, code | refreshToken, grantType}.
 * Takes the `oauth` codes of the web login and of dd.requestAuthCode alike (one kind, one store).
 */
export const userAccessToken = openRoute({
  id: 'api.oauth2.userAccessToken',
  method: 'POST',
  path: '/v1.0/oauth2/userAccessToken',
  host: 'api',
  params: body,
  handle(call) {
    const { clientId, clientSecret, grantType } = call.params;
    // The gate has filed the call under the app clientId names (pipeline/caller.ts).
    const { tenant, app } = authenticateApp(call.sandbox, {
      key: clientId,
      secret: clientSecret,
      ip: call.ip,
      names: { key: { zh: 'Client ID（AppKey）', en: 'Client ID' }, secret: 'clientSecret' },
    });
    const now = tenant.clock.now();
    let token: UserToken;
    if (grantType === 'authorization_code') {
      const code = call.params.code;
      if (code === undefined) {
        throw new DingTalkError(
          'missingParameter',
          because('grantType 为 authorization_code 时须传 code', 'grantType authorization_code needs "code"'),
          {
            param: 'code',
          },
        );
      }
      const redeemed = tenant.authCodes.redeem(code, { kind: 'oauth', appKey: app.appKey }, now);
      if (!redeemed.ok) {
        throw new DingTalkError('authCodeNotFound', because(redeemed.reasonZh, redeemed.reason));
      }
      call.state.userid = redeemed.code.userid;
      token = tenant.userTokens.issue(
        { appKey: app.appKey, userid: redeemed.code.userid, scopes: redeemed.code.scopes },
        now,
      );
    } else {
      const refreshToken = call.params.refreshToken;
      if (refreshToken === undefined) {
        throw new DingTalkError(
          'missingParameter',
          because(
            'grantType 为 refresh_token 时须传 refreshToken',
            'grantType refresh_token needs "refreshToken"',
          ),
          {
            param: 'refreshToken',
          },
        );
      }
      const refreshed = tenant.userTokens.refresh(refreshToken, app.appKey, now);
      if (!refreshed.ok) {
        throw new DingTalkError('invalidRefreshToken', because(refreshed.reasonZh, refreshed.reason));
      }
      token = refreshed.token;
      call.state.userid = token.userid;
    }
    return {
      accessToken: token.token,
      refreshToken: token.refreshToken,
      expireIn: USER_TOKEN_TTL_SECONDS,
      // corpId only when the login asked for it: scope "openid corpid" (C[S4]).
      ...(token.scopes.includes('corpid') ? { corpId: tenant.corpId } : {}),
    };
  },
});
