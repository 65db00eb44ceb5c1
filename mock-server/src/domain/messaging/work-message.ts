/**
 * The `msg` of a work notification (工作通知, asyncsend_v2): `msgtype` plus the same-named object
 * (docs/dingtalk/messaging.md, C[S9]; Java SDK OapiMessageCorpconversationAsyncsendV2Request, C).
 * Validated as DingTalk documents it and normalised into Content.
 */
import { because, DingTalkError } from '../errors.ts';
import {
  fieldError,
  optionalObjects,
  optionalString,
  requireObject,
  requireString,
  type Content,
} from './message-content.ts';

export const WORK_MSG_TYPES = [
  'text',
  'image',
  'voice',
  'file',
  'link',
  'oa',
  'markdown',
  'action_card',
] as const;
export type WorkMsgType = (typeof WORK_MSG_TYPES)[number];

/** 消息内容，最长不超过2048个字节 (C: asyncsend_v2 doc). Measured on the msg's JSON, UTF-8 (U). */
export const MAX_WORK_MSG_BYTES = 2048;

export interface ParsedWorkMessage {
  msgtype: WorkMsgType;
  /** The msg as received (after parsing a JSON string). */
  raw: Record<string, unknown>;
  content: Content;
}

/** `msg` as an object, or as the JSON string the legacy Java SDK and form posts send. */
export function parseWorkMessage(input: unknown, maxBytes = MAX_WORK_MSG_BYTES): ParsedWorkMessage {
  let msg: unknown = input;
  if (typeof input === 'string') {
    try {
      msg = JSON.parse(input);
    } catch {
      throw new DingTalkError(
        'invalidParameter',
        because('msg 是字符串，但不是合法的 JSON', 'msg is a string but not JSON'),
        { param: 'msg' },
      );
    }
  }
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
    throw new DingTalkError('invalidParameter', because('msg 须为 JSON 对象', 'msg must be a JSON object'), {
      param: 'msg',
    });
  }
  const raw = msg as Record<string, unknown>;
  const bytes = Buffer.byteLength(JSON.stringify(raw), 'utf8');
  if (bytes > maxBytes) {
    throw new DingTalkError(
      'messageTooLarge',
      because(
        `msg 的 JSON 有 ${bytes} 字节，钉钉最多允许 ${maxBytes} 字节`,
        `msg is ${bytes} bytes of JSON; DingTalk allows ${maxBytes}`,
      ),
    );
  }
  const msgtype = raw.msgtype;
  if (msgtype === undefined || msgtype === '') {
    throw fieldError('msg.msgtype', because('缺少消息类型 msg.msgtype', 'msg.msgtype is missing'));
  }
  if (typeof msgtype !== 'string' || !(WORK_MSG_TYPES as readonly string[]).includes(msgtype)) {
    throw new DingTalkError(
      'unsupportedMsgType',
      because(
        `msgtype "${String(msgtype)}" 不是工作通知支持的消息类型（${WORK_MSG_TYPES.join('、')}）`,
        `msgtype "${String(msgtype)}" is not a work-notification type (${WORK_MSG_TYPES.join(', ')})`,
      ),
      { param: String(msgtype) },
    );
  }
  const type = msgtype as WorkMsgType;
  const body = requireObject(raw, 'msg', type);
  return { msgtype: type, raw, content: toContent(type, body) };
}

function toContent(type: WorkMsgType, o: Record<string, unknown>): Content {
  switch (type) {
    case 'text':
      return { type: 'text', content: requireString(o, type, 'content') };
    case 'image':
      return { type: 'image', mediaId: requireString(o, type, 'media_id'), url: '' };
    case 'file':
      return { type: 'file', mediaId: requireString(o, type, 'media_id'), fileName: '', fileType: '' };
    case 'voice': {
      const mediaId = requireString(o, type, 'media_id');
      const d = Number(requireString(o, type, 'duration'));
      // 正整数，小于60，表示音频时长 (C: Java SDK field doc).
      if (!Number.isInteger(d) || d <= 0 || d >= 60) {
        throw fieldError(
          'voice.duration',
          because(
            `voice.duration 须为小于 60 的正整数秒，收到的是 ${d}`,
            `voice.duration must be a whole number of seconds below 60, got ${d}`,
          ),
        );
      }
      return { type: 'voice', mediaId, duration: d };
    }
    case 'link':
      // camelCase field names on the work link message (C[S9]).
      return {
        type: 'link',
        messageUrl: requireString(o, type, 'messageUrl'),
        title: requireString(o, type, 'title'),
        text: requireString(o, type, 'text'),
        picUrl: optionalString(o, type, 'picUrl'),
      };
    case 'markdown':
      return {
        type: 'markdown',
        title: requireString(o, type, 'title'),
        text: requireString(o, type, 'text'),
      };
    case 'action_card':
      return actionCard(o);
    case 'oa':
      return oa(o);
  }
}

/** title ≤64; single_title ≤20 with single_url ≤500, or btn_orientation with btn_json_list (C[M2]). */
function actionCard(o: Record<string, unknown>): Content {
  const s = 'action_card';
  const title = requireString(o, s, 'title', 64);
  const markdown = requireString(o, s, 'markdown');
  const singleTitle = optionalString(o, s, 'single_title', 20);
  const singleUrl = optionalString(o, s, 'single_url', 500);
  const list = optionalObjects(o, s, 'btn_json_list');
  const orientation = optionalString(o, s, 'btn_orientation');
  if (singleTitle || singleUrl) {
    if (!singleTitle) {
      throw fieldError(
        `${s}.single_title`,
        because('填了 single_url 却没有 single_title', 'single_url is set but single_title is not'),
      );
    }
    if (!singleUrl) {
      throw fieldError(
        `${s}.single_url`,
        because('填了 single_title 却没有 single_url', 'single_title is set but single_url is not'),
      );
    }
    return {
      type: 'actionCard',
      title,
      markdown,
      single: { title: singleTitle, url: singleUrl },
      buttons: [],
      orientation: 'vertical',
      hideAvatar: false,
    };
  }
  if (list.length === 0) {
    throw fieldError(
      `${s}.btn_json_list`,
      because(
        '卡片消息需要 single_title + single_url，或 btn_json_list',
        'an action card needs single_title + single_url or btn_json_list',
      ),
    );
  }
  if (orientation !== '' && orientation !== '0' && orientation !== '1') {
    throw fieldError(
      `${s}.btn_orientation`,
      because(
        `btn_orientation 须为 "0" 或 "1"，收到的是 "${orientation}"`,
        `btn_orientation must be "0" or "1", got "${orientation}"`,
      ),
    );
  }
  const buttons = list.map((b, i) => ({
    title: requireString(b, `${s}.btn_json_list[${i}]`, 'title', 20),
    url: requireString(b, `${s}.btn_json_list[${i}]`, 'action_url', 500),
  }));
  return {
    type: 'actionCard',
    title,
    markdown,
    single: null,
    buttons,
    orientation: orientation === '1' ? 'horizontal' : 'vertical',
    hideAvatar: false,
  };
}

/** head.bgcolor is 8 hex chars (AARRGGBB, no 0x), head.text ≤10; body forms beyond 6 are hidden (C). */
function oa(o: Record<string, unknown>): Content {
  const s = 'oa';
  const messageUrl = requireString(o, s, 'message_url');
  const head = requireObject(o, s, 'head');
  const bgcolor = requireString(head, 'oa.head', 'bgcolor');
  if (!/^[0-9A-Fa-f]{8}$/.test(bgcolor)) {
    throw fieldError(
      'oa.head.bgcolor',
      because(
        `head.bgcolor 须为 8 位十六进制（AARRGGBB，不带 0x），收到的是 "${bgcolor}"`,
        `head.bgcolor must be 8 hex characters (AARRGGBB, no 0x), got "${bgcolor}"`,
      ),
    );
  }
  const headText = optionalString(head, 'oa.head', 'text', 10);
  const body = requireObject(o, s, 'body');
  const bar =
    o.status_bar && typeof o.status_bar === 'object' ? (o.status_bar as Record<string, unknown>) : null;
  const rich = body.rich && typeof body.rich === 'object' ? (body.rich as Record<string, unknown>) : null;
  return {
    type: 'oa',
    messageUrl,
    pcMessageUrl: optionalString(o, s, 'pc_message_url'),
    head: { bgcolor, text: headText },
    statusBar: bar
      ? {
          value: optionalString(bar, 'oa.status_bar', 'status_value'),
          bg: optionalString(bar, 'oa.status_bar', 'status_bg'),
        }
      : null,
    body: {
      title: optionalString(body, 'oa.body', 'title'),
      form: optionalObjects(body, 'oa.body', 'form').map((f, i) => ({
        key: optionalString(f, `oa.body.form[${i}]`, 'key'),
        value: optionalString(f, `oa.body.form[${i}]`, 'value'),
      })),
      rich: rich
        ? {
            num: optionalString(rich, 'oa.body.rich', 'num'),
            unit: optionalString(rich, 'oa.body.rich', 'unit'),
          }
        : null,
      content: optionalString(body, 'oa.body', 'content'),
      image: optionalString(body, 'oa.body', 'image'),
      fileCount: optionalString(body, 'oa.body', 'file_count'),
      author: optionalString(body, 'oa.body', 'author'),
    },
  };
}
