/**
 * 钉钉应用 — the app list (`open-dev.dingtalk.com/fe/app#/corp/app`, docs/dingtalk/console-ui.md) with its
 * search, the chips, and the 创建应用 drawer (right side), which posts name, description and icon.
 */
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import { ICON_MAX_BYTES } from '../../admin/validation.ts';
import { paths, withQuery } from '../paths.ts';
import { AppIcon, Title } from '../widgets.tsx';

export type AppFilter = 'all' | 'mini' | 'h5';

export function matchesSearch(app: App, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return [app.name, String(app.agentId), app.appKey, app.description].some((v) =>
    v.toLowerCase().includes(s),
  );
}

export function AppListPage(p: {
  corpId: string;
  apps: App[];
  q: string;
  filter: AppFilter;
  drawer: boolean;
  form: (name: string, current: string) => string;
}): VNode {
  const base = paths.apps(p.corpId);
  const chip = (f: AppFilter, label: string) => (
    <a
      class={`cs-chip ${p.filter === f ? 'on' : ''}`}
      href={withQuery(base, { type: f === 'all' ? '' : f, q: p.q })}
    >
      {label}
    </a>
  );
  return (
    <div>
      <Title zh="钉钉应用" en="DingTalk apps (企业内部应用)" />
      <div class="cs-panel">
        <div class="cs-toolbar">
          <span class="cs-chip">全部分组 ▾</span>
          {chip('all', '全部应用')}
          {chip('mini', '小程序')}
          {chip('h5', 'H5微应用')}
          <span class="grow" />
          <form method="get" action={base} role="search">
            {p.filter !== 'all' && <input type="hidden" name="type" value={p.filter} />}
            <input
              class="cs-search"
              type="search"
              name="q"
              value={p.q}
              placeholder="支持应用名称/AgentId等信息搜索"
              aria-label="搜索应用"
            />
          </form>
          <a class="cs-btn primary" href={withQuery(base, { drawer: 'create' })}>
            创建应用
          </a>
        </div>
        {p.apps.length === 0 ? (
          <div class="cs-empty">暂无内容</div>
        ) : (
          <div class="cs-cards cs-applist">
            {p.apps.map((app) => (
              <a class="cs-card" href={paths.app(p.corpId, app.appKey)} data-appkey={app.appKey}>
                <AppIcon app={app} size={48} />
                <div class="body">
                  <h3>{app.name}</h3>
                  <p>{app.description || '暂无描述'}</p>
                  <div class="small muted">
                    AgentId <span class="mono">{app.agentId}</span>
                  </div>
                  <div style="margin-top:4px">
                    <span class="cs-tag dev">开发中</span>{' '}
                    {app.webApp.enabled && <span class="cs-tag on">网页应用</span>}
                  </div>
                </div>
              </a>
            ))}
          </div>
        )}
      </div>
      {p.drawer && <CreateDrawer corpId={p.corpId} form={p.form} />}
    </div>
  );
}

/** 创建应用 drawer (docs/dingtalk/console-ui.md, texts C). */
function CreateDrawer(p: { corpId: string; form: (name: string, current: string) => string }): VNode {
  const name = p.form('name', '');
  const description = p.form('description', '');
  return (
    <div>
      <a class="cs-drawer-mask" href={paths.apps(p.corpId)} aria-label="关闭" />
      <form class="cs-drawer cs-vform" method="post" action={paths.apps(p.corpId)} aria-label="创建应用">
        <header>
          创建应用
          <a href={paths.apps(p.corpId)} class="muted" aria-label="关闭">
            ✕
          </a>
        </header>
        <div class="content">
          <div class="tip">当前选择创建的是企业内部应用，给当前企业内的用户使用。</div>
          <label class="block" for="app-name">
            <span class="req">*</span>应用名称<span class="en">App name</span>
            <span class="cs-count" id="app-name-count">
              {name.length}/20
            </span>
          </label>
          <input
            id="app-name"
            type="text"
            name="name"
            maxLength={20}
            required
            value={name}
            placeholder="请输入应用名称"
            data-counter="app-name-count"
          />
          <label class="block" for="app-description">
            <span class="req">*</span>应用描述<span class="en">Description</span>
            <span class="cs-count" id="app-description-count">
              {description.length}/200
            </span>
          </label>
          <textarea
            id="app-description"
            name="description"
            maxLength={200}
            required
            placeholder="请输入应用描述"
            data-counter="app-description-count"
            value={description}
          />
          <label class="block" for="app-icon-file">
            应用图标<span class="en">Icon</span>
          </label>
          <div class="cs-iconpick">
            <img id="app-icon-preview" alt="图标预览" hidden />
            <div>
              <input
                id="app-icon-file"
                type="file"
                accept="image/png,image/jpeg"
                data-icon-for="app-icon"
                data-preview="app-icon-preview"
                data-error="app-icon-error"
                data-max={String(ICON_MAX_BYTES)}
              />
              <input type="hidden" id="app-icon" name="icon" value="" />
              <div class="help">请上传JPG/PNG格式、240*240px以上、1:1 、2MB 以内的无圆角图标</div>
              <div class="help">
                查看图标规范→{' '}
                <span class="en">沙箱只保存 {ICON_MAX_BYTES / 1024} KB 以内的图标 (sandbox limit)</span>
              </div>
              <div class="help" id="app-icon-error" role="alert" style="color:#f54a45" />
            </div>
          </div>
        </div>
        <footer>
          <a class="cs-btn" href={paths.apps(p.corpId)}>
            取消
          </a>
          <button class="cs-btn primary" type="submit">
            保存
          </button>
        </footer>
      </form>
    </div>
  );
}
