/**
 * App operations shared by the admin API and the console (S1, S3): create, apply an update (web
 * app, home URLs, redirect URLs, IP allow-list, visible range), reset the secret, grant and revoke
 * permission points, delete. One validation for both; errors are AdminErrors.
 */
import * as z from 'zod';
import type { App } from '../../domain/apps/apps.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { AdminError } from './errors.ts';
import { appIcon, httpUrl, ipEntry, optionalUrl, scopeName } from './validation.ts';

export const createAppBody = z
  .object({
    name: z.string().trim().min(1).max(20),
    description: z.string().max(200).default(''),
    icon: appIcon.default(''),
  })
  .strict();
export type CreateAppBody = z.infer<typeof createAppBody>;

export const updateAppBody = z
  .object({
    name: z.string().trim().min(1).max(20),
    description: z.string().max(200),
    icon: appIcon,
    webApp: z
      .object({
        enabled: z.boolean(),
        pcHomeUrl: optionalUrl,
        mobileHomeUrl: optionalUrl,
        adminUrl: optionalUrl,
      })
      .partial()
      .strict(),
    redirectUrls: z.array(httpUrl).max(50),
    scopes: z.array(scopeName).max(200),
    ipAllowList: z.array(ipEntry).max(50),
    visibleRange: z
      .object({ deptIds: z.array(z.number().int().positive()), userids: z.array(z.string().min(1)) })
      .strict(),
    /**
     * 机器人 (添加应用能力 > 机器人): its name and 消息接收模式 — Stream, or HTTP to messageUrl
     * (docs/dingtalk/bot-http-mode.md); null takes the capability away.
     */
    robot: z
      .object({
        name: z.string().trim().min(1).max(20),
        stream: z.boolean().default(true),
        messageUrl: optionalUrl.default(''),
      })
      .strict()
      .refine((r) => r.stream || r.messageUrl !== '', {
        message: 'robot: HTTP mode (stream false) needs a messageUrl',
        path: ['messageUrl'],
      })
      .nullable(),
  })
  .partial()
  .strict();
export type UpdateAppBody = z.infer<typeof updateAppBody>;

export const scopeBody = z.object({ scope: scopeName }).strict();

export function requireApp(t: Tenant, appKey: string | undefined): App {
  const app = appKey ? t.getApp(appKey) : undefined;
  if (!app) throw new AdminError(404, 'appNotFound', `tenant ${t.corpId} has no app ${appKey}`);
  return app;
}

/** 创建应用: name, description, icon. Credentials are generated; no capability yet. */
export function createAppIn(t: Tenant, body: CreateAppBody): App {
  return t.addApp(body);
}

/** Apply a validated update; the sandbox applies it at once (DingTalk would wait for 版本发布). */
export function applyAppUpdate(t: Tenant, app: App, body: UpdateAppBody): App {
  if (body.visibleRange) {
    const unknown = body.visibleRange.deptIds.filter((d) => !t.directory.getDepartment(d));
    if (unknown.length)
      throw new AdminError(400, 'invalidBody', `visibleRange: no department ${unknown.join(', ')}`);
  }
  const { webApp, robot, ...rest } = body;
  Object.assign(app, rest);
  if (webApp) app.webApp = { ...app.webApp, ...webApp };
  if (robot === null) delete app.robot;
  else if (robot) app.robot = robot.messageUrl ? robot : { name: robot.name, stream: robot.stream };
  if (rest.scopes) app.scopes = [...new Set(rest.scopes)];
  if (rest.redirectUrls) app.redirectUrls = [...new Set(rest.redirectUrls)];
  if (rest.ipAllowList) app.ipAllowList = [...new Set(rest.ipAllowList)];
  if (rest.visibleRange)
    app.visibleRange = {
      deptIds: [...new Set(rest.visibleRange.deptIds)],
      userids: [...new Set(rest.visibleRange.userids)],
    };
  return app;
}

/** 权限管理 申请权限: grant one permission point (granted at once in the sandbox). */
export function grantScope(app: App, scope: string): void {
  if (!app.scopes.includes(scope)) app.scopes.push(scope);
}

/** Revoke one permission point (the sandbox's way to reproduce E1 and A2). */
export function revokeScope(app: App, scope: string): void {
  app.scopes = app.scopes.filter((s) => s !== scope);
}

/** 重置 AppSecret: the old secret stops working at once. */
export function resetAppSecret(t: Tenant, app: App): string {
  return t.resetSecret(app.appKey);
}

export function deleteApp(t: Tenant, app: App): void {
  t.removeApp(app.appKey);
  t.permissionUsage.forget(app.appKey);
}
