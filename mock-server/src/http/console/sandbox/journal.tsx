/**
 * 请求日志 (the request journal): every call newest first, filterable by route, outcome, app and
 * text; each refusal with its reason in words and a link to the scenario it is an instance of; an
 * in-app code exchange can be replayed with the same code (重放, E5).
 */
import type { VNode } from 'preact';
import type { JournalEntry } from '../../../domain/journal/journal.ts';
import { paths, withQuery } from '../paths.ts';
import { LongValue, Title } from '../widgets.tsx';
import { isReplayable } from './journal-replay.ts';

export interface JournalFilter {
  route: string;
  outcome: string;
  app: string;
  q: string;
  source: '' | 'unattributed';
}

export const clockTime = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 23);

export function Outcome(p: { outcome: string }): VNode {
  const label: Record<string, string> = {
    ok: '成功 ok',
    refused: '拒绝 refused',
    fault: '故障 fault',
    error: '错误 error',
  };
  return <span class={`cs-outcome ${p.outcome}`}>{label[p.outcome] ?? p.outcome}</span>;
}

/** A refusal's reason: Chinese first, the English beside it in small grey text. */
export function Reason(p: { entry: JournalEntry; class?: string }): VNode {
  const e = p.entry;
  return (
    <div class={p.class ?? 'reason'}>
      <div class="zh">{e.reasonZh ?? e.reason}</div>
      {e.reasonZh && <div class="en-line">{e.reason}</div>}
    </div>
  );
}

export function ScenarioLinks(p: { ids: string[] }): VNode {
  return (
    <span>
      {p.ids.map((id) => (
        <a class="cs-scn" href={paths.scenario(id)} title={`场景 ${id}`}>
          {id}
        </a>
      ))}
    </span>
  );
}

export function JournalPage(p: {
  corpId: string;
  entries: JournalEntry[];
  filter: JournalFilter;
  routeIds: string[];
  apps: { appKey: string; name: string }[];
  appName: (appKey: string | undefined) => string;
  scenarios: (e: JournalEntry) => string[];
  older: number | null;
  total: number;
}): VNode {
  const base = paths.journal(p.corpId);
  const f = p.filter;
  return (
    <div>
      <Title zh="请求日志" en={f.source ? 'Journal — calls tied to no tenant' : 'Journal'} />
      <section class="cs-panel">
        <form method="get" action={base} class="cs-toolbar" role="search">
          {f.source && <input type="hidden" name="source" value={f.source} />}
          <select name="route" aria-label="接口 route">
            <option value="">全部接口 (route)</option>
            {p.routeIds.map((r) => (
              <option value={r} selected={r === f.route}>
                {r}
              </option>
            ))}
          </select>
          <select name="outcome" aria-label="结果 outcome">
            <option value="">全部结果</option>
            {['ok', 'refused', 'fault', 'error'].map((o) => (
              <option value={o} selected={o === f.outcome}>
                {o}
              </option>
            ))}
          </select>
          <select name="app" aria-label="应用 app">
            <option value="">全部应用</option>
            {p.apps.map((a) => (
              <option value={a.appKey} selected={a.appKey === f.app}>
                {a.name}
              </option>
            ))}
          </select>
          <input
            type="search"
            name="q"
            value={f.q}
            placeholder="路径、原因、错误码、userid…"
            aria-label="文本"
          />
          <button class="cs-btn primary">筛选</button>
          <a class="cs-btn" href={base}>
            清除
          </a>
          <span class="grow" />
          <a href={f.source ? base : withQuery(base, { source: 'unattributed' })} class="small">
            {f.source ? '← 本组织的调用' : '未归属的调用 (unattributed)'}
          </a>
        </form>
        <div class="small muted" style="margin-bottom:6px">
          {p.entries.length} 条（共 {p.total} 条，最新在前；tenant clock, UTC+8）
        </div>
        <table class="cs-table" id="journal-table">
          <thead>
            <tr>
              <th>时间</th>
              <th>调用</th>
              <th>应用 / 用户</th>
              <th>结果</th>
              <th>原因 / 场景</th>
            </tr>
          </thead>
          <tbody>
            {p.entries.length === 0 && (
              <tr>
                <td colSpan={5} class="cs-empty">
                  暂无内容
                </td>
              </tr>
            )}
            {p.entries.map((e) => {
              const ids = p.scenarios(e);
              return (
                <tr data-seq={String(e.seq)} data-outcome={e.outcome}>
                  <td class="small mono" style="white-space:nowrap">
                    {clockTime(e.at)}
                    <div class="muted">#{e.seq}</div>
                  </td>
                  <td class="wrap">
                    <span class="mono small">
                      {e.method} <LongValue id={`path-${e.seq}`} value={e.path} />
                    </span>
                    <div class="small muted">
                      {e.host} · {e.route ?? '（无此接口 unknown path）'} · HTTP {e.status} · {e.durationMs}{' '}
                      ms
                    </div>
                  </td>
                  <td class="small">
                    {p.appName(e.appKey)}
                    {e.userid && <div class="mono muted">{e.userid}</div>}
                  </td>
                  <td>
                    <Outcome outcome={e.outcome} />
                    {e.code && <div class="mono small">{e.code}</div>}
                  </td>
                  <td class="wrap small">
                    {e.reason && <Reason entry={e} />}
                    {ids.length > 0 && (
                      <div>
                        场景 <ScenarioLinks ids={ids} />
                      </div>
                    )}
                    {!f.source && (
                      <a class="muted" href={withQuery(paths.flows(p.corpId), { at: e.seq })}>
                        时间线 →
                      </a>
                    )}
                    {!f.source && isReplayable(e) && (
                      <form method="post" action={`${base}/${e.seq}/replay`} class="cs-inline">
                        <button
                          class="cs-btn small"
                          title="用同一个免登码再换取一次，复现 E5 (replay with the same code)"
                        >
                          重放 replay
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {p.older !== null && (
          <div class="cs-pager">
            <a class="cs-btn small" href={withQuery(base, { ...f, before: p.older })}>
              更早的调用 older →
            </a>
          </div>
        )}
      </section>
    </div>
  );
}
