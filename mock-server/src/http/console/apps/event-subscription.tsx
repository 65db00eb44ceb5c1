/**
 * 开发配置 > 事件订阅 (docs/dingtalk/events.md): the push mode (推送方式: Stream模式推送 or HTTP推送), for HTTP
 * the 请求网址, 签名 token and 加密 aes_key (自动生成: 43 letters and digits), and the 通讯录事件 to tick.
 * Saving an HTTP push runs the check_url handshake (events/register.ts); a refusal comes back with the
 * reason and what the URL answered, as text. The saved token and aes_key are shown masked.
 */
import { randomInt } from 'node:crypto';
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import { CHAT_EVENT_NAMES, CHAT_EVENT_TYPES } from '../../../domain/events/chat-events.ts';
import {
  DIRECTORY_EVENT_TYPES,
  EVENT_TYPES,
  type EventType,
} from '../../../domain/events/directory-events.ts';
import type { EventSubscription } from '../../../domain/events/event-outbox.ts';
import { subscriptionView } from '../../../events/register.ts';
import { paths, withQuery } from '../paths.ts';
import { cst } from '../sandbox/clock.tsx';
import { ConfirmButton, Title } from '../widgets.tsx';

/** The names DingTalk gives the address-book (通讯录事件) and group-chat events (群会话事件; docs/dingtalk/events.md). */
export const EVENT_NAMES: Record<EventType | 'check_url', string> = {
  user_add_org: '通讯录用户增加',
  user_modify_org: '通讯录用户更改',
  user_leave_org: '通讯录用户离职',
  org_dept_create: '通讯录企业部门创建',
  org_dept_modify: '通讯录企业部门修改',
  org_dept_remove: '通讯录企业部门删除',
  ...CHAT_EVENT_NAMES,
  check_url: '回调地址校验',
};

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh aes_key (43 characters of [a-zA-Z0-9]) or token, as the console's 自动生成 makes them. */
export function randomAlnum(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

export function EventSubscriptionPage(p: {
  corpId: string;
  app: App;
  subscription?: EventSubscription;
  pending: number;
  form: (name: string, current: string) => string;
}): VNode {
  const { app, corpId, subscription: sub } = p;
  const action = paths.app(corpId, app.appKey, 'events');
  const view = sub && subscriptionView(sub);
  const channel = p.form('channel', sub?.channel ?? 'stream');
  const ticked = p.form(
    'eventTypes',
    !sub
      ? DIRECTORY_EVENT_TYPES.join(',')
      : sub.eventTypes === '*'
        ? EVENT_TYPES.join(',')
        : sub.eventTypes.join(','),
  );
  const tickedSet = new Set(ticked.split(','));
  const keep = Boolean(sub?.http);
  return (
    <div>
      <Title zh="事件订阅" en="Event subscription" />
      <section class="cs-panel" id="event-current">
        <h2>
          当前订阅<span class="en">Current subscription</span>
        </h2>
        {view ? (
          <div class="cs-kv">
            <span class="k">推送方式</span>
            <span id="event-current-channel">
              {view.channel === 'http' ? 'HTTP推送' : 'Stream模式推送'}
              <span class="en">{view.channel}</span>
            </span>
            {view.url !== undefined && (
              <>
                <span class="k">请求网址</span>
                <span class="mono" id="event-current-url">
                  {view.url}
                </span>
                <span class="k">签名 token · 加密 aes_key</span>
                <span class="mono">
                  {view.token} · {view.aesKey}
                  <span class="en">masked</span>
                </span>
                <span class="k">check_url</span>
                <span>
                  {sub?.http?.verifiedAt
                    ? `已通过校验 ${cst(sub.http.verifiedAt)}`
                    : '未校验（由配置文件注册）'}
                  <span class="en">
                    {sub?.http?.verifiedAt ? 'passed' : 'not checked: registered by the config file'}
                  </span>
                </span>
              </>
            )}
            <span class="k">订阅的事件</span>
            <span>
              {view.eventTypes === '*'
                ? '全部事件（通讯录、群会话）'
                : view.eventTypes.map((e) => `${EVENT_NAMES[e]} ${e}`).join('，')}
            </span>
            <span class="k">待推送</span>
            <span>
              {p.pending}
              <span class="en">pending deliveries</span> ·{' '}
              <a href={withQuery(paths.events(corpId), { app: app.appKey })}>
                查看推送记录<span class="en">deliveries</span>
              </a>
            </span>
          </div>
        ) : (
          <p class="muted" id="event-none">
            未订阅事件 <span class="en">this app subscribes to no events</span>
          </p>
        )}
        {view && (
          <div style="margin-top:12px">
            <ConfirmButton
              action={`${action}/delete`}
              label="取消订阅"
              question="取消本应用的事件订阅？待推送的事件将被丢弃。Unsubscribe? Pending deliveries are dropped."
              danger
            />
          </div>
        )}
      </section>
      <section class="cs-panel">
        <form class="cs-form" method="post" action={action} id="event-form">
          <div class="row">
            <span class="label">推送方式：</span>
            <div class="field">
              <label style="margin-right:16px">
                <input type="radio" name="channel" value="stream" checked={channel !== 'http'} />{' '}
                Stream模式推送
                <span class="en">Stream mode (recommended: no public URL)</span>
              </label>
              <label>
                <input type="radio" name="channel" value="http" checked={channel === 'http'} /> HTTP推送
                <span class="en">HTTP push to your URL</span>
              </label>
              <div class="help">
                Stream 模式由应用主动与钉钉建立长连接接收事件；HTTP 推送需要填写请求网址、签名 token 和加密
                aes_key。
              </div>
            </div>
          </div>
          <fieldset id="event-http">
            <legend>
              HTTP推送 <span class="en">only for HTTP push</span>
            </legend>
            <div class="row">
              <label for="event-url">请求网址：</label>
              <div class="field">
                <input
                  id="event-url"
                  type="url"
                  name="url"
                  value={p.form('url', sub?.http?.url ?? '')}
                  placeholder="http://127.0.0.1:8080/dingtalk/events"
                />
                <div class="help">
                  保存时钟钉向该地址推送加密的 check_url 事件，1500 毫秒内返回加密的 success 才能保存。
                </div>
                <div class="help en">
                  Saving sends the encrypted check_url event; the URL must answer the encrypted "success"
                  within 1500 ms.
                </div>
              </div>
            </div>
            <div class="row">
              <label for="event-token">签名 token：</label>
              <div class="field">
                <input
                  id="event-token"
                  type="text"
                  name="eventToken"
                  autocomplete="off"
                  value={p.form('eventToken', keep ? '' : randomAlnum(16))}
                  placeholder={keep ? '留空则保持不变 (empty: keep the saved one)' : ''}
                />
              </div>
            </div>
            <div class="row">
              <label for="event-aeskey">加密 aes_key：</label>
              <div class="field">
                <span class="cs-secret">
                  <input
                    id="event-aeskey"
                    type="text"
                    name="aesKey"
                    autocomplete="off"
                    maxLength={43}
                    style="flex:1;min-width:360px"
                    value={p.form('aesKey', keep ? '' : randomAlnum(43))}
                    placeholder={keep ? '留空则保持不变 (empty: keep the saved one)' : ''}
                  />
                  <button
                    type="button"
                    class="cs-btn small"
                    id="event-aeskey-generate"
                    data-generate-for="event-aeskey"
                  >
                    自动生成
                  </button>
                </span>
                <div class="help">43 位，由大小写字母和数字组成。</div>
                <div class="help en">43 letters and digits; the receiver decrypts with it.</div>
              </div>
            </div>
          </fieldset>
          <div class="row">
            <span class="label">通讯录事件：</span>
            <div class="field" id="event-types">
              {DIRECTORY_EVENT_TYPES.map((e) => (
                <label style="display:block">
                  <input type="checkbox" name="eventTypes" value={e} checked={tickedSet.has(e)} />{' '}
                  {EVENT_NAMES[e]} <span class="en mono">{e}</span>
                </label>
              ))}
            </div>
          </div>
          <div class="row">
            <span class="label">群会话事件：</span>
            <div class="field" id="event-types-chat">
              {CHAT_EVENT_TYPES.map((e) => (
                <label style="display:block">
                  <input type="checkbox" name="eventTypes" value={e} checked={tickedSet.has(e)} />{' '}
                  {EVENT_NAMES[e]} <span class="en mono">{e}</span>
                </label>
              ))}
            </div>
          </div>
          <div class="row">
            <span class="label" />
            <div class="field">
              <button class="cs-btn primary" id="event-save">
                保存
              </button>
            </div>
          </div>
        </form>
      </section>
    </div>
  );
}
