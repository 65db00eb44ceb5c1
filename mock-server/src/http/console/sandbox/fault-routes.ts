/**
 * Console routes for fault rules. The form becomes a rule input and goes to the tenant's engine,
 * which validates it exactly as it does for the admin API (unknown route or action → the valid list).
 */
import type Router from '@koa/router';
import { FaultRuleError } from '../../../faults/engine.ts';
import { AdminError } from '../../admin/errors.ts';
import {
  flashNext,
  form,
  formValue,
  numberField,
  page,
  render,
  tenantOr404,
  type ConsoleContext,
} from '../http.ts';
import { paths } from '../paths.ts';
import { FaultsPage } from './faults.tsx';

/** The rule input a submitted form stands for (only the fields of the chosen action). */
export function ruleFromForm(b: Record<string, string>): Record<string, unknown> {
  const match: Record<string, string> = {};
  for (const k of ['route', 'host', 'appKey', 'userid'] as const) if (b[k]?.trim()) match[k] = b[k].trim();
  const type = b.action ?? '';
  const action: Record<string, unknown> = { type };
  if (type === 'error') action.kind = b.kind;
  if (type === 'missingScope') action.scope = b.scope?.trim();
  if (type === 'status') {
    action.status = numberField(b.status);
    action.body = b.body ?? '';
  }
  if (type === 'delay' || type === 'timeout') action.ms = numberField(b.ms);
  if (type === 'disconnect') {
    action.drop = b.drop === '1';
    if (b.reason?.trim()) action.reason = b.reason.trim();
  }
  const rule: Record<string, unknown> = {
    match,
    action,
    times: b.times === 'n' ? numberField(b.timesN) : (b.times ?? 'once'),
  };
  if (b.probability?.trim()) rule.probability = Number(b.probability);
  if (b.seed?.trim()) rule.seed = Number(b.seed);
  if (b.description?.trim()) rule.description = b.description.trim();
  return rule;
}

const engineError = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FaultRuleError)
      throw new AdminError(400, 'invalidFaultRule', `规则无效 (invalid rule): ${e.message}`);
    throw e;
  }
};

export function registerFaultPages(router: Router, c: ConsoleContext): void {
  page(router, c, '/tenants/:corpId/faults', (ctx) => {
    const t = tenantOr404(c, ctx);
    render(
      c,
      ctx,
      { title: '故障规则', corp: t, section: 'faults' },
      FaultsPage({
        corpId: t.corpId,
        rules: t.faults.explain(),
        routes: c.routes.map((r) => ({ id: r.id, host: r.host, method: r.method, path: r.path })),
        apps: t.listApps().map((a) => ({ appKey: a.appKey, name: a.name })),
        form: (n, v) => formValue(ctx, n, v),
      }),
    );
  });

  form(router, c, '/tenants/:corpId/faults', (ctx, b) => {
    const t = tenantOr404(c, ctx);
    const rule = engineError(() => t.faults.add(ruleFromForm(b)));
    flashNext(c, ctx, { kind: 'ok', text: `已添加规则 ${rule.id}` });
    return paths.faults(t.corpId);
  });

  form(router, c, '/tenants/:corpId/faults/clear', (ctx) => {
    const t = tenantOr404(c, ctx);
    t.faults.clear();
    flashNext(c, ctx, { kind: 'ok', text: '已清除全部规则 (all rules cleared)' });
    return paths.faults(t.corpId);
  });

  form(router, c, '/tenants/:corpId/faults/:id/delete', (ctx) => {
    const t = tenantOr404(c, ctx);
    const id = String(ctx.params.id);
    engineError(() => t.faults.remove(id));
    flashNext(c, ctx, { kind: 'ok', text: `已删除规则 ${id}` });
    return paths.faults(t.corpId);
  });
}
