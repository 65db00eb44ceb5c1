/**
 * Which stub answers a call the route table does not know, across the sandbox's tenants. Stubs belong
 * to a tenant. The caller's tenant (from its token or the credentials it names) is asked first; then
 * open stubs (requireToken false) of the other tenants, in the sandbox's order; a caller nobody knows
 * may also reach a token stub, whose gate then refuses the missing or invalid token as a route would.
 * A token stub of another tenant never answers a caller known to be of a different tenant.
 */
import type { Tenant } from '../tenancy/tenant.ts';
import type { Stub } from './stub.ts';
import { commonPrefix, literalPrefix } from './match.ts';
import type { StubCallFacts, StubFit } from './stubs.ts';

export interface Chosen {
  tenant: Tenant;
  stub: Stub;
}

export function chooseStub(
  tenants: readonly Tenant[],
  call: StubCallFacts,
  caller?: Tenant,
): Chosen | undefined {
  if (caller) {
    const own = caller.stubs.find(call);
    if (own) return { tenant: caller, stub: own };
  }
  const others = tenants.filter((t) => t !== caller && t.stubs.size > 0);
  for (const tenant of others) {
    const stub = tenant.stubs.find(call);
    if (stub && !stub.requireToken) return { tenant, stub };
  }
  if (caller) return undefined;
  for (const tenant of others) {
    const stub = tenant.stubs.find(call);
    if (stub) return { tenant, stub };
  }
  return undefined;
}

const WHY: Record<StubFit, [zh: string, en: string]> = {
  match: ['只属于组织', 'only for corp'],
  path: ['路径不同', 'path differs'],
  method: ['方法不同', 'method differs'],
  query: ['查询参数不同', 'query differs'],
  body: ['请求体不同', 'body differs'],
};

/**
 * The stubs of the call's host, nearest first (method, query and body fit before a path that differs;
 * then the longest common start), with why each did not answer: `s2 POST /topapi/x (body differs)`.
 */
export function nearestStubs(
  tenants: readonly Tenant[],
  call: StubCallFacts,
  limit = 5,
): { zh: string; en: string }[] {
  const rank: Record<StubFit, number> = { match: 0, body: 1, query: 2, method: 3, path: 4 };
  return tenants
    .flatMap((tenant) => tenant.stubs.fits(call).map((f) => ({ ...f, tenant })))
    .map((f) => ({ ...f, near: commonPrefix(literalPrefix(f.stub.path), call.path) }))
    .sort((a, b) => rank[a.fit] - rank[b.fit] || b.near - a.near)
    .slice(0, limit)
    .map(({ stub, fit, tenant }) => {
      const [zh, en] = WHY[fit];
      const what = `${stub.id} ${stub.method} ${stub.path}`;
      return fit === 'match'
        ? { zh: `${what}（${zh} ${tenant.corpId}）`, en: `${what} (${en} ${tenant.corpId})` }
        : { zh: `${what}（${zh}）`, en: `${what} (${en})` };
    });
}
