/**
 * The developer-console half of the console (guide steps 3.1 and 3.3, scenarios S1 and S3): the app
 * list and 创建应用, then one app's 凭证与基础信息, 添加应用能力, 网页应用 and 安全设置 (权限管理,
 * 成员管理, 版本管理与发布 and the report are in ./access-routes.ts). Every change goes through the same
 * operations and validation as the admin API (../../admin/app-ops.ts) and is live at once.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { createAppBody, createAppIn, resetAppSecret, type UpdateAppBody } from '../../admin/app-ops.ts';
import { AdminError } from '../../admin/errors.ts';
import { parseBody } from '../../admin/validation.ts';
import {
  flashNext,
  form,
  formValue,
  listField,
  page,
  postPage,
  render,
  tenantOr404,
  type ConsoleContext,
} from '../http.ts';
import { paths } from '../paths.ts';
import { registerAccessPages } from './access-routes.ts';
import { CapabilitiesPage } from './capabilities.tsx';
import { CredentialsPage } from './credentials.tsx';
import { APP, appPageHelpers, str } from './helpers.ts';
import { AppListPage, matchesSearch, type AppFilter } from './list.tsx';
import { SecurityPage } from './security.tsx';
import { WebAppPage } from './web-app.tsx';

export function registerAppPages(router: Router, c: ConsoleContext): void {
  const { fv, appOf, show, update } = appPageHelpers(c);

  // 钉钉应用: the list, its search and chips, and the 创建应用 drawer.
  page(router, c, '/tenants/:corpId/apps', (ctx) => {
    const t = tenantOr404(c, ctx);
    const q = str(ctx.query.q).trim();
    const filter: AppFilter = ctx.query.type === 'h5' ? 'h5' : ctx.query.type === 'mini' ? 'mini' : 'all';
    const apps = t
      .listApps()
      .filter((a) => matchesSearch(a, q))
      .filter((a) => (filter === 'h5' ? a.webApp.enabled : filter === 'mini' ? false : true));
    const drawer = ctx.query.drawer === 'create' || Boolean(formValue(ctx, 'name', ''));
    render(
      c,
      ctx,
      { title: '钉钉应用', corp: t, section: 'apps' },
      AppListPage({ corpId: t.corpId, apps, q, filter, drawer, form: fv(ctx) }),
    );
  });

  // 创建应用 → 保存: lands on 添加应用能力 (guide 3.1).
  const backToDrawer = (ctx: Context) => `${paths.apps(String(ctx.params.corpId))}?drawer=create`;
  form(router, c, { path: '/tenants/:corpId/apps', back: backToDrawer }, (ctx, b) => {
    const t = tenantOr404(c, ctx);
    if (!b.description?.trim())
      throw new AdminError(400, 'invalidBody', '请输入应用描述 (the description is required)');
    const app = createAppIn(
      t,
      parseBody(createAppBody, { name: b.name ?? '', description: b.description, icon: b.icon ?? '' }),
    );
    flashNext(c, ctx, { kind: 'ok', text: `应用「${app.name}」创建成功，请添加应用能力 (app created)` });
    return paths.app(t.corpId, app.appKey, 'capabilities');
  });

  page(router, c, APP, (ctx) => {
    const { t, app } = appOf(ctx);
    ctx.redirect(paths.app(t.corpId, app.appKey, 'credentials'));
  });

  // 凭证与基础信息 (guide 3.2: the BI needs AppKey, AppSecret, AgentId, CorpId).
  page(router, c, `${APP}/credentials`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(
      ctx,
      { t, app, section: 'credentials' },
      '凭证与基础信息',
      CredentialsPage({ corpId: t.corpId, app, revealed: false, form: fv(ctx) }),
    );
  });
  postPage(router, c, `${APP}/credentials/reveal`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(
      ctx,
      { t, app, section: 'credentials' },
      '凭证与基础信息',
      CredentialsPage({ corpId: t.corpId, app, revealed: true, form: fv(ctx) }),
    );
  });
  form(router, c, `${APP}/credentials/reset-secret`, (ctx) => {
    const { t, app } = appOf(ctx);
    resetAppSecret(t, app);
    flashNext(c, ctx, {
      kind: 'ok',
      text: 'ClientSecret 已重置，原 Secret 已失效；点击「查看」显示新的 Secret (secret reset)',
    });
    return paths.app(t.corpId, app.appKey, 'credentials');
  });
  form(router, c, `${APP}/credentials/basic`, (ctx, b) => {
    const { t, app } = appOf(ctx);
    if (!b.description?.trim())
      throw new AdminError(400, 'invalidBody', '请输入应用描述 (the description is required)');
    const body: UpdateAppBody = { name: b.name ?? '', description: b.description };
    if (b.icon) body.icon = b.icon;
    return update(ctx, { t, app, section: 'credentials' }, body, '基础信息已保存 (saved)');
  });

  // 添加应用能力 → 网页应用 添加 (guide 3.1, last step).
  page(router, c, `${APP}/capabilities`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(
      ctx,
      { t, app, section: 'capabilities' },
      '添加应用能力',
      CapabilitiesPage({ corpId: t.corpId, app }),
    );
  });
  form(router, c, `${APP}/capabilities/webapp`, (ctx) => {
    const { t, app } = appOf(ctx);
    return update(
      ctx,
      { t, app, section: 'webapp' },
      { webApp: { enabled: true } },
      '已添加网页应用，请配置应用首页地址 (web app added)',
    );
  });

  // 网页应用: home URLs (guide 3.2, last step).
  page(router, c, `${APP}/webapp`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(
      ctx,
      { t, app, section: 'webapp' },
      '网页应用',
      WebAppPage({ corpId: t.corpId, app, form: fv(ctx) }),
    );
  });
  form(router, c, `${APP}/webapp`, (ctx, b) => {
    const { t, app } = appOf(ctx);
    const webApp = {
      enabled: true,
      mobileHomeUrl: (b.mobileHomeUrl ?? '').trim(),
      pcHomeUrl: (b.pcHomeUrl ?? '').trim(),
      adminUrl: (b.adminUrl ?? '').trim(),
    };
    return update(ctx, { t, app, section: 'webapp' }, { webApp }, '网页应用配置已保存 (saved)');
  });

  // 安全设置: 服务器出口IP, 重定向URL (guide 3.3).
  page(router, c, `${APP}/security`, (ctx) => {
    const { t, app } = appOf(ctx);
    show(
      ctx,
      { t, app, section: 'security' },
      '安全设置',
      SecurityPage({ corpId: t.corpId, app, form: fv(ctx) }),
    );
  });
  form(router, c, `${APP}/security`, (ctx, b) => {
    const { t, app } = appOf(ctx);
    const body = { ipAllowList: listField(b.ipAllowList), redirectUrls: listField(b.redirectUrls) };
    return update(ctx, { t, app, section: 'security' }, body, '安全设置已保存 (saved)');
  });

  registerAccessPages(router, c);
}
