/**
 * 应用能力 > 添加应用能力 (docs/dingtalk/console-ui.md; flow C, card copy U): capability cards with 添加 —
 * the sandbox models 网页应用; the others are shown, not simulated.
 */
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import { paths } from '../paths.ts';
import { Title } from '../widgets.tsx';

export function CapabilitiesPage(p: { corpId: string; app: App }): VNode {
  const { app, corpId } = p;
  return (
    <div>
      <Title zh="添加应用能力" en="Add a capability" />
      <div class="cs-cards">
        <div class="cs-card" data-capability="webapp">
          <h3>网页应用</h3>
          <p>在钉钉工作台添加网页应用入口，用户在钉钉内打开应用首页并免登（H5微应用）。</p>
          {app.webApp.enabled ? (
            <div>
              <span class="cs-tag on">已添加</span>{' '}
              <a class="cs-btn small" href={paths.app(corpId, app.appKey, 'webapp')}>
                配置
              </a>
            </div>
          ) : (
            <form method="post" action={`${paths.app(corpId, app.appKey, 'capabilities')}/webapp`}>
              <button class="cs-btn primary small">添加</button>
            </form>
          )}
        </div>
        <div class="cs-card">
          <h3>机器人</h3>
          <p>钉钉通过机器人实现高效的消息推送和接收的效果</p>
          <div>
            <button class="cs-btn small" disabled title="沙箱未模拟 (not simulated)">
              添加
            </button>
          </div>
        </div>
        <div class="cs-card">
          <h3>酷应用</h3>
          <p>在群聊、单聊中使用的轻量应用。</p>
          <div>
            <button class="cs-btn small" disabled title="沙箱未模拟 (not simulated)">
              添加
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
