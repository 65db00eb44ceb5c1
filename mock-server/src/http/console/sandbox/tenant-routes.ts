/**
 * Console routes for organisations (tenants) and the scenario catalogue. Tenants are created, reset
 * and saved through the admin API's own operations (../../admin/tenant-ops.ts).
 */
import type Router from '@koa/router';
import { SCENARIOS } from '../../../scenarios/catalogue.ts';
import { AdminError } from '../../admin/errors.ts';
import { createTenantBody, snapshotBody } from '../../admin/tenant-ops.ts';
import { parseBody } from '../../admin/validation.ts';
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
import { ownOrigin } from '../guard.ts';
import { paths } from '../paths.ts';
import { ScenariosPage } from './scenarios.tsx';
import { TenantHomePage, TenantsPage } from './tenants.tsx';

export function registerTenantPages(router: Router, c: ConsoleContext): void {
  const ops = c.tenants;

  page(router, c, '/tenants', (ctx) => {
    const def = c.sandbox.defaultTenant;
    render(
      c,
      ctx,
      { title: '组织', corp: def, section: 'tenants' },
      TenantsPage({
        tenants: c.sandbox.listTenants(),
        defaultCorpId: c.sandbox.defaultCorpId,
        snapshots: [...ops.snapshots.keys()],
        form: (n, v) => formValue(ctx, n, v),
      }),
    );
  });

  form(router, c, '/tenants', (ctx, b) => {
    const name = b.name?.trim() || undefined;
    const body =
      b.source === 'snapshot'
        ? { name, snapshot: b.snapshot ?? '' }
        : b.source === 'generate'
          ? { name, users: numberField(b.users), seed: numberField(b.seed) }
          : { name };
    const t = ops.create(parseBody(createTenantBody, body));
    flashNext(c, ctx, { kind: 'ok', text: `组织「${t.name}」已创建 (tenant ${t.corpId} created)` });
    return paths.apps(t.corpId);
  });

  form(router, c, '/tenants/snapshots', (ctx, b) => {
    const body = parseBody(snapshotBody, { name: b.name?.trim() ?? '', corpId: b.corpId ?? '' });
    const t = c.sandbox.getTenant(body.corpId);
    if (!t) throw new AdminError(404, 'tenantNotFound', `no tenant ${body.corpId}`);
    ops.saveSnapshot(body.name, t);
    flashNext(c, ctx, { kind: 'ok', text: `快照「${body.name}」已保存 (snapshot saved)` });
    return paths.tenants;
  });

  form(router, c, '/tenants/:corpId/reset', (ctx) => {
    const t = ops.reset(tenantOr404(c, ctx));
    flashNext(c, ctx, { kind: 'ok', text: `组织「${t.name}」已重置 (tenant reset)` });
    return paths.tenants;
  });

  form(router, c, '/tenants/:corpId/delete', (ctx) => {
    const t = tenantOr404(c, ctx);
    ops.remove(t);
    flashNext(c, ctx, { kind: 'ok', text: `组织「${t.name}」已删除 (tenant deleted)` });
    return paths.tenants;
  });

  page(router, c, '/tenants/:corpId', (ctx) => {
    const t = tenantOr404(c, ctx);
    render(
      c,
      ctx,
      { title: t.name, corp: t, section: 'home' },
      TenantHomePage({ tenant: t, baseUrl: ownOrigin(ctx) }),
    );
  });

  page(router, c, '/scenarios', (ctx) => {
    const def = c.sandbox.defaultTenant;
    render(
      c,
      ctx,
      { title: '场景', corp: def, section: 'scenarios' },
      ScenariosPage({ scenarios: SCENARIOS }),
    );
  });
}
