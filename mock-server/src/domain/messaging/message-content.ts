/**
 * What a delivered message shows, whatever sent it: work notifications (工作通知), custom group
 * robots and enterprise app robots each have their own wire shapes, normalised here into one
 * content model that inboxes store and the console renders (docs/dingtalk/messaging.md).
 */
import { because, DingTalkError, type Reason } from '../errors.ts';

export interface Button {
  title: string;
  url: string;
}

export interface OaContent {
  type: 'oa';
  messageUrl: string;
  pcMessageUrl: string;
  head: { bgcolor: string; text: string };
  statusBar: { value: string; bg: string } | null;
  body: {
    title: string;
    form: { key: string; value: string }[];
    rich: { num: string; unit: string } | null;
    content: string;
    image: string;
    fileCount: string;
    author: string;
  };
}

export type Content =
  | { type: 'text'; content: string }
  | { type: 'markdown'; title: string; text: string }
  | { type: 'link'; title: string; text: string; picUrl: string; messageUrl: string }
  | {
      type: 'actionCard';
      title: string;
      markdown: string;
      single: Button | null;
      buttons: Button[];
      /** btn_orientation / btnOrientation: "0" vertical, "1" horizontal. */
      orientation: 'vertical' | 'horizontal';
      hideAvatar: boolean;
    }
  | { type: 'feedCard'; links: { title: string; url: string; picUrl: string }[] }
  | OaContent
  | { type: 'image'; mediaId: string; url: string }
  | { type: 'file'; mediaId: string; fileName: string; fileType: string }
  | { type: 'voice'; mediaId: string; duration: number }
  /** An interactive or AI card (domain/cards/): the card's current data is read from the card itself. */
  | { type: 'card'; outTrackId: string; cardTemplateId: string };

/** Mentions of a robot message (`at`). */
export interface Mentions {
  atMobiles: string[];
  atUserIds: string[];
  isAtAll: boolean;
}

/** The line DingTalk shows in the chat list and the push (首屏会话透出的展示内容). */
export function preview(c: Content): string {
  switch (c.type) {
    case 'text':
      return c.content.slice(0, 60);
    case 'markdown':
    case 'link':
    case 'actionCard':
      return c.title;
    case 'feedCard':
      return c.links[0]?.title ?? '';
    case 'oa':
      return c.body.title || c.head.text;
    case 'image':
      return '[图片]';
    case 'file':
      return `[文件] ${c.fileName}`.trim();
    case 'voice':
      return '[语音]';
    case 'card':
      return '[卡片]';
  }
}

/** Every piece of text a message carries (for keyword checks and search). */
export function allText(c: Content): string {
  switch (c.type) {
    case 'text':
      return c.content;
    case 'markdown':
      return `${c.title}\n${c.text}`;
    case 'link':
      return `${c.title}\n${c.text}`;
    case 'actionCard':
      return [c.title, c.markdown, c.single?.title ?? '', ...c.buttons.map((b) => b.title)].join('\n');
    case 'feedCard':
      return c.links.map((l) => l.title).join('\n');
    case 'oa':
      return [
        c.head.text,
        c.body.title,
        c.body.content,
        c.body.author,
        ...c.body.form.map((f) => `${f.key}${f.value}`),
      ].join('\n');
    default:
      return '';
  }
}

/**
 * The refusal for a missing or malformed field of a message, named as DingTalk names it:
 * `参数 markdown --》 title 缺失，或者参数格式不正确` (O: robot webhook and robot API responses).
 */
export function fieldError(path: string, why: Reason): DingTalkError {
  return new DingTalkError('messageFieldInvalid', why, { param: path });
}

/** A string field: strings as sent; numbers turned into strings (the legacy Java SDK sends strings). */
export function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Read a required, non-empty string field with an optional maximum length (in characters). */
export function requireString(
  obj: Record<string, unknown>,
  section: string,
  key: string,
  max?: number,
): string {
  const v = asString(obj[key]);
  if (v === undefined || v.trim() === '')
    throw fieldError(
      `${section}.${key}`,
      because(`消息字段 ${section}.${key} 缺失或为空`, `${section}.${key} is missing or empty`),
    );
  if (max !== undefined && [...v].length > max) {
    throw fieldError(
      `${section}.${key}`,
      because(
        `消息字段 ${section}.${key} 有 ${[...v].length} 个字符，最多 ${max} 个`,
        `${section}.${key} is ${[...v].length} characters long; at most ${max}`,
      ),
    );
  }
  return v;
}

/** Read an optional string field (empty string when absent). */
export function optionalString(
  obj: Record<string, unknown>,
  section: string,
  key: string,
  max?: number,
): string {
  const raw = obj[key];
  if (raw === undefined || raw === null) return '';
  const v = asString(raw);
  if (v === undefined) {
    throw fieldError(
      `${section}.${key}`,
      because(`消息字段 ${section}.${key} 须为字符串`, `${section}.${key} must be a string`),
    );
  }
  if (max !== undefined && [...v].length > max) {
    throw fieldError(
      `${section}.${key}`,
      because(
        `消息字段 ${section}.${key} 有 ${[...v].length} 个字符，最多 ${max} 个`,
        `${section}.${key} is ${[...v].length} characters long; at most ${max}`,
      ),
    );
  }
  return v;
}

/** The object under `key`, or a refusal naming it. */
export function requireObject(
  obj: Record<string, unknown>,
  section: string,
  key: string,
): Record<string, unknown> {
  const v = obj[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  throw fieldError(
    `${section}.${key}`,
    because(`消息字段 ${section}.${key} 缺失或不是对象`, `${section}.${key} is missing or not an object`),
  );
}

/** An optional array of objects under `key`. */
export function optionalObjects(
  obj: Record<string, unknown>,
  section: string,
  key: string,
): Record<string, unknown>[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => !x || typeof x !== 'object' || Array.isArray(x))) {
    throw fieldError(
      `${section}.${key}`,
      because(`消息字段 ${section}.${key} 须为对象数组`, `${section}.${key} must be a list of objects`),
    );
  }
  return v as Record<string, unknown>[];
}
