/** 身份验证(OAuth 2.0) on api.dingtalk.com: corp access tokens (docs/dingtalk/tokens.md). */
import * as z from 'zod';
import type { App } from '../../domain/apps/apps.ts';
import { APP_TOKEN_TTL_SECONDS } from '../../domain/apps/app-tokens.ts';
import { appsOf, authenticateApp } from '../../domain/apps/authenticate.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { str } from '../params.ts';
import { openRoute } from '../route.ts';

function issue(tenant: Tenant, app: App) {
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
    // The gate has filed the call under the app appKey names (pipeline/caller.ts).
    const { tenant, app } = authenticateApp(call.sandbox, {
      key: appKey,
      secret: appSecret,
      ip: call.ip,
      names: { key: { zh: 'Client ID（AppKey）', en: 'Client ID' }, secret: 'appSecret' },
    });
    const t = issue(tenant, app);
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
  // The corp in the path decides, and client_id names an app of that corp or none.
  locate(sandbox, raw, request) {
    const tenant = sandbox.getTenant(request.pathParams.corpId ?? '');
    const app = typeof raw.client_id === 'string' ? tenant?.getApp(raw.client_id) : undefined;
    return { tenant, app };
  },
  handle(call) {
    const corpId = String(call.request.pathParams.corpId ?? '');
    const tenant = call.sandbox.getTenant(corpId);
    if (!tenant) {
      throw new DingTalkError(
        'unknownCorp',
        because(`没有 corpId 为 ${corpId} 的组织`, `no corp has the corpId ${corpId}`),
      );
    }
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
    const { app } = authenticateApp(appsOf(tenant), {
      key: client_id,
      secret: client_secret,
      ip: call.ip,
      names: { key: { zh: 'client_id', en: 'client_id' }, secret: 'client_secret' },
    });
    const t = issue(tenant, app);
    return { access_token: t.token, expires_in: APP_TOKEN_TTL_SECONDS };
  },
});
