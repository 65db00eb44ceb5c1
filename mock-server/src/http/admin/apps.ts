/**
 * Admin API: apps as the developer console configures them (S1, S3) — create, read, update
 * (web app, home URLs, redirect URLs, IP allow-list, visible range), reset the secret, grant and
 * revoke permission points, delete — and the minimal-permission report.
 */
import type Router from '@koa/router';
import * as z from 'zod';
import type { Sandbox } from '../../domain/sandbox.ts';
import type { Tenant } from '../../domain/tenant.ts';
import { anyBody } from '../middleware/body.ts';
import { AdminError, requireTenant } from './errors.ts';
import { appView } from './tenants.ts';
import { httpUrl, ipEntry, optionalUrl, parseBody, scopeName } from './validation.ts';

const createApp = z
  .object({
    name: z.string().trim().min(1).max(20),
    description: z.string().max(200).default(''),
    icon: z.string().max(2_000_000).default(''),
  })
  .strict();

const updateApp = z
  .object({
    name: z.string().trim().min(1).max(20),
    description: z.string().max(200),
    icon: z.string().max(2_000_000),
    webApp: z
      .object({ enabled: z.boolean(), pcHomeUrl: optionalUrl, mobileHomeUrl: optionalUrl })
      .partial()
      .strict(),
    redirectUrls: z.array(httpUrl).max(50),
    scopes: z.array(scopeName).max(200),
    ipAllowList: z.array(ipEntry).max(50),
    visibleRange: z
      .object({ deptIds: z.array(z.number().int().positive()), userids: z.array(z.string().min(1)) })
      .strict(),
  })
  .partial()
  .strict();

export function registerAppRoutes(router: Router, sandbox: Sandbox): void {
  const appOf = (t: Tenant, appKey: string | undefined) => {
    const app = appKey ? t.getApp(appKey) : undefined;
    if (!app) throw new AdminError(404, 'appNotFound', `tenant ${t.corpId} has no app ${appKey}`);
    return app;
  };

  router.get('/api/tenants/:corpId/apps', (ctx) => {
    ctx.body = { apps: requireTenant(sandbox, ctx.params.corpId).listApps().map(appView) };
  });

  /** 创建应用: name, description, icon. Credentials are generated; no capability yet. */
  router.post('/api/tenants/:corpId/apps', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const body = parseBody(createApp, anyBody(ctx));
    const app = t.addApp(body);
    ctx.status = 201;
    ctx.body = appView(app);
  });

  router.get('/api/tenants/:corpId/apps/:appKey', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    ctx.body = appView(appOf(t, ctx.params.appKey));
  });

  router.patch('/api/tenants/:corpId/apps/:appKey', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const app = appOf(t, ctx.params.appKey);
    const body = parseBody(updateApp, anyBody(ctx));
    if (body.visibleRange) {
      const unknown = body.visibleRange.deptIds.filter((d) => !t.directory.getDepartment(d));
      if (unknown.length)
        throw new AdminError(400, 'invalidBody', `visibleRange: no department ${unknown.join(', ')}`);
    }
    const { webApp, ...rest } = body;
    Object.assign(app, rest);
    if (webApp) app.webApp = { ...app.webApp, ...webApp };
    if (rest.scopes) app.scopes = [...new Set(rest.scopes)];
    ctx.body = appView(app);
  });

  router.delete('/api/tenants/:corpId/apps/:appKey', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    appOf(t, ctx.params.appKey);
    t.removeApp(ctx.params.appKey!);
    t.permissionUsage.forget(ctx.params.appKey!);
    ctx.status = 204;
  });

  /** 重置 AppSecret: the old secret stops working at once. */
  router.post('/api/tenants/:corpId/apps/:appKey/secret/reset', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    appOf(t, ctx.params.appKey);
    ctx.body = { appKey: ctx.params.appKey, appSecret: t.resetSecret(ctx.params.appKey!) };
  });

  /** 权限管理: grant one permission point. */
  router.post('/api/tenants/:corpId/apps/:appKey/scopes', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const app = appOf(t, ctx.params.appKey);
    const { scope } = parseBody(z.object({ scope: scopeName }).strict(), anyBody(ctx));
    if (!app.scopes.includes(scope)) app.scopes.push(scope);
    ctx.body = { scopes: app.scopes };
  });

  /** 权限管理: revoke one permission point. */
  router.delete('/api/tenants/:corpId/apps/:appKey/scopes/:scope', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const app = appOf(t, ctx.params.appKey);
    app.scopes = app.scopes.filter((s) => s !== ctx.params.scope);
    ctx.body = { scopes: app.scopes };
  });

  /** The minimal-permission report: needed by traffic, granted, missing, unused. */
  router.get('/api/tenants/:corpId/apps/:appKey/permissions', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const app = appOf(t, ctx.params.appKey);
    ctx.body = t.permissionUsage.report(app.appKey, app.scopes);
  });
}
