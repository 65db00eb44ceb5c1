/**
 * Console pages for messages: the people of a tenant with their unread counts, one person's inbox
 * (工作通知 and robot one-to-one messages), one message (opening it marks it read), and the list of
 * chats (groups, one-to-one chats with bots; each chat's page is chat-page.tsx). Class names: sb-* for the console frame, dt-* for messages.
 */
import type { VNode } from 'preact';
import type { InboxItem } from '../../domain/messaging/mailbox.ts';
import type { ChatConfig } from '../../domain/messaging/robots.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { Frame as Layout, type Crumb } from './widgets.tsx';
import { MessageBody } from './message-card.tsx';
import { paths } from './paths.ts';

const base = (t: Tenant) => `/__sandbox/tenants/${encodeURIComponent(t.corpId)}`;
/** Uploaded media files (media/upload) are served by the console: media-routes.ts. */
const mediaPath = (t: Tenant, mediaId: string) => paths.media(t.corpId, mediaId);
const time = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

function crumbs(t: Tenant, ...more: Crumb[]): Crumb[] {
  return [{ label: t.name, href: base(t) }, { label: '消息', href: `${base(t)}/inbox` }, ...more];
}

export interface InboxRow {
  userid: string;
  name: string;
  unread: number;
  total: number;
}

export interface ChatRow {
  chat: ChatConfig;
  /** A group's name; 「机器人」 · person for a one-to-one chat with a bot. */
  title: string;
  /** The app bots in it, by name. */
  bots: string[];
  count: number;
  unread: number;
}

export function InboxIndexPage(props: {
  tenant: Tenant;
  rows: InboxRow[];
  page: number;
  pages: number;
  chats: ChatRow[];
  /** The tenant's bots, for 发起单聊 (open a one-to-one chat). */
  bots: { robotCode: string; name: string }[];
}): VNode {
  const t = props.tenant;
  return (
    <Layout title="消息" crumbs={crumbs(t)}>
      <section class="sb-panel">
        <h1>
          会话 <span class="en">chats</span>
        </h1>
        <table class="sb-table sb-chats">
          <thead>
            <tr>
              <th>
                名称 <span class="en">name</span>
              </th>
              <th>
                类型 <span class="en">kind</span>
              </th>
              <th>
                机器人 <span class="en">bots</span>
              </th>
              <th>消息</th>
              <th>未读</th>
            </tr>
          </thead>
          <tbody>
            {props.chats.map(({ chat, title, bots, count, unread }) => (
              <tr key={chat.openConversationId} data-kind={chat.kind ?? 'group'}>
                <td>
                  <a href={paths.chat(t.corpId, chat.openConversationId)}>{title}</a>
                </td>
                <td>
                  {chat.kind === 'oto' ? (
                    <>
                      单聊 <span class="en">one-to-one</span>
                    </>
                  ) : (
                    <>
                      群聊 <span class="en">group</span>
                    </>
                  )}
                </td>
                <td class="sb-muted">{bots.join('、')}</td>
                <td>{count}</td>
                <td>
                  {unread > 0 ? <span class="sb-badge">{unread}</span> : <span class="sb-muted">0</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {props.bots.length > 0 && (
          <form method="post" action={paths.chat(t.corpId, 'oto')} class="sb-oto">
            <label>
              与机器人单聊 <span class="en">talk to a bot one-to-one</span>{' '}
              <select name="robotCode" aria-label="机器人 bot">
                {props.bots.map((b) => (
                  <option value={b.robotCode}>{b.name}</option>
                ))}
              </select>
            </label>{' '}
            <label>
              成员 <span class="en">as</span>{' '}
              <input
                type="text"
                name="userid"
                placeholder="userid"
                value={props.rows[0]?.userid ?? ''}
                aria-label="userid"
              />
            </label>{' '}
            <button class="cs-btn small primary">
              发起单聊 <span class="en">open</span>
            </button>
          </form>
        )}
      </section>
      <section class="sb-panel">
        <h1>成员收件箱</h1>
        <table class="sb-table sb-users">
          <thead>
            <tr>
              <th>姓名</th>
              <th>userid</th>
              <th>消息</th>
              <th>未读</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.userid} data-userid={r.userid}>
                <td>
                  <a href={`${base(t)}/inbox/${encodeURIComponent(r.userid)}`}>{r.name}</a>
                </td>
                <td class="sb-muted">{r.userid}</td>
                <td>{r.total}</td>
                <td>
                  {r.unread > 0 ? (
                    <span class="sb-badge sb-unread">{r.unread}</span>
                  ) : (
                    <span class="sb-muted">0</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {props.pages > 1 && (
          <div class="sb-pager">
            {props.page > 1 && <a href={`?page=${props.page - 1}`}>上一页</a>}
            <span class="sb-muted">
              {props.page} / {props.pages}
            </span>
            {props.page < props.pages && <a href={`?page=${props.page + 1}`}>下一页</a>}
          </div>
        )}
      </section>
    </Layout>
  );
}

function senderLine(item: InboxItem): VNode {
  const s = item.delivery.message.sender;
  return s.kind === 'app' ? (
    <>
      <span class="dt-sender">工作通知 · {s.name}</span>
    </>
  ) : (
    <>
      <span class="dt-sender">{s.name}</span>
      <span class="dt-tag">机器人</span>
    </>
  );
}

function InboxEntry(props: { tenant: Tenant; userid: string; item: InboxItem; open?: boolean }): VNode {
  const { item } = props;
  const d = item.delivery;
  const href = `${base(props.tenant)}/inbox/${encodeURIComponent(props.userid)}/${encodeURIComponent(item.messageId)}`;
  const content =
    d.message.content.type === 'oa' ? { ...d.message.content, statusBar: d.statusBar } : d.message.content;
  return (
    <div class="dt-item" data-message-id={item.messageId} data-read={item.readAt !== null ? 'true' : 'false'}>
      <div class="dt-avatar">{d.message.sender.name.slice(0, 2)}</div>
      <div>
        <div class="dt-meta">
          {senderLine(item)}
          <span>{time(d.message.sentAt)}</span>
          {item.readAt === null ? <span class="dt-unread">未读</span> : <span class="dt-read">已读</span>}
          {!props.open && (
            <a class="dt-open" href={href}>
              打开
            </a>
          )}
        </div>
        {d.recalledAt !== null ? (
          <div class="dt-recalled">此消息已被撤回</div>
        ) : (
          <MessageBody content={content} mediaUrl={(id) => mediaPath(props.tenant, id)} />
        )}
      </div>
    </div>
  );
}

export function UserInboxPage(props: {
  tenant: Tenant;
  userid: string;
  name: string;
  items: InboxItem[];
}): VNode {
  const t = props.tenant;
  return (
    <Layout title={`${props.name} 的消息`} crumbs={crumbs(t, { label: props.name })}>
      <section class="sb-panel">
        <h1>
          {props.name} <span class="sb-muted">({props.userid})</span>
        </h1>
        {props.items.length === 0 && <p class="sb-muted">暂无消息</p>}
        <div class="dt-conv">
          {props.items.map((item) => (
            <InboxEntry key={item.messageId} tenant={t} userid={props.userid} item={item} />
          ))}
        </div>
      </section>
    </Layout>
  );
}

export function MessagePage(props: { tenant: Tenant; userid: string; name: string; item: InboxItem }): VNode {
  const t = props.tenant;
  return (
    <Layout
      title={`${props.name} 的消息`}
      crumbs={crumbs(
        t,
        { label: props.name, href: `${base(t)}/inbox/${encodeURIComponent(props.userid)}` },
        { label: props.item.messageId },
      )}
    >
      <section class="sb-panel">
        <InboxEntry tenant={t} userid={props.userid} item={props.item} open />
      </section>
    </Layout>
  );
}
