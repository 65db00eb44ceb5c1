/**
 * 事件推送 (the tenant's events): each directory event — its type, its time on the tenant clock, its
 * payload in both wire forms (the HTTP push's decrypted JSON and the Stream frame's data) — and per
 * subscribed app every delivery attempt: time, outcome, HTTP status, what the receiver answered, why it
 * counted as failed; pending ones with their next try. Everything a receiver said is shown as text.
 */
import type { VNode } from 'preact';
import { httpPayload, streamPayload, type DingTalkEvent } from '../../../domain/events/directory-events.ts';
import type { Delivery, DeliveryAttempt, EventSubscription } from '../../../domain/events/event-outbox.ts';
import { EVENT_NAMES } from '../apps/event-subscription.tsx';
import { paths, withQuery } from '../paths.ts';
import { spanText } from '../shell.tsx';
import { LongValue, Title } from '../widgets.tsx';
import { cst } from './clock.tsx';

const STATES: Record<Delivery['state'], [string, string, string]> = {
  pending: ['待推送', 'pending', 'warn'],
  delivered: ['已送达', 'delivered', 'on'],
  failed: ['推送失败', 'failed: no retries left', 'bad'],
  dropped: ['已丢弃', 'dropped', 'off'],
};

const PRE =
  'white-space:pre-wrap;overflow-wrap:anywhere;background:#f7f8fa;border-radius:6px;padding:8px;margin:4px 0';

export interface EventsPageProps {
  corpId: string;
  now: number;
  events: { event: DingTalkEvent; deliveries: Delivery[] }[];
  subscriptions: EventSubscription[];
  appName: (appKey: string) => string;
  /** Only this app's deliveries (from its 事件订阅 page). */
  app?: string;
  retryDelaysMs: readonly number[];
}

export function EventsPage(p: EventsPageProps): VNode {
  return (
    <div>
      <Title zh="事件推送" en="Events and their deliveries" />
      <section class="cs-panel">
        <h2>
          事件订阅<span class="en">Subscriptions</span>
        </h2>
        {p.subscriptions.length === 0 ? (
          <p class="muted" id="events-no-subscription">
            暂无应用订阅事件：在应用的「开发配置 › 事件订阅」中订阅。
            <span class="en">No app subscribes yet: subscribe on an app&apos;s 事件订阅 page.</span>
          </p>
        ) : (
          <table class="cs-table" id="subscriptions">
            <thead>
              <tr>
                <th>应用</th>
                <th>推送方式</th>
                <th>请求网址</th>
                <th>事件</th>
              </tr>
            </thead>
            <tbody>
              {p.subscriptions.map((s) => (
                <tr data-app={s.appKey}>
                  <td>
                    <a href={paths.app(p.corpId, s.appKey, 'events')}>{p.appName(s.appKey)}</a>
                    <div class="en-line mono">{s.appKey}</div>
                  </td>
                  <td>{s.channel === 'http' ? 'HTTP推送' : 'Stream模式推送'}</td>
                  <td class="mono wrap">{s.http?.url ?? '—'}</td>
                  <td class="small">{s.eventTypes === '*' ? '全部 (all)' : s.eventTypes.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p class="help">
          失败的 HTTP 推送按沙箱的重试间隔（{p.retryDelaysMs.map((ms) => spanText(ms)).join('、')}
          ，按本组织时钟）重试，之后留给 get_call_back_failed_result；移动
          <a href={paths.clock(p.corpId)}>时钟</a>
          可让重试立即到期。
          <span class="en">
            Failed HTTP pushes are retried on this schedule (inferred; tenant clock), then kept for
            get_call_back_failed_result. Move the clock to bring a retry due.
          </span>
        </p>
      </section>
      <section class="cs-panel">
        <div class="cs-toolbar">
          <h2 style="margin:0">
            事件<span class="en">Events, newest first</span>
          </h2>
          {p.app && (
            <span class="small">
              只看应用 {p.appName(p.app)} <a href={paths.events(p.corpId)}>查看全部 (all apps)</a>
            </span>
          )}
          <span class="grow" />
          <a class="cs-btn small" href={withQuery(paths.events(p.corpId), { app: p.app })}>
            刷新
          </a>
        </div>
        {p.events.length === 0 && (
          <p class="cs-empty muted" id="events-empty">
            暂无事件：在通讯录中增加、修改或离职一个成员，或增删部门。
            <span class="en">No events yet: add, change or remove a user or a department.</span>
          </p>
        )}
        {p.events.map(({ event, deliveries }) => (
          <EventCard
            {...p}
            event={event}
            deliveries={deliveries.filter((d) => !p.app || d.appKey === p.app)}
          />
        ))}
      </section>
    </div>
  );
}

function EventCard(p: EventsPageProps & { event: DingTalkEvent; deliveries: Delivery[] }): VNode {
  const e = p.event;
  const subject = e.userIds
    ? `成员 ${e.userIds.join(', ')}`
    : e.deptIds
      ? `部门 ${e.deptIds.join(', ')}`
      : '';
  return (
    <article
      class="cs-panel"
      style="border:1px solid #e5e6eb"
      data-event={e.eventId}
      data-event-type={e.eventType}
    >
      <h3 style="margin-top:0">
        {EVENT_NAMES[e.eventType]} <span class="mono">{e.eventType}</span>
        <span class="en">
          {subject} · {cst(e.bornAt)} (本组织时钟 tenant clock) · eventId{' '}
          <span class="mono">{e.eventId}</span>
        </span>
      </h3>
      <div style="display:flex;gap:16px;flex-wrap:wrap">
        <div style="flex:1;min-width:260px">
          <div class="small muted">HTTP 推送（解密后）· HTTP push, decrypted</div>
          <pre class="mono event-http" style={PRE}>
            {JSON.stringify(httpPayload(e), null, 2)}
          </pre>
        </div>
        <div style="flex:1;min-width:260px">
          <div class="small muted">Stream 推送 data · Stream frame data</div>
          <pre class="mono event-stream" style={PRE}>
            {JSON.stringify(streamPayload(e), null, 2)}
          </pre>
        </div>
      </div>
      {p.deliveries.length === 0 ? (
        <p class="small muted">
          没有应用订阅此事件 <span class="en">no app subscribed to this event</span>
        </p>
      ) : (
        p.deliveries.map((d) => <DeliveryBlock {...p} delivery={d} />)
      )}
    </article>
  );
}

function DeliveryBlock(p: EventsPageProps & { delivery: Delivery }): VNode {
  const d = p.delivery;
  const [zh, en, tag] = STATES[d.state];
  return (
    <div
      class="event-delivery"
      data-delivery={d.id}
      data-app={d.appKey}
      data-state={d.state}
      style="margin-top:8px"
    >
      <div>
        推送给 <a href={paths.app(p.corpId, d.appKey, 'events')}>{p.appName(d.appKey)}</a>{' '}
        <span class="mono small">{d.appKey}</span> · {d.channel === 'http' ? 'HTTP推送' : 'Stream模式推送'} ·{' '}
        <span class={`cs-tag ${tag}`}>{zh}</span>
        <span class="en">{en}</span>
        {d.state === 'pending' && (
          <span class="small next-try">
            {' '}
            · 下次推送 {cst(d.nextAt)}
            {d.nextAt > p.now ? `（${spanText(d.nextAt - p.now)}后）` : '（已到期）'}
            {d.inFlight ? ' · 推送中' : ''}
            <span class="en">next try{d.inFlight ? ', in flight' : ''}</span>
          </span>
        )}
      </div>
      {d.attempts.length > 0 && (
        <table class="cs-table small" style="margin-top:4px">
          <thead>
            <tr>
              <th>#</th>
              <th>
                时间 <span class="en">time</span>
              </th>
              <th>
                结果 <span class="en">outcome</span>
              </th>
              <th>
                HTTP 状态 <span class="en">status</span>
              </th>
              <th>
                接收方返回 <span class="en">answer</span>
              </th>
              <th>
                原因 <span class="en">why</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.attempts.map((a, i) => (
              <AttemptRow attempt={a} n={i + 1} id={`${d.id}-${i}`} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function AttemptRow(p: { attempt: DeliveryAttempt; n: number; id: string }): VNode {
  const a = p.attempt;
  return (
    <tr class="event-attempt" data-ok={a.ok ? '1' : '0'}>
      <td>{p.n}</td>
      <td class="mono nowrap">{cst(a.at)}</td>
      <td>{a.ok ? <span class="cs-tag on">成功</span> : <span class="cs-tag bad">失败</span>}</td>
      <td class="mono">{a.status ?? '—'}</td>
      <td class="mono wrap attempt-answer">
        {a.answer === undefined ? '—' : <LongValue id={`answer-${p.id}`} value={a.answer} max={200} />}
      </td>
      <td>
        {a.reasonZh}
        <div class="en-line">{a.reason}</div>
      </td>
    </tr>
  );
}
