/**
 * Admin API: a tenant's stubs (decision 0026, docs/stubs.md) — add (validated; a bad definition is a
 * 400 invalidStub naming the field), list with hit counts, remove one, remove all.
 */
import type Router from '@koa/router';
import { StubError } from '../../domain/stubs/stubs.ts';
import type { Stub } from '../../domain/stubs/stub.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { anyBody } from '../middleware/body.ts';
import { AdminError, requireTenant } from './errors.ts';

/** A stub as the API shows it: with the route id the journal and fault rules name it by. */
export const stubView = (s: Stub) => ({ ...s, route: `stub:${s.id}` });

export function registerStubRoutes(router: Router, sandbox: Sandbox): void {
  router.get('/api/tenants/:corpId/stubs', (ctx) => {
    ctx.body = { stubs: requireTenant(sandbox, ctx.params.corpId).stubs.list().map(stubView) };
  });

  router.post('/api/tenants/:corpId/stubs', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    try {
      ctx.body = stubView(t.stubs.add(anyBody(ctx)));
      ctx.status = 201;
    } catch (e) {
      if (e instanceof StubError) throw new AdminError(400, 'invalidStub', e.message);
      throw e;
    }
  });

  router.delete('/api/tenants/:corpId/stubs/:id', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    try {
      t.stubs.remove(ctx.params.id!);
    } catch (e) {
      if (e instanceof StubError) throw new AdminError(404, 'stubNotFound', e.message);
      throw e;
    }
    ctx.status = 204;
  });

  router.delete('/api/tenants/:corpId/stubs', (ctx) => {
    requireTenant(sandbox, ctx.params.corpId).stubs.clear();
    ctx.status = 204;
  });
}
