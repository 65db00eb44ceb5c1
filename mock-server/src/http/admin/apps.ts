/**
 * Admin API: apps as the developer console configures them (S1, S3) — create, read, update
 * (web app, home URLs, redirect URLs, IP allow-list, visible range), reset the secret, grant and
 * revoke permission points, delete — and the minimal-permission report.
 */
import type Router from '@koa/router';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { anyBody } from '../middleware/body.ts';
import {
  applyAppUpdate,
  createAppBody,
  createAppIn,
  deleteApp,
  grantScope,
  requireApp,
  resetAppSecret,
  revokeScope,
  scopeBody,
  updateAppBody,
} from './app-ops.ts';
import { requireTenant } from './errors.ts';
import { appView } from './tenants.ts';
import { parseBody } from './validation.ts';

export function registerAppRoutes(router: Router, sandbox: Sandbox): void {
  router.get('/api/tenants/:corpId/apps', (ctx) => {
    ctx.body = { apps: requireTenant(sandbox, ctx.params.corpId).listApps().map(appView) };
  });

  /** 创建应用: name, description, icon. Credentials are generated; no capability yet. */
  router.post('/api/tenants/:corpId/apps', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const app = createAppIn(t, parseBody(createAppBody, anyBody(ctx)));
    ctx.status = 201;
    ctx.body = appView(app);
  });

  router.get('/api/tenants/:corpId/apps/:appKey', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    ctx.body = appView(requireApp(t, ctx.params.appKey));
  });

  router.patch('/api/tenants/:corpId/apps/:appKey', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const app = requireApp(t, ctx.params.appKey);
    ctx.body = appView(applyAppUpdate(t, app, parseBody(updateAppBody, anyBody(ctx))));
  });

  router.delete('/api/tenants/:corpId/apps/:appKey', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    deleteApp(t, requireApp(t, ctx.params.appKey));
    ctx.status = 204;
  });

  /** 重置 AppSecret: the old secret stops working at once. */
  router.post('/api/tenants/:corpId/apps/:appKey/secret/reset', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const app = requireApp(t, ctx.params.appKey);
    ctx.body = { appKey: app.appKey, appSecret: resetAppSecret(t, app) };
  });

  /** 权限管理: grant one permission point. */
  router.post('/api/tenants/:corpId/apps/:appKey/scopes', (ctx) => {
    const app = requireApp(requireTenant(sandbox, ctx.params.corpId), ctx.params.appKey);
    grantScope(app, parseBody(scopeBody, anyBody(ctx)).scope);
    ctx.body = { scopes: app.scopes };
  });

  /** 权限管理: revoke one permission point. */
  router.delete('/api/tenants/:corpId/apps/:appKey/scopes/:scope', (ctx) => {
    const app = requireApp(requireTenant(sandbox, ctx.params.corpId), ctx.params.appKey);
    revokeScope(app, ctx.params.scope!);
    ctx.body = { scopes: app.scopes };
  });

  /** The minimal-permission report: needed by traffic, granted, missing, unused. */
  router.get('/api/tenants/:corpId/apps/:appKey/permissions', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const app = requireApp(t, ctx.params.appKey);
    ctx.body = t.permissionUsage.report(app.appKey, app.scopes);
  });
}
