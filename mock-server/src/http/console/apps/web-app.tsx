/**
 * 应用能力 > 网页应用 (docs/dingtalk/console-ui.md [C3][C4][C5]): 应用首页地址 (mobile home), PC端首页地址,
 * 管理后台地址, 保存. Home URLs may carry the $CORPID$ placeholder.
 */
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import { paths } from '../paths.ts';
import { Title } from '../widgets.tsx';

export function WebAppPage(p: {
  corpId: string;
  app: App;
  form: (name: string, current: string) => string;
}): VNode {
  const { app, corpId } = p;
  const field = (f: {
    id: string;
    name: string;
    label: string;
    en: string;
    current: string;
    help: string;
  }) => (
    <div class="row">
      <label for={f.id}>
        {f.label}
        <div class="en">{f.en}</div>
      </label>
      <div class="field">
        <input
          id={f.id}
          type="text"
          name={f.name}
          value={p.form(f.name, f.current)}
          placeholder="请输入 http:// 或 https:// 开头的地址"
        />
        <div class="help">{f.help}</div>
      </div>
    </div>
  );
  return (
    <div>
      <Title zh="网页应用" en="Web app" />
      <section class="cs-panel">
        <h2>网页应用配置</h2>
        <form class="cs-form" method="post" action={paths.app(corpId, app.appKey, 'webapp')}>
          {field({
            id: 'web-mobile',
            name: 'mobileHomeUrl',
            label: '应用首页地址',
            en: 'Mobile home URL',
            current: app.webApp.mobileHomeUrl,
            help: '移动端打开应用时的首页，可使用 $CORPID$ 占位符，例如 https://bi.example.com/m?corpid=$CORPID$',
          })}
          {field({
            id: 'web-pc',
            name: 'pcHomeUrl',
            label: 'PC端首页地址',
            en: 'PC home URL',
            current: app.webApp.pcHomeUrl,
            help: '填写后应用才会出现在 PC 端工作台；同样支持 $CORPID$',
          })}
          {field({
            id: 'web-admin',
            name: 'adminUrl',
            label: '管理后台地址',
            en: 'Admin URL',
            current: app.webApp.adminUrl ?? '',
            help: '管理员在钉钉管理后台进入应用管理页的地址（可选）',
          })}
          <div class="row">
            <span class="label" />
            <div class="field">
              <button class="cs-btn primary">保存</button>
            </div>
          </div>
        </form>
      </section>
    </div>
  );
}
