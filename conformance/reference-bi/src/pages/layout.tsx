/** The page frame: top bar with navigation by role, flash message, content. */
import type { ComponentChildren } from 'preact';
import type { BiUser } from '../db/users.ts';

export interface Chrome {
  user: BiUser | null;
  /** system-backend switch: show 系统集成 > 钉钉. */
  dingtalkFeature: boolean;
  flash?: string;
}

export function Layout(props: {
  title: string;
  chrome: Chrome;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const { user, dingtalkFeature, flash } = props.chrome;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} - 观远 BI`}</title>
        <link rel="stylesheet" href="/static/bi.css" />
      </head>
      <body>
        <header class="topbar">
          <a class="brand" href="/">
            观远 BI
          </a>
          {user && (
            <nav>
              <a href="/">仪表板</a>
              {user.role === 'admin' && (
                <>
                  <a href="/admin">管理员设置</a>
                  {dingtalkFeature && <a href="/admin/integrations/dingtalk">系统集成 &gt; 钉钉</a>}
                  <a href="/admin/users">用户管理</a>
                  <a href="/admin/subscriptions">订阅</a>
                  <a href="/admin/alerts">预警</a>
                  <a href="/system-backend">管理后台</a>
                </>
              )}
            </nav>
          )}
          {user && (
            <form method="post" action="/logout" class="whoami">
              <span class="user-name">{user.displayName}</span>
              <button type="submit" class="link">
                退出登录
              </button>
            </form>
          )}
        </header>
        <main class={props.wide ? 'wide' : undefined}>
          {flash && <p class="flash">{flash}</p>}
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A box for an error or success message; `tone` picks the colour. */
export function Notice(props: {
  tone: 'ok' | 'error' | 'info';
  title?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={`notice notice-${props.tone}`} role={props.tone === 'error' ? 'alert' : 'status'}>
      {props.title && <strong class="notice-title">{props.title}</strong>}
      <div class="notice-body">{props.children}</div>
    </div>
  );
}

export function fmtTime(ms: number | null | undefined): string {
  if (!ms) return '—';
  return new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}
