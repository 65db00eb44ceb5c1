/**
 * The console's chat page (B2, B3, B5, B6, B7): a group chat or a person's one-to-one chat with a bot,
 * drawn as the DingTalk client draws it (the person you are on the right in a light-blue bubble, bots
 * on the left with their 机器人 tag), and a compose box to talk to the chat's bots as a person of it —
 * text, @机器人 in groups, a picture or a file. Card messages show their current data as the chosen
 * person sees it (public data with their private data over it) and, when the card calls back over
 * Stream, a form that presses a button as that person. The conversation block is also served alone
 * (`?part=conv`): the console script polls it and swaps it in, so replies appear without a reload and
 * everything stays server-rendered and escaped.
 */
import type { VNode } from 'preact';
import type { CardInstance } from '../../domain/cards/cards.ts';
import type { Chat, ChatMessage } from '../../domain/chats/chats.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { MessageBody, type MentionTarget } from './message-card.tsx';
import { paths, withQuery } from './paths.ts';
import { Frame as Layout } from './widgets.tsx';

const time = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/** Largest file the page reads into the form (base64 in a 1 MB form body). */
export const CHAT_FILE_MAX_BYTES = 700 * 1024;

export const chatPath = (corpId: string, id: string, as?: string): string =>
  withQuery(paths.chat(corpId, id), { as });

export interface ChatBot {
  robotCode: string;
  name: string;
}

export interface ChatView {
  tenant: Tenant;
  chat: Chat;
  messages: ChatMessage[];
  members: MentionTarget[];
  /** The chat's app bots (robotCodes that are bots of the tenant). */
  bots: ChatBot[];
  /** Who the page writes and presses as (a member; a one-to-one chat's person). */
  as: string;
  /** A value typed before a refusal (the flash's form), else the default. */
  form: (name: string, current: string) => string;
}

/** The chat's title: a group's name; 「机器人」 · person for a one-to-one chat. */
export function chatTitle(chat: Chat, personName: (userid: string) => string): string {
  return chat.kind === 'oto' ? `${chat.name} · ${personName(chat.ownerUserid)}` : chat.name;
}

export function ChatPage(v: ChatView): VNode {
  const { tenant: t, chat } = v;
  const corpId = t.corpId;
  const nameOf = (uid: string) => v.members.find((m) => m.userid === uid)?.name ?? uid;
  const title = chatTitle(chat, nameOf);
  return (
    <Layout
      title={title}
      crumbs={[
        { label: t.name, href: paths.tenant(corpId) },
        { label: '消息', href: paths.inbox(corpId) },
        { label: title },
      ]}
    >
      <section class="sb-panel">
        <h1>
          {title}{' '}
          {chat.kind === 'oto' ? (
            <span class="sb-muted">
              单聊 <span class="en">one-to-one with a bot</span>
            </span>
          ) : (
            <span class="sb-muted">({chat.memberUserids.length} 人)</span>
          )}
        </h1>
        {chat.kind === 'group' && v.members.length > 0 && (
          <form method="get" action={chatPath(corpId, chat.openConversationId)} class="dt-as">
            <label for="chat-as">
              我是 <span class="en">I am</span>{' '}
              <select id="chat-as" name="as" data-autosubmit>
                {v.members.map((m) => (
                  <option value={m.userid} selected={m.userid === v.as}>
                    {m.name} ({m.userid})
                  </option>
                ))}
              </select>
            </label>
            <noscript>
              <button class="cs-btn small">切换 (switch)</button>
            </noscript>
          </form>
        )}
        {chat.kind === 'group' && v.as && v.as !== chat.ownerUserid && (
          <form method="post" action={`${chatPath(corpId, chat.openConversationId)}/quit`} class="dt-quit">
            <input type="hidden" name="as" value={v.as} />
            <button class="cs-btn small">
              退出该群 <span class="en">leave the group</span>
            </button>
          </form>
        )}
        <div
          class="dt-conv"
          id="chat-conv"
          data-live={withQuery(chatPath(corpId, chat.openConversationId), { part: 'conv', as: v.as })}
        >
          <Conversation {...v} />
        </div>
        <Compose {...v} />
      </section>
    </Layout>
  );
}

/** The messages, oldest first (what the page polls and swaps in). */
export function Conversation(v: Omit<ChatView, 'form'>): VNode {
  const t = v.tenant;
  if (v.messages.length === 0)
    return (
      <p class="sb-muted">
        暂无消息 <span class="en">no messages yet</span>
      </p>
    );
  return (
    <>
      {v.messages.map((m) => {
        const hide = m.content.type === 'actionCard' && m.content.hideAvatar;
        const mine = m.sender.kind === 'person' && m.sender.userid === v.as;
        const card = m.content.type === 'card' ? t.cards.get(m.content.outTrackId) : undefined;
        return (
          <div class={`dt-item${mine ? ' dt-mine' : ''}`} key={m.id} data-message-id={m.id}>
            {!hide && <div class="dt-avatar">{m.sender.name.slice(0, 2)}</div>}
            <div>
              <div class="dt-meta">
                <span class="dt-sender">{m.sender.name}</span>
                {m.sender.kind === 'robot' || m.sender.kind === 'appRobot' ? (
                  <span class="dt-tag">机器人</span>
                ) : m.sender.kind === 'app' ? (
                  <span class="dt-tag">
                    应用 <span class="en">app</span>
                  </span>
                ) : null}
                <span>{time(m.sentAt)}</span>
              </div>
              {m.recalledAt !== undefined ? (
                <div class="dt-recalled">
                  此消息已被撤回 <span class="en">recalled</span>
                </div>
              ) : (
                <MessageBody
                  content={m.content}
                  at={m.at}
                  members={v.members}
                  mediaUrl={(id) => paths.media(t.corpId, id)}
                  card={(id) => {
                    const c = t.cards.get(id);
                    return c && { status: c.status, data: t.cards.seenBy(c, v.as) };
                  }}
                />
              )}
              {m.reactions && (
                <div class="dt-reactions">
                  {m.reactions.map((r) => (
                    <span class="dt-reaction" title={r.robotCode}>
                      {r.emotionName}
                    </span>
                  ))}
                </div>
              )}
              {card && card.callbackType === 'STREAM' && v.as && m.recalledAt === undefined && (
                <PressForm {...v} card={card} />
              )}
            </div>
          </div>
        );
      })}
    </>
  );
}

/** Press a button of a card as the chosen person: its params (the template's) and action ids. */
function PressForm(v: Omit<ChatView, 'form'> & { card: CardInstance }): VNode {
  const action = `${chatPath(v.tenant.corpId, v.chat.openConversationId)}/cards/${encodeURIComponent(v.card.outTrackId)}/press`;
  return (
    <form method="post" action={action} class="dt-press" data-out-track-id={v.card.outTrackId}>
      <input type="hidden" name="as" value={v.as} />
      <input
        type="text"
        name="params"
        value='{"action":"ok"}'
        aria-label="按钮参数 params (JSON)"
        title="按钮的回传参数 params（JSON 对象） the button's callback params (a JSON object)"
      />
      <input
        type="text"
        name="actionIds"
        value=""
        placeholder="actionIds（可空 optional）"
        aria-label="组件 ID actionIds"
      />
      <button class="cs-btn small">
        按下按钮 <span class="en">press</span>
      </button>
    </form>
  );
}

function Compose(v: ChatView): VNode {
  const { chat } = v;
  const corpId = v.tenant.corpId;
  if (v.bots.length === 0)
    return (
      <p class="sb-muted dt-compose-none">
        群里没有应用机器人，无人可对话 <span class="en">no app bot in this chat: nobody to talk to</span>
      </p>
    );
  const group = chat.kind === 'group';
  const atDefault = v.form('at', v.bots[0]!.robotCode);
  return (
    <form
      class="cs-form dt-compose"
      method="post"
      action={`${chatPath(corpId, chat.openConversationId)}/messages`}
      id="chat-compose"
    >
      <input type="hidden" name="from" value={v.as} />
      <textarea
        id="chat-text"
        name="text"
        maxLength={5000}
        value={v.form('text', '')}
        placeholder="请输入消息 (type a message)"
        aria-label="消息 message"
      />
      <div class="dt-compose-row">
        {group &&
          v.bots.map((b) => (
            <label class="dt-at-bot">
              <input
                type="checkbox"
                name="at"
                value={b.robotCode}
                checked={atDefault.includes(b.robotCode)}
              />
              <span class="dt-at">@{b.name}</span>
            </label>
          ))}
        <label class="dt-attach">
          图片/文件 <span class="en">picture or file</span>{' '}
          <input
            type="file"
            id="chat-file"
            data-file-for="chat-file-b64"
            data-file-name="chat-file-name"
            data-file-type="chat-file-type"
            data-error="chat-file-error"
            data-max={String(CHAT_FILE_MAX_BYTES)}
          />
        </label>
        <input type="hidden" name="fileBase64" id="chat-file-b64" value="" />
        <input type="hidden" name="fileName" id="chat-file-name" value="" />
        <input type="hidden" name="fileType" id="chat-file-type" value="" />
        <span class="dt-file-error" id="chat-file-error" />
        <span class="grow" />
        <button class="cs-btn primary" id="chat-send">
          发送 <span class="en">send</span>
        </button>
      </div>
      {group && (
        <div class="en-line">
          群消息只有 @机器人 时才推送给机器人 (a group message reaches a bot only when it @-mentions it)
        </div>
      )}
    </form>
  );
}
