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
  const field = (id: string, name: string, label: string, en: string, current: string, help: string) => (
    <div class="row">
      <label for={id}>
        {label}
        <div class="en">{en}</div>
      </label>
      <div class="field">
        <input
          id={id}
          type="text"
          name={name}
          value={p.form(name, current)}
          placeholder="请输入 http:// 或 https:// 开头的地址"
        />
        <div class="help">{help}</div>
      </div>
    </div>
  );
  return (
    <div>
      <Title zh="网页应用" en="Web app" />
      <section class="cs-panel">
        <h2>网页应用配置</h2>
        <form class="cs-form" method="post" action={paths.app(corpId, app.appKey, 'webapp')}>
          {field(
            'web-mobile',
            'mobileHomeUrl',
            '应用首页地址',
            'Mobile home URL',
            app.webApp.mobileHomeUrl,
            '移动端打开应用时的首页，可使用 $CORPID$ 占位符，例如 https://bi.example.com/m?corpid=$CORPID$',
          )}
          {field(
            'web-pc',
            'pcHomeUrl',
            'PC端首页地址',
            'PC home URL',
            app.webApp.pcHomeUrl,
            '填写后应用才会出现在 PC 端工作台；同样支持 $CORPID$',
          )}
          {field(
            'web-admin',
            'adminUrl',
            '管理后台地址',
            'Admin URL',
            app.webApp.adminUrl ?? '',
            '管理员在钉钉管理后台进入应用管理页的地址（可选）',
          )}
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
