/**
 * One DingTalk message as the client draws it (docs/dingtalk/messaging.md): text, markdown, link card,
 * action card (single button or a vertical / horizontal button list), feed card, OA message,
 * image / file / voice placeholders. Class names (dt-*) are stable for automation.
 */
import type { VNode } from 'preact';
import type { Content, Mentions, OaContent } from '../../domain/messaging/message-content.ts';
import { renderMarkdown, safeHref, safeSrc } from './markdown.ts';

export interface MentionTarget {
  userid: string;
  name: string;
  mobile: string;
}

export function MessageBody(props: {
  content: Content;
  at?: Mentions;
  members?: MentionTarget[];
  /** Where the console serves an uploaded media file (media/upload), by media_id. */
  mediaUrl?: (mediaId: string) => string;
  /** A card message's current state (domain/cards/), by outTrackId; undefined when it is gone. */
  card?: (outTrackId: string) => CardView | undefined;
}): VNode {
  const c = props.content;
  const media = (id: string) => (id && props.mediaUrl ? props.mediaUrl(id) : '');
  switch (c.type) {
    case 'text':
      return (
        <div class="dt-msg dt-msg-text">
          <div class="dt-text">{mentionText(c.content, props.at, props.members ?? [])}</div>
        </div>
      );
    case 'markdown':
      return (
        <div class="dt-msg dt-msg-markdown" data-title={c.title}>
          <Markdown text={c.text} />
        </div>
      );
    case 'link':
      return (
        <div class="dt-msg dt-msg-link">
          <a class="dt-link" href={safeHref(c.messageUrl)} target="_blank" rel="noopener noreferrer">
            <div class="dt-link-title">{c.title}</div>
            <div class="dt-link-row">
              {safeSrc(c.picUrl) && <img src={safeSrc(c.picUrl)} alt="" />}
              <div class="dt-link-text">{c.text}</div>
            </div>
          </a>
        </div>
      );
    case 'actionCard':
      return (
        <div class="dt-msg dt-msg-action-card" data-title={c.title}>
          <Markdown text={c.markdown} />
          {c.single ? (
            <a
              class="dt-single dt-btn-single"
              href={safeHref(c.single.url)}
              target="_blank"
              rel="noopener noreferrer"
            >
              <span>{c.single.title}</span>
              <span>›</span>
            </a>
          ) : (
            <div class={`dt-btns dt-${c.orientation}`}>
              {c.buttons.map((b, i) => (
                <a key={i} class="dt-btn" href={safeHref(b.url)} target="_blank" rel="noopener noreferrer">
                  {b.title}
                </a>
              ))}
            </div>
          )}
        </div>
      );
    case 'feedCard':
      return (
        <div class="dt-msg dt-msg-feed-card dt-feed">
          {c.links.map((l, i) => (
            <a
              key={i}
              class={i === 0 ? 'dt-feed-first' : ''}
              href={safeHref(l.url)}
              target="_blank"
              rel="noopener noreferrer"
            >
              {i === 0 ? (
                <>
                  {safeSrc(l.picUrl) && <img src={safeSrc(l.picUrl)} alt="" />}
                  <span>{l.title}</span>
                </>
              ) : (
                <>
                  <span>{l.title}</span>
                  {safeSrc(l.picUrl) && <img src={safeSrc(l.picUrl)} alt="" />}
                </>
              )}
            </a>
          ))}
        </div>
      );
    case 'oa':
      return <Oa c={c} />;
    case 'image':
      return (
        <div class="dt-msg dt-msg-image">
          {safeSrc(c.url) ? (
            <img src={safeSrc(c.url)} alt="图片" style="max-width:100%" />
          ) : media(c.mediaId || mediaIdIn(c.url)) ? (
            <img
              class="dt-media-img"
              src={media(c.mediaId || mediaIdIn(c.url))}
              alt="图片"
              style="max-width:100%"
            />
          ) : (
            <div class="dt-media">[图片] {c.mediaId}</div>
          )}
        </div>
      );
    case 'file':
      return (
        <div class="dt-msg dt-msg-file">
          <div class="dt-media">
            [文件]{' '}
            {media(c.mediaId) ? (
              <a class="dt-media-file" href={media(c.mediaId)} download>
                {c.fileName || c.mediaId}
              </a>
            ) : (
              c.fileName || c.mediaId
            )}
            {c.fileType ? ` (${c.fileType})` : ''}
          </div>
        </div>
      );
    case 'voice':
      return (
        <div class="dt-msg dt-msg-voice">
          <div class="dt-media">[语音] {c.duration}″</div>
        </div>
      );
    case 'card':
      return <CardMessage outTrackId={c.outTrackId} view={props.card?.(c.outTrackId)} />;
  }
}

/** What a chat shows of a card: its status and its data (AI cards' text grows as it is streamed). */
export interface CardView {
  status: 'normal' | 'streaming' | 'finished' | 'failed';
  data: Record<string, string>;
}

const CARD_STATUS: Record<CardView['status'], [string, string] | null> = {
  normal: null,
  streaming: ['输入中', 'streaming'],
  finished: ['已完成', 'finished'],
  failed: ['失败', 'failed'],
};

function CardMessage(props: { outTrackId: string; view: CardView | undefined }): VNode {
  const v = props.view;
  const status = v && CARD_STATUS[v.status];
  return (
    <div class="dt-msg dt-msg-card" data-out-track-id={props.outTrackId} data-status={v?.status ?? 'gone'}>
      <div class="dt-meta">
        卡片 <span class="en">card</span>
        {status && (
          <span class="dt-card-status">
            {' '}
            · {status[0]} <span class="en">{status[1]}</span>
          </span>
        )}
      </div>
      {v ? (
        Object.entries(v.data).map(([key, value]) => (
          <div class="dt-card-field" data-key={key} key={key}>
            <span class="sb-muted">{key}</span>
            <Markdown text={value} />
          </div>
        ))
      ) : (
        <div class="dt-media">
          [卡片] 已不存在 <span class="en">the card is gone</span>
        </div>
      )}
    </div>
  );
}

/** A robot's photoURL may be a media_id from media/upload instead of a URL (C: sampleImageMsg's doc). */
const mediaIdIn = (url: string): string => (url.startsWith('@') ? url : '');

function Markdown(props: { text: string }): VNode {
  return <div class="dt-md" dangerouslySetInnerHTML={{ __html: renderMarkdown(props.text) }} />;
}

/** head.bgcolor is AARRGGBB (no 0x). */
function argb(hex: string): string {
  const a = parseInt(hex.slice(0, 2), 16) / 255;
  const rgb = [2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${rgb.join(',')},${a.toFixed(2)})`;
}

function Oa(props: { c: OaContent }): VNode {
  const { c } = props;
  const valid = /^[0-9A-Fa-f]{8}$/;
  return (
    <div class="dt-msg dt-msg-oa">
      <a
        class="dt-link"
        style="padding:0"
        href={safeHref(c.pcMessageUrl || c.messageUrl)}
        target="_blank"
        rel="noopener noreferrer"
      >
        <div class="dt-oa-head" style={`background:${argb(c.head.bgcolor)}`}>
          {c.head.text}
        </div>
        <div class="dt-oa-body">
          {c.body.title && <div class="dt-oa-title">{c.body.title}</div>}
          {c.body.form.length > 0 && (
            <dl class="dt-oa-form">
              {/* At most 6 form lines show; the rest are hidden (C). */}
              {c.body.form.slice(0, 6).map((f, i) => (
                <div key={i}>
                  <dt>{f.key}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
          )}
          {c.body.rich && (
            <div class="dt-oa-rich">
              {c.body.rich.num}
              <small>{c.body.rich.unit}</small>
            </div>
          )}
          {c.body.content && <div class="dt-oa-content">{c.body.content}</div>}
          {safeSrc(c.body.image) && <img src={safeSrc(c.body.image)} alt="" style="max-width:100%" />}
          {(c.body.author || c.body.fileCount) && (
            <div class="dt-oa-foot">
              <span>{c.body.author}</span>
              <span>{c.body.fileCount ? `附件 ${c.body.fileCount}` : ''}</span>
            </div>
          )}
        </div>
      </a>
      {c.statusBar && c.statusBar.value && (
        <div
          class="dt-oa-status"
          style={`background:${valid.test(c.statusBar.bg.replace(/^0x/i, '')) ? argb(c.statusBar.bg.replace(/^0x/i, '')) : '#333'}`}
        >
          {c.statusBar.value}
        </div>
      )}
    </div>
  );
}

/** `@mobile` / `@userid` written in the text and listed in `at` shows as a blue `@名字`. */
function mentionText(text: string, at: Mentions | undefined, members: MentionTarget[]): (string | VNode)[] {
  const out: (string | VNode)[] = [];
  const names = new Map<string, string>();
  for (const m of members) {
    if (at?.atMobiles.includes(m.mobile)) names.set(m.mobile, m.name);
    if (at?.atUserIds.includes(m.userid)) names.set(m.userid, m.name);
  }
  const re = /@([\w.-]+)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = names.get(m[1]!);
    if (!name) continue;
    out.push(text.slice(last, m.index), <span class="dt-at">@{name}</span>);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  if (at?.isAtAll) out.push(' ', <span class="dt-at">@所有人</span>);
  return out;
}
