/**
 * Step "gate" of the pipeline, the same for every route of every DingTalk host: who is calling
 * (caller.ts: attributed to the call once), the fault rules of that tenant (faults.ts), the app's
 * IP allow-list and permission point (domain/apps), then the parameters against the route's schema.
 * Its answer is the handler's Call, or a fault rule's own answer; refusals are thrown DingTalkErrors.
 */
import { assertIpAllowed, hasScope, type App } from '../../domain/apps/apps.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { UserToken } from '../../domain/login/user-tokens.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { parseParams } from '../params.ts';
import type { AppCall, Call, CallState, RouteDef, RouteRequest, UserCall } from '../route.ts';
import { appTokenCaller, attribute, locateCaller, userTokenCaller } from './caller.ts';
import { applyFaults, type FaultAnswer } from './faults.ts';

/** One call through the gate: what the pipeline knows of it so far. */
export interface GateInput {
  sandbox: Sandbox;
  route: RouteDef;
  state: CallState;
  request: RouteRequest;
  ip: string;
  /** The route's parameters before validation (request.ts rawParams). */
  raw: Record<string, unknown>;
}

/** The handler's call, or the answer a fault rule gives instead. */
export async function passGate(g: GateInput): Promise<Call<unknown> | FaultAnswer> {
  const { sandbox, route, state, request, raw } = g;
  let tenant: Tenant | undefined;
  let app: App | undefined;
  let user: UserToken | undefined;
  if (route.auth === 'none') {
    const where = locateCaller(sandbox, route, raw, request);
    attribute(state, where);
    ({ tenant, app } = where);
  } else if (route.auth === 'appToken') {
    ({ tenant, app } = appTokenCaller(sandbox, state, request, raw));
  } else {
    ({ tenant, app, user } = userTokenCaller(sandbox, state, request));
  }
  const faulted = applyFaults(route, state, raw);
  const answer = faulted && (await faulted);
  if (answer) return answer;

  const call: Call<unknown> = {
    params: undefined,
    ip: g.ip,
    requestId: state.requestId,
    sandbox,
    request,
    state,
  };
  if (route.auth !== 'none') {
    admit(route, tenant!, app!, g.ip);
    Object.assign(call, { tenant, app, user });
  }
  call.params = route.params ? parseParams(route.params, raw) : raw;
  return call as Call<unknown> | AppCall<unknown> | UserCall<unknown>;
}

/** A token call's app: its IP allow-list, then the route's permission point (noted for 权限管理). */
function admit(route: Extract<RouteDef, { scope?: string }>, tenant: Tenant, app: App, ip: string): void {
  assertIpAllowed(app, ip);
  const { scope } = route;
  if (!scope) return;
  const granted = hasScope(app, scope);
  tenant.permissionUsage.record({
    appKey: app.appKey,
    scope,
    route: route.id,
    granted,
    at: tenant.clock.now(),
  });
  if (granted) return;
  throw new DingTalkError(
    'missingScope',
    because(
      `应用「${app.name}」（${app.appKey}）未开通 ${route.id} 所需的权限点 ${scope}`,
      `app "${app.name}" (${app.appKey}) has not been granted the permission point ${scope} needed by ${route.id}`,
    ),
    { scopes: [scope], appKey: app.appKey },
  );
}
