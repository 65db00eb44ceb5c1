/**
 * The console's frame (server-rendered preact): the 钉钉开放平台-like header with the organisation
 * (组织 / tenant) switcher, the left navigation of docs/dingtalk/console-ui.md — or, inside an app, the app
 * shell's navigation — the flash message, then the page. Every console page renders through it.
 */
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { App } from '../../domain/apps/apps.ts';
import { CLIENT_SCRIPT } from './client-script.ts';
import { paths, type AppSection } from './paths.ts';
import { MESSAGE_CSS } from './message-styles.ts';
import { AppIcon, ReleaseBanner } from './widgets.tsx';
import { CONSOLE_CSS } from './styles.ts';

interface ClockDrift {
  offsetMs: number;
  frozen: boolean;
}

export type NavSection =
  | 'home'
  | 'apps'
  | 'tenants'
  | 'directory'
  | 'journal'
  | 'flows'
  | 'faults'
  | 'stubs'
  | 'clock'
  | 'permissions'
  | 'scenarios'
  | 'inbox'
  | 'phone'
  | 'events'
  | 'none';

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
  /** The submitted form, to fill it again after a refusal. */
  form?: Record<string, string>;
  /** Show the orange 版本发布 banner (after a saved app change). */
  banner?: boolean;
}

export interface ShellProps {
  title: string;
  nonce: string;
  /**
   * The organisation being looked at (absent on pages about no tenant in particular); with its
   * clock, a moved or frozen clock shows a banner on every page.
   */
  corp?: { corpId: string; name: string; clock?: { drift(): ClockDrift } };
  tenants: { corpId: string; name: string }[];
  section: NavSection;
  flash?: Flash;
  /** Signed in with the admin token (shows 退出). */
  signedIn?: boolean;
  /** Inside an app: the app shell's navigation instead of the console's. */
  app?: { app: App; current: AppSection };
  children?: ComponentChildren;
}

export function Shell(p: ShellProps): VNode {
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · 钉钉开放平台 · 沙箱`}</title>
        <style dangerouslySetInnerHTML={{ __html: CONSOLE_CSS + MESSAGE_CSS }} />
      </head>
      <body>
        <Header {...p} />
        <div class="cs-body">
          {p.app && p.corp ? <AppNav corpId={p.corp.corpId} {...p.app} /> : <SideNav {...p} />}
          <main class="cs-main">
            {p.corp?.clock && <ClockBanner corpId={p.corp.corpId} drift={p.corp.clock.drift()} />}
            {p.flash && <FlashBox flash={p.flash} />}
            {p.children}
          </main>
        </div>
        <script nonce={p.nonce} dangerouslySetInnerHTML={{ __html: CLIENT_SCRIPT }} />
      </body>
    </html>
  );
}

/** A full HTML document. */
export function renderDocument(vnode: VNode): string {
  return `<!doctype html>${renderToString(vnode)}`;
}

function Header(p: ShellProps): VNode {
  const corpId = p.corp?.corpId;
  return (
    <header class="cs-header">
      <a class="cs-logo" href={corpId ? paths.tenant(corpId) : paths.tenants}>
        <i>钉</i>钉钉开放平台
      </a>
      <nav class="cs-topnav">
        <a href={corpId ? paths.tenant(corpId) : paths.tenants} class={p.section === 'home' ? 'on' : ''}>
          首页
        </a>
        <a href={corpId ? paths.apps(corpId) : paths.tenants} class={p.section === 'apps' ? 'on' : ''}>
          应用开发
        </a>
        <span title="沙箱未模拟 (not simulated)">开放能力 ▾</span>
        <span title="沙箱未模拟 (not simulated)">开发工具</span>
        <span title="沙箱未模拟 (not simulated)">更多 ▾</span>
      </nav>
      <div class="cs-right">
        <span class="cs-sandbox-tag" title="dingtalk-sandbox: a local imitation of DingTalk">
          沙箱 Sandbox
        </span>
        <form class="cs-org" method="get" action={paths.switch}>
          <label for="cs-org-select" class="small">
            组织
          </label>
          <select id="cs-org-select" name="corpId" data-autosubmit="1">
            {p.tenants.map((t) => (
              <option value={t.corpId} selected={t.corpId === corpId}>
                {t.name} ({t.corpId.slice(0, 12)}…)
              </option>
            ))}
          </select>
          <input type="hidden" name="section" value={p.section} />
          <noscript>
            <button class="cs-btn small">切换</button>
          </noscript>
        </form>
        <span class="small" title="沙箱未模拟">
          通知
        </span>
        <a class="small" href={paths.scenarios}>
          教程
        </a>
        <a class="small" href="https://open.dingtalk.com/document/" rel="noreferrer">
          文档
        </a>
        {p.signedIn && (
          <form method="post" action={paths.logout}>
            <button class="cs-btn link small">退出</button>
          </form>
        )}
      </div>
    </header>
  );
}

const off = (label: string) => (
  <span class="off" title="沙箱未模拟 (not simulated in the sandbox)">
    {label}
  </span>
);

function SideNav(p: ShellProps): VNode {
  const corpId = p.corp?.corpId;
  const link = (section: NavSection, label: string, en: string, href: string | undefined) =>
    href ? (
      <a href={href} class={p.section === section ? 'on' : ''}>
        {label}
        <span class="en">{en}</span>
      </a>
    ) : (
      off(label)
    );
  const t = (f: (c: string) => string) => (corpId ? f(corpId) : undefined);
  return (
    <nav class="cs-side">
      <h4>企业内部应用</h4>
      {link('apps', '钉钉应用', '', t(paths.apps))}
      {off('机器人')}
      <h4>第三方企业应用</h4>
      {off('企业应用')}
      <h4>第三方个人应用</h4>
      {off('个人应用')}
      <h4>移动应用接入</h4>
      {off('钉钉扫码登录功能')}
      {off('分享到钉钉功能')}
      <h4>沙箱 Sandbox</h4>
      {link('tenants', '组织', 'Tenants', paths.tenants)}
      {link('directory', '通讯录', 'Directory', t(paths.directory))}
      {link('journal', '请求日志', 'Journal', t(paths.journal))}
      {link('flows', '登录时间线', 'Timeline', t(paths.flows))}
      {link('faults', '故障规则', 'Faults', t(paths.faults))}
      {link('stubs', '桩接口', 'Stubs', t(paths.stubs))}
      {link('clock', '时钟', 'Clock', t(paths.clock))}
      {link('permissions', '最小权限报告', 'Permissions', t(paths.permissions))}
      {link('inbox', '消息', 'Inbox', t(paths.inbox))}
      {link('phone', '模拟手机', 'Phone', t(paths.phone))}
      {link('events', '事件推送', 'Events', t(paths.events))}
      {link('scenarios', '场景', 'Scenarios', paths.scenarios)}
    </nav>
  );
}

/** The app shell (docs/dingtalk/console-ui.md): back arrow, icon, name, tag; 基础信息 / 应用能力 / 开发配置 / 应用发布. */
function AppNav(p: { corpId: string; app: App; current: AppSection }): VNode {
  const { app, corpId, current } = p;
  const item = (section: AppSection, label: string) => (
    <a href={paths.app(corpId, app.appKey, section)} class={current === section ? 'on' : ''}>
      {label}
    </a>
  );
  return (
    <nav class="cs-side">
      <div class="cs-apphead">
        <a class="back" href={paths.apps(corpId)} title="返回应用列表">
          &lt;
        </a>
        <AppIcon app={app} size={32} />
        <span class="meta">
          <span class="name" title={app.name}>
            {app.name}
          </span>
          <span class="cs-tag dev">开发中</span>
        </span>
      </div>
      <h4>基础信息</h4>
      {item('credentials', '凭证与基础信息')}
      {item('members', '成员管理')}
      <h4>应用能力</h4>
      {item('capabilities', '添加应用能力')}
      {app.webApp.enabled && item('webapp', '网页应用')}
      <h4>开发配置</h4>
      {item('permissions', '权限管理')}
      {item('events', '事件订阅')}
      {item('security', '安全设置')}
      {off('分享设置')}
      {off('监控中心')}
      <h4>应用发布</h4>
      {item('release', '版本管理与发布')}
      <h4>沙箱 Sandbox</h4>
      {item('report', '最小权限报告')}
      <a href={`${paths.journal(corpId)}?app=${encodeURIComponent(app.appKey)}`}>
        请求日志<span class="en">Journal</span>
      </a>
    </nav>
  );
}

function FlashBox(p: { flash: Flash }): VNode {
  return (
    <div>
      <div class={`cs-flash ${p.flash.kind}`} role={p.flash.kind === 'error' ? 'alert' : 'status'}>
        {p.flash.text}
      </div>
      {p.flash.banner && <ReleaseBanner />}
    </div>
  );
}

/** "2 小时 0 分 1 秒": from the largest unit that is not zero down to seconds. */
export function spanText(ms: number): string {
  let s = Math.round(Math.abs(ms) / 1000);
  const parts: [number, string][] = [];
  for (const [size, unit] of [
    [86_400, '天'],
    [3600, '小时'],
    [60, '分'],
  ] as const) {
    parts.push([Math.floor(s / size), unit]);
    s %= size;
  }
  parts.push([s, '秒']);
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first < 0 ? parts.length - 1 : first)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

/**
 * Shown on every page of a tenant whose clock is moved (by a second or more) or frozen: tokens,
 * codes, QR sessions and signed timestamps all follow it, so a login failing with 不合法的timestamp
 * is explained here, with the way back.
 */
function ClockBanner(p: { corpId: string; drift: ClockDrift }): VNode | null {
  const { offsetMs, frozen } = p.drift;
  if (!frozen && Math.abs(offsetMs) < 1000) return null;
  const moved =
    Math.abs(offsetMs) < 1000
      ? '与真实时间一致'
      : `比真实时间${offsetMs > 0 ? '快' : '慢'} ${spanText(offsetMs)}`;
  return (
    <div
      id="clock-banner"
      role="status"
      style="background:#fff3e8;border:1px solid #ffb27a;color:#8a3d00;border-radius:6px;padding:8px 12px;margin-bottom:12px"
    >
      本组织的时钟{moved}
      {frozen ? '，且已冻结' : ''}：令牌、免登码、二维码和签名时间戳都按它计算。{' '}
      <a href={paths.clock(p.corpId)}>去时钟页恢复真实时间</a>
      <span class="en">
        This tenant&apos;s clock is {frozen ? 'frozen and ' : ''}
        {Math.abs(offsetMs) < 1000 ? 'on real time' : `${offsetMs > 0 ? 'ahead' : 'behind'}`}
      </span>
    </div>
  );
}
