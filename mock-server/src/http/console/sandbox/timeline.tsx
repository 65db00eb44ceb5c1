/**
 * 登录时间线 — a login (or any flow) drawn as a vertical timeline of the calls it made, with ok /
 * refused / fault markers, so a person sees at which step it broke and why.
 */
import type { VNode } from 'preact';
import type { Flow } from '../../../domain/journal/journal-flows.ts';
import type { JournalEntry } from '../../../domain/journal/journal.ts';
import { paths, withQuery } from '../paths.ts';
import { LongValue, Title } from '../widgets.tsx';
import { clockTime, Outcome, Reason, ScenarioLinks } from './journal.tsx';

const MARK: Record<string, string> = { ok: '✓', refused: '✕', fault: '⚡', error: '!' };

export interface FlowFilter {
  app: string;
  user: string;
  gap: number;
  at?: number;
}

export function FlowView(p: {
  flow: Flow;
  appName: (appKey: string | undefined) => string;
  scenarios: (e: JournalEntry) => string[];
}): VNode {
  const f = p.flow;
  const brokeAt = f.brokeAt;
  const seconds = ((f.endedAt - f.startedAt) / 1000).toFixed(2);
  return (
    <section class="cs-panel cs-flow" data-flow={String(f.id)}>
      <div class="cs-flowhead">
        <strong>{p.appName(f.appKey)}</strong>
        {f.userids.length > 0 && <span class="mono small">{f.userids.join(', ')}</span>}
        <span class="small muted">
          {clockTime(f.startedAt)} · {seconds} s · {f.steps.length} 步
        </span>
        <span class="small">
          {(['ok', 'refused', 'fault', 'error'] as const)
            .filter((o) => f.counts[o] > 0)
            .map((o) => `${o} ${f.counts[o]}`)
            .join(' · ')}
        </span>
        {brokeAt ? (
          <span class="cs-tag bad flow-verdict">中断于 {brokeAt.route ?? brokeAt.path}</span>
        ) : (
          <span class="cs-tag on flow-verdict">完成 completed</span>
        )}
      </div>
      <ol class="cs-timeline">
        {f.steps.map((s) => {
          const e = s.entry;
          const ids = p.scenarios(e);
          return (
            <li class={e === brokeAt ? 'broke' : ''} data-outcome={e.outcome}>
              <span class={`dot ${e.outcome}`}>{MARK[e.outcome]}</span>
              <div class="step">
                <span class="mono small muted">+{((e.at - f.startedAt) / 1000).toFixed(2)} s</span>
                <strong>{e.route ?? '（未知接口）'}</strong>
                <span class="mono small">
                  {e.method} <LongValue id={`path-${f.id}-${e.seq}`} value={e.path} />
                </span>
                <Outcome outcome={e.outcome} />
                {e.code && <span class="mono small">{e.code}</span>}
                {s.repeats > 1 && <span class="small muted">×{s.repeats}</span>}
                {e.userid && <span class="mono small muted">{e.userid}</span>}
              </div>
              {e.reason && <Reason entry={e} class="why small" />}
              {ids.length > 0 && (
                <div class="small">
                  场景 <ScenarioLinks ids={ids} />
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function TimelinePage(p: {
  corpId: string;
  flows: Flow[];
  filter: FlowFilter;
  apps: { appKey: string; name: string }[];
  appName: (appKey: string | undefined) => string;
  scenarios: (e: JournalEntry) => string[];
}): VNode {
  const base = paths.flows(p.corpId);
  return (
    <div>
      <Title zh="登录时间线" en="Flows as timelines — where did it break?" />
      <section class="cs-panel">
        <form method="get" action={base} class="cs-toolbar">
          <select name="app" aria-label="应用">
            <option value="">全部应用</option>
            {p.apps.map((a) => (
              <option value={a.appKey} selected={a.appKey === p.filter.app}>
                {a.name}
              </option>
            ))}
          </select>
          <input type="search" name="user" value={p.filter.user} placeholder="userid" aria-label="userid" />
          <label class="small">
            间隔 gap (s){' '}
            <input type="number" name="gap" min={1} value={String(p.filter.gap)} style="width:80px" />
          </label>
          <button class="cs-btn primary">筛选</button>
          {p.filter.at !== undefined && (
            <a class="cs-btn" href={base}>
              全部时间线
            </a>
          )}
        </form>
        <p class="help" style="margin:0">
          同一应用相隔不超过 gap 秒（租户时钟）的调用归为一次流程；授权页 / 扫码页 / requestAuthCode
          开始新的流程。Calls of one app within the gap form a flow; a login's first page starts a new one.
        </p>
      </section>
      {p.flows.length === 0 && <div class="cs-panel cs-empty">暂无内容</div>}
      {p.flows.map((flow) => (
        <FlowView flow={flow} appName={p.appName} scenarios={p.scenarios} />
      ))}
      {p.filter.at === undefined && p.flows.length > 0 && (
        <p class="muted small">
          只显示最近的流程 (most recent flows).{' '}
          <a href={withQuery(paths.journal(p.corpId), { app: p.filter.app })}>请求日志 →</a>
        </p>
      )}
    </div>
  );
}
