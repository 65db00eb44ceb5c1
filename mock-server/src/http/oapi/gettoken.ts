/** 获取企业内部应用的access_token — GET https://oapi.dingtalk.com/gettoken (docs/dingtalk/tokens.md). */
import { assertIpAllowed } from '../../domain/apps/apps.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { APP_TOKEN_TTL_SECONDS } from '../../domain/apps/app-tokens.ts';
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
      const found = call.sandbox.findApp(appkey);
      if (found) {
        call.state.tenant = found.tenant;
        call.state.app = found.app;
      }
      if (!found)
        throw new DingTalkError(
          'invalidAppCredentials',
          because(`没有 AppKey 为 ${appkey} 的应用`, `no app has the AppKey ${appkey}`),
        );
      if (typeof q.appsecret !== 'string' || q.appsecret !== found.app.appSecret) {
        throw new DingTalkError(
          'invalidAppCredentials',
          because(
            `appsecret 与应用「${found.app.name}」（${appkey}）不符${q.appsecret ? '' : '：缺少 appsecret'}`,
            `the appsecret does not match app "${found.app.name}" (${appkey})${q.appsecret ? '' : ': appsecret is missing'}`,
          ),
        );
      }
      return issue(call, found.tenant, found.app);
    }
    // The old corp flow: corpid + corpsecret, where the secret is one of the corp's app secrets.
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
    return issue(call, tenant, app);
  },
});

function issue(
  call: Call<unknown>,
  tenant: NonNullable<Call<unknown>['state']['tenant']>,
  app: NonNullable<Call<unknown>['state']['app']>,
) {
  assertIpAllowed(app, call.ip);
  const t = tenant.appTokens.issue(app.appKey, tenant.clock.now());
  return { access_token: t.token, expires_in: APP_TOKEN_TTL_SECONDS };
}
