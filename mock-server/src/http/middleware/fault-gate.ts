/**
 * Where fault rules meet traffic: after the caller is known (tenant, app), before the handler.
 * The rule's action is applied here; DingTalk errors still go through the one catalogue.
 */
import type { Context } from 'koa';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { explainRule } from '../../faults/explain.ts';
import type { FaultRule } from '../../faults/rule.ts';
import type { CallState, RouteDef } from '../route.ts';

/** Credentials that name an app before any handler runs (open routes: tokens, logins). */
const APP_FIELDS = ['appkey', 'appKey', 'clientId', 'client_id', 'accessKey', 'appid', 'robotCode'] as const;

/** Find the tenant (and app) of a call whose route does not authenticate by token. */
export function locate(
  sandbox: Sandbox,
  raw: Record<string, unknown>,
  pathParams: Record<string, string> | undefined,
): { tenant?: Tenant; appKey?: string } {
  for (const f of APP_FIELDS) {
    const v = raw[f];
    if (typeof v === 'string' && v) {
      const found = sandbox.findApp(v);
      if (found) return { tenant: found.tenant, appKey: v };
    }
  }
  const corpId = pathParams?.corpId ?? raw.corpid;
  if (typeof corpId === 'string') {
    const tenant = sandbox.getTenant(corpId);
    if (tenant) return { tenant };
  }
  return {};
}

/**
 * Applies the first matching rule. Resolves to true when the response is settled (skip the handler);
 * false, synchronously, when no rule matches (most calls: no promise to wait for).
 */
export function applyFaults(
  ctx: Context,
  route: RouteDef,
  state: CallState,
  tenant: Tenant | undefined,
  appKey: string | undefined,
  raw: Record<string, unknown>,
): false | Promise<boolean> {
  if (!tenant) return false;
  const rule = tenant.faults.fire({
    host: route.host,
    route: route.id,
    appKey,
    userid: state.userid,
    fields: raw,
  });
  if (!rule) return false;
  state.tenant ??= tenant;
  state.fault = { ruleId: rule.id, explanation: explainRule(rule) };
  return act(ctx, rule);
}

async function act(ctx: Context, rule: FaultRule): Promise<boolean> {
  const why = `fault rule ${rule.id}`;
  const a = rule.action;
  switch (a.type) {
    case 'error':
      throw new DingTalkError(
        a.kind,
        because(`故障规则 ${rule.id} 强制返回钉钉错误 ${a.kind}`, `${why}: forced DingTalk error ${a.kind}`),
      );
    case 'missingScope':
      throw new DingTalkError(
        'missingScope',
        because(
          `故障规则 ${rule.id} 强制返回缺少权限点 ${a.scope}`,
          `${why}: forced missing permission ${a.scope}`,
        ),
        {
          scopes: [a.scope],
        },
      );
    case 'rateLimit':
      throw new DingTalkError(
        'rateLimited',
        because(`故障规则 ${rule.id} 强制返回限流错误`, `${why}: forced rate limit`),
      );
    case 'status':
      ctx.status = a.status;
      ctx.type = a.contentType;
      ctx.body = a.body;
      return true;
    case 'malformed':
      ctx.status = 200;
      ctx.type = 'application/json';
      ctx.body = '{"errcode":0,"errmsg":"ok","result":{"userid":';
      return true;
    case 'delay':
      await sleep(a.ms);
      return false;
    case 'timeout':
      await Promise.race([sleep(a.ms), onceClosed(ctx)]);
      ctx.req.socket?.destroy();
      ctx.respond = false;
      return true;
    case 'reset':
      ctx.req.socket?.destroy();
      ctx.respond = false;
      return true;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

function onceClosed(ctx: Context): Promise<void> {
  return new Promise((resolve) => ctx.req.once('close', () => resolve()));
}
