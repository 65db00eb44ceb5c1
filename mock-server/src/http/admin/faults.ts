/** Admin API: a tenant's fault rules — add (validated), list with hit counts and explanations, clear. */
import type Router from '@koa/router';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { FaultRuleError } from '../../faults/engine.ts';
import { explainRule, explainRuleZh } from '../../faults/explain.ts';
import { anyBody } from '../middleware/body.ts';
import type { RouteDef } from '../route.ts';
import { AdminError, requireTenant } from './errors.ts';

export function registerFaultRoutes(router: Router, sandbox: Sandbox, routes: readonly RouteDef[]): void {
  /** Every route id a fault rule (or a journal query) can name. */
  router.get('/api/routes', (ctx) => {
    ctx.body = {
      routes: routes.map((r) => ({
        id: r.id,
        host: r.host,
        method: r.method,
        path: r.path,
        scope: 'scope' in r ? (r.scope ?? null) : null,
      })),
    };
  });

  router.get('/api/tenants/:corpId/faults', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    ctx.body = {
      rules: t.faults
        .explain()
        .map(({ explanation, explanationZh, rule }) => ({ ...rule, explanation, explanationZh })),
    };
  });

  router.post('/api/tenants/:corpId/faults', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    try {
      const rule = t.faults.add(anyBody(ctx));
      ctx.status = 201;
      ctx.body = { ...rule, explanation: explainRule(rule), explanationZh: explainRuleZh(rule) };
    } catch (e) {
      if (e instanceof FaultRuleError) throw new AdminError(400, 'invalidFaultRule', e.message);
      throw e;
    }
  });

  router.delete('/api/tenants/:corpId/faults/:id', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    try {
      t.faults.remove(ctx.params.id!);
    } catch (e) {
      if (e instanceof FaultRuleError) throw new AdminError(404, 'faultRuleNotFound', e.message);
      throw e;
    }
    ctx.status = 204;
  });

  router.delete('/api/tenants/:corpId/faults', (ctx) => {
    requireTenant(sandbox, ctx.params.corpId).faults.clear();
    ctx.status = 204;
  });
}
