/** 身份验证(OAuth 2.0) on api.dingtalk.com: corp access tokens (docs/dingtalk/tokens.md). */
import * as z from 'zod';
import { assertIpAllowed, type App } from '../../domain/apps/apps.ts';
import { APP_TOKEN_TTL_SECONDS } from '../../domain/apps/app-tokens.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { str } from '../params.ts';
import { openRoute, type Call } from '../route.ts';

function issue(call: Call<unknown>, tenant: Tenant, app: App) {
  assertIpAllowed(app, call.ip);
  return tenant.appTokens.issue(app.appKey, tenant.clock.now());
}

/** 获取企业内部应用的accessToken — POST /v1.0/oauth2/accessToken {appKey, appSecret} */
export const accessToken = openRoute({
  id: 'api.oauth2.accessToken',
  method: 'POST',
  path: '/v1.0/oauth2/accessToken',
  host: 'api',
  params: z.object({ appKey: str(), appSecret: str() }),
  handle(call) {
    const { appKey, appSecret } = call.params;
    const found = call.sandbox.findApp(appKey);
    if (!found) {
      throw new DingTalkError(
        'invalidAppCredentials',
        because(`没有 Client ID（AppKey）为 ${appKey} 的应用`, `no app has the Client ID ${appKey}`),
      );
    }
    call.state.tenant = found.tenant;
    call.state.app = found.app;
    if (found.app.appSecret !== appSecret) {
      throw new DingTalkError(
        'invalidAppCredentials',
        because(
          `appSecret 与应用「${found.app.name}」（${appKey}）不符`,
          `the appSecret does not match app "${found.app.name}" (${appKey})`,
        ),
      );
    }
    const t = issue(call, found.tenant, found.app);
    return { accessToken: t.token, expireIn: APP_TOKEN_TTL_SECONDS };
  },
});

/** 获取access_token (OAuth2 client_credentials) — POST /v1.0/oauth2/{corpId}/token, snake_case body */
export const corpToken = openRoute({
  id: 'api.oauth2.corpToken',
  method: 'POST',
  path: '/v1.0/oauth2/:corpId/token',
  host: 'api',
  params: z.object({ client_id: str(), client_secret: str(), grant_type: str() }),
  handle(call) {
    const corpId = String(call.request.pathParams.corpId ?? '');
    const tenant = call.sandbox.getTenant(corpId);
    if (!tenant) {
      throw new DingTalkError(
        'unknownCorp',
        because(`没有 corpId 为 ${corpId} 的组织`, `no corp has the corpId ${corpId}`),
      );
    }
    call.state.tenant = tenant;
    const { client_id, client_secret, grant_type } = call.params;
    if (grant_type !== 'client_credentials') {
      throw new DingTalkError(
        'invalidParameter',
        because(
          `grant_type 须为 client_credentials，收到的是 "${grant_type}"`,
          `grant_type must be client_credentials, got "${grant_type}"`,
        ),
        { param: 'grant_type' },
      );
    }
    const app = tenant.getApp(client_id);
    if (!app)
      throw new DingTalkError(
        'invalidAppCredentials',
        because(
          `组织 ${corpId} 没有 client_id 为 ${client_id} 的应用`,
          `corp ${corpId} has no app with client_id ${client_id}`,
        ),
      );
    call.state.app = app;
    if (app.appSecret !== client_secret) {
      throw new DingTalkError(
        'invalidAppCredentials',
        because(
          `client_secret 与应用「${app.name}」（${client_id}）不符`,
          `the client_secret does not match app "${app.name}" (${client_id})`,
        ),
      );
    }
    const t = issue(call, tenant, app);
    return { access_token: t.token, expires_in: APP_TOKEN_TTL_SECONDS };
  },
});
