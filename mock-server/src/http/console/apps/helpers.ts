/** What every app page handler needs: the tenant and app of the URL, rendering in the app shell, applying an update. */
import type { Context } from 'koa';
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import type { Tenant } from '../../../domain/tenancy/tenant.ts';
import { applyAppUpdate, requireApp, updateAppBody, type UpdateAppBody } from '../../admin/app-ops.ts';
import { parseBody } from '../../admin/validation.ts';
import { flashNext, formValue, render, tenantOr404, type ConsoleContext } from '../http.ts';
import { paths, type AppSection } from '../paths.ts';

export const APP = '/tenants/:corpId/apps/:appKey';

export const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Which app page: the tenant and app of the URL, and the section of the app's menu. */
export interface AppPage {
  t: Tenant;
  app: App;
  section: AppSection;
}

export function appPageHelpers(c: ConsoleContext) {
  return {
    /** The value a form shows: what was typed before a refusal, else the current one. */
    fv: (ctx: Context) => (name: string, current: string) => formValue(ctx, name, current),
    appOf(ctx: Context): { t: Tenant; app: App } {
      const t = tenantOr404(c, ctx);
      return { t, app: requireApp(t, ctx.params.appKey) };
    },
    show(ctx: Context, at: AppPage, title: string, content: VNode): void {
      const { t, app, section } = at;
      render(
        c,
        ctx,
        { title: `${title} · ${app.name}`, corp: t, section: 'apps', app: { app, current: section } },
        content,
      );
    },
    /** Validate with the admin API's schema, apply (live at once), come back with the release banner. */
    update(ctx: Context, at: AppPage, body: UpdateAppBody, done: string): string {
      const { t, app, section } = at;
      applyAppUpdate(t, app, parseBody(updateAppBody, body));
      flashNext(c, ctx, { kind: 'ok', text: done, banner: true });
      return paths.app(t.corpId, app.appKey, section);
    },
  };
}
