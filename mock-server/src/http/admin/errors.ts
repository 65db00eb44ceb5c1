/** Admin API errors: JSON `{error: {code, message}}` with a 4xx status (not DingTalk's envelope). */
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function requireTenant(sandbox: Sandbox, corpId: string | undefined): Tenant {
  const t = corpId === undefined ? undefined : sandbox.getTenant(corpId);
  if (!t) throw new AdminError(404, 'tenantNotFound', `no tenant with corpId ${corpId}`);
  return t;
}
