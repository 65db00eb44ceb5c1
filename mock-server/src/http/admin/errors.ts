/** The admin API's own error shape ({error: {code, message}} with an HTTP status) and lookups. */
import type { Sandbox } from '../../domain/sandbox.ts';
import type { Tenant } from '../../domain/tenant.ts';

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
