/**
 * Step "route" when no route answers `METHOD path`: a tenant's stub (domain/stubs), as a route of its
 * own (`stub:<id>`) that takes the rest of the pipeline like any other — the gate (its token, IP
 * allow-list and permission point; fault rules naming `stub:<id>`), the journal — and answers its
 * JSON in the host's envelope (decision 0026). Real routes win: this runs only after the route table
 * found none. With no stub either, the unknown-path refusal lists the host's stubs, nearest first.
 */
import { because, DingTalkError } from '../../domain/errors.ts';
import { chooseStub, nearestStubs } from '../../domain/stubs/choose.ts';
import type { Stub } from '../../domain/stubs/stub.ts';
import type { StubCallFacts } from '../../domain/stubs/stubs.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { bodyFields } from '../middleware/body.ts';
import type { Host, RouteDef, RouteRequest } from '../route.ts';
import { byCredentials } from './caller.ts';
import type { Matched } from './routing.ts';
import { writeJson } from './answer.ts';
import type { Exchange } from './exchange.ts';

/** What a stub's handler returns: the pipeline writes it (writeStubAnswer), not the success envelope. */
export class StubAnswer {
  constructor(
    readonly stub: Stub,
    readonly corpId: string,
  ) {}
}

/** The stub answering this call, as a route; or `miss` (the route table's refusal) naming the stubs. */
export function stubRoute(sandbox: Sandbox, x: Exchange, host: Host, miss: DingTalkError): Matched {
  const facts: StubCallFacts = { host, method: x.method, path: x.path, query: x.query(), body: x.body };
  const tenants = sandbox.listTenants();
  const chosen = chooseStub(tenants, facts, callerTenant(sandbox, x, facts));
  if (!chosen) throw withStubs(miss, nearestStubs(tenants, facts));
  return { route: asRoute(chosen.tenant, chosen.stub), pathParams: {} };
}

/** The tenant the call's token (valid or expired) or credentials belong to, if any. */
function callerTenant(sandbox: Sandbox, x: Exchange, facts: StubCallFacts): Tenant | undefined {
  const fields = { ...facts.query, ...bodyFields(facts.body) };
  const token = facts.host === 'api' ? x.header('x-acs-dingtalk-access-token') : fields.access_token;
  if (typeof token === 'string' && token !== '') {
    const found = sandbox.lookupAppToken(token);
    if (found.status !== 'unknown') return found.tenant;
  }
  return byCredentials(sandbox, fields, { pathParams: {} } as RouteRequest).tenant;
}

function asRoute(tenant: Tenant, stub: Stub): RouteDef {
  const handle = (): StubAnswer => {
    tenant.stubs.hit(stub.id);
    return new StubAnswer(stub, tenant.corpId);
  };
  // Stubs take any method; the route type names the two DingTalk's routes use.
  const base = { id: `stub:${stub.id}`, method: stub.method as 'POST', path: stub.path, host: stub.host };
  if (stub.requireToken) return { ...base, auth: 'appToken', scope: stub.scope, noBody: true, handle };
  return {
    ...base,
    auth: 'none',
    noBody: true,
    // Filed under the stub's tenant, with the app the call names when it is one of that tenant's.
    locate: (sb, raw, request) => {
      const where = byCredentials(sb, raw, request);
      return where.tenant === tenant ? where : { tenant };
    },
    handle,
  };
}

function withStubs(miss: DingTalkError, near: { zh: string; en: string }[]): DingTalkError {
  const zh = near.length > 0 ? near.map((n) => n.zh).join(' | ') : '无';
  const en = near.length > 0 ? near.map((n) => n.en).join(' | ') : 'none';
  return new DingTalkError(
    miss.kind,
    because(`${miss.reasonZh}；桩：${zh}`, `${miss.reason}; stubs: ${en}`),
    miss.details,
  );
}

/**
 * The stub's status and JSON: on oapi (unless raw) with errcode 0 / errmsg "ok" added where the body
 * does not set them (and request_id on topapi paths, as the routes answer). An answer that is an error
 * (status ≥ 400, or a non-zero errcode) is journaled as a refusal by the stub.
 */
export function writeStubAnswer(x: Exchange, answer: StubAnswer): void {
  const { state } = x;
  const { stub } = answer;
  const { status, raw } = stub.response;
  let body = stub.response.body;
  if (stub.host === 'oapi' && !raw) {
    const fields = body as Record<string, unknown>;
    body = { errcode: 0, errmsg: 'ok', ...fields };
    if (state.legacyStyle === 'topapi') (body as Record<string, unknown>).request_id ??= state.requestId;
  }
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const code =
    typeof b.errcode === 'number' && b.errcode !== 0
      ? String(b.errcode)
      : status >= 400
        ? typeof b.code === 'string'
          ? b.code
          : String(status)
        : undefined;
  if (code !== undefined) {
    state.refusal = {
      code,
      reason: `stub ${stub.id} of ${answer.corpId} answered ${status} ${code}`,
      reasonZh: `桩 ${stub.id}（组织 ${answer.corpId}）返回 ${status} ${code}`,
    };
  }
  writeJson(x.res, state, status, body);
}
