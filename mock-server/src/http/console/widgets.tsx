/**
 * Small pieces the console's pages share: app icon, page title, confirm button, release banner,
 * breadcrumbs, a long value cut with a copy button.
 */
import type { ComponentChildren, VNode } from 'preact';
import type { App } from '../../domain/apps/apps.ts';

export function AppIcon(p: { app: App; size: number }): VNode {
  const style = `width:${p.size}px;height:${p.size}px`;
  return p.app.icon ? (
    <img class="cs-icon" src={p.app.icon} alt="" style={style} />
  ) : (
    <span class="cs-icon" style={style}>
      {p.app.name.slice(0, 1)}
    </span>
  );
}

/** The orange banner DingTalk shows after an edit; the sandbox applies changes at once. */
export function ReleaseBanner(): VNode {
  return (
    <div class="cs-banner">
      版本发布后，当前修改才能生效 <span class="muted">查看版本详情</span>
      <small>沙箱中修改已立即生效，无需发布 (the sandbox applies changes immediately)</small>
    </div>
  );
}

/** A page title with an English gloss. */
export function Title(p: { zh: string; en?: string; children?: ComponentChildren }): VNode {
  return (
    <div class="cs-title">
      <h1>
        {p.zh}
        {p.en && <span class="en">{p.en}</span>}
      </h1>
      {p.children}
    </div>
  );
}

/** A button that asks before it posts (a <details> disclosure: two clicks, no script). */
export function ConfirmButton(p: {
  action: string;
  label: string;
  question: string;
  confirm?: string;
  danger?: boolean;
  fields?: Record<string, string>;
}): VNode {
  return (
    <details class="cs-confirm">
      <summary class={`cs-btn small ${p.danger ? 'danger' : ''}`}>{p.label}</summary>
      <div class="box">
        <p style="margin:0 0 8px">{p.question}</p>
        <form method="post" action={p.action}>
          {Object.entries(p.fields ?? {}).map(([k, v]) => (
            <input type="hidden" name={k} value={v} />
          ))}
          <button class={`cs-btn small ${p.danger ? 'danger' : 'primary'}`}>{p.confirm ?? '确定'}</button>
        </form>
      </div>
    </details>
  );
}

export interface Crumb {
  label: string;
  href?: string;
}

/** A page body under breadcrumbs (the message pages use it); the shell gives the document title. */
export function Frame(p: { title: string; crumbs?: Crumb[]; children?: ComponentChildren }): VNode {
  return (
    <div>
      <nav class="cs-crumbs" aria-label={p.title}>
        {(p.crumbs ?? []).map((c, i) => (
          <span>
            {i > 0 && <span class="sep">/</span>}
            {c.href ? <a href={c.href}>{c.label}</a> : <span>{c.label}</span>}
          </span>
        ))}
      </nav>
      {p.children}
    </div>
  );
}

/**
 * A value that may be very long (a path with a token, a URL): shown whole up to `max` characters,
 * beyond that cut with … (the whole value in the tooltip) and a 复制 button that copies all of it.
 * `id` must be unique on the page (the copy button finds the whole value by it).
 */
export function LongValue(p: { id: string; value: string; max?: number; class?: string }): VNode {
  const max = p.max ?? 160;
  if (p.value.length <= max) return <span class={p.class}>{p.value}</span>;
  return (
    <span class={`cs-long ${p.class ?? ''}`}>
      <span class="v" title={p.value}>
        {p.value.slice(0, max)}…
      </span>
      <span id={p.id} hidden>
        {p.value}
      </span>
      <button type="button" class="cs-btn link small" data-copy={`#${p.id}`} title="复制完整内容 (copy)">
        复制
      </button>
    </span>
  );
}
