/** 获取企业内部应用的access_token — GET https://oapi.dingtalk.com/gettoken (docs/dingtalk/tokens.md). */
import { assertIpAllowed, type App } from '../../domain/apps/apps.ts';
import { APP_TOKEN_TTL_SECONDS } from '../../domain/apps/app-tokens.ts';
import { authenticateApp } from '../../domain/apps/authenticate.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { openRoute, type Call } from '../route.ts';

export const gettoken = openRoute({
  id: 'oapi.gettoken',
  method: 'GET',
  path: '/gettoken',
  host: 'oapi',
  style: 'plain',
  handle(call: Call<Record<string, unknown>>) {
    // call.params is the query here: a GET has no body, and the route no schema.
    const q = call.params;
    const appkey = typeof q.appkey === 'string' ? q.appkey : undefined;
    const corpid = typeof q.corpid === 'string' ? q.corpid : undefined;
    if (!appkey && !corpid) {
      throw new DingTalkError(
        'missingTokenCredentials',
        because(
          'gettoken 的查询参数需要 appkey 和 appsecret（或旧的 corpid 和 corpsecret）',
          'gettoken needs appkey+appsecret (or the old corpid+corpsecret) in the query string',
        ),
        { param: 'appkey' },
      );
    }
    if (appkey) {
      // The gate has filed the call under the app appkey names (pipeline/caller.ts).
      const { tenant, app } = authenticateApp(call.sandbox, {
        key: appkey,
        secret: q.appsecret,
        ip: call.ip,
        names: { key: { zh: 'AppKey', en: 'AppKey' }, secret: 'appsecret' },
      });
      return issue(tenant, app);
    }
    // The old corp flow: corpid + corpsecret, where the secret is one of the corp's app secrets.
    // Attributed here: the gate files a call under an app field before corpid, and cannot know the app.
    const tenant = call.sandbox.getTenant(corpid!);
    if (tenant) call.state.tenant = tenant;
    const app = tenant?.listApps().find((a) => a.appSecret === q.corpsecret);
    if (!tenant || !app) {
      throw new DingTalkError(
        'invalidCorpCredentials',
        tenant
          ? because(
              `corpsecret 与组织 ${corpid} 的任何应用都不符`,
              `corpsecret matches no app of corp ${corpid}`,
            )
          : because(`没有 corpId 为 ${corpid} 的组织`, `no corp has the corpId ${corpid}`),
      );
    }
    call.state.app = app;
    assertIpAllowed(app, call.ip);
    return issue(tenant, app);
  },
});

function issue(tenant: Tenant, app: App) {
  const t = tenant.appTokens.issue(app.appKey, tenant.clock.now());
  return { access_token: t.token, expires_in: APP_TOKEN_TTL_SECONDS };
}
