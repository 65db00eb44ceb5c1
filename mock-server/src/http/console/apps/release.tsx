/**
 * 应用发布 > 版本管理与发布 (docs/dingtalk/console-ui.md [P6][C6]): shown for recognition only — the sandbox
 * has no versions; every saved change is live at once.
 */
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import { paths } from '../paths.ts';
import { ReleaseBanner, Title } from '../widgets.tsx';

export function ReleasePage(p: { corpId: string; app: App }): VNode {
  const { app, corpId } = p;
  const range = app.visibleRange;
  const all = range.deptIds.length === 0 && range.userids.length === 0;
  return (
    <div>
      <Title zh="版本管理与发布" en="Versions and release">
        <span class="cs-tag dev">开发中</span>
      </Title>
      <ReleaseBanner />
      <section class="cs-panel">
        <h2>版本详情</h2>
        <p>
          应用版本可设置应用版本号、应用能力和应用可用范围，所有变更需要保存并发布后才会正式生效，请谨慎操作
        </p>
        <p class="muted small">
          沙箱没有版本：保存即生效，无需「创建新版本」与「发布」。The sandbox has no versions: every saved
          change is live.
        </p>
        <div class="cs-kv">
          <span class="k">待发布内容</span>
          <span>应用信息 · 已启用，当前版本无数据更新{app.webApp.enabled ? ' · 网页应用' : ''}</span>
          <span class="k">应用可用范围 ⓘ</span>
          <span>
            {all ? '全部员工' : `部分员工（${range.deptIds.length} 个部门，${range.userids.length} 人）`}{' '}
            <a href={paths.app(corpId, app.appKey, 'members')}>修改</a>
          </span>
        </div>
        <p>
          <button class="cs-btn" disabled title="沙箱无需发布">
            创建新版本
          </button>{' '}
          <button class="cs-btn primary" disabled title="沙箱无需发布">
            发布
          </button>
        </p>
      </section>
    </div>
  );
}
