/**
 * Robot message bodies: the custom group robot webhook (`msgtype` + object, with `at`; C[S16]) and
 * the enterprise app robot's message templates (`msgKey` + `msgParam` JSON string;
 * docs/dingtalk/robots.md). Both normalise into Content.
 */
import { because, DingTalkError } from '../errors.ts';
import {
  asString,
  fieldError,
  optionalObjects,
  optionalString,
  requireObject,
  requireString,
  type Content,
  type Mentions,
} from './message-content.ts';

export const ROBOT_MSG_TYPES = ['text', 'link', 'markdown', 'actionCard', 'feedCard'] as const;

export interface ParsedRobotMessage {
  msgtype: string;
  content: Content;
  at: Mentions;
}

/** A custom robot webhook body. */
export function parseRobotWebhookBody(body: Record<string, unknown>): ParsedRobotMessage {
  const msgtype = body.msgtype;
  if (msgtype === undefined || msgtype === '') {
    throw new DingTalkError(
      'missingParameter',
      because('机器人消息缺少 msgtype', 'the robot message has no msgtype'),
      { param: 'msgtype' },
    );
  }
  if (typeof msgtype !== 'string' || !(ROBOT_MSG_TYPES as readonly string[]).includes(msgtype)) {
    throw new DingTalkError(
      'unsupportedMsgType',
      because(
        `msgtype "${String(msgtype)}" 不是自定义机器人支持的消息类型（${ROBOT_MSG_TYPES.join('、')}）`,
        `msgtype "${String(msgtype)}" is not a custom-robot type (${ROBOT_MSG_TYPES.join(', ')})`,
      ),
      { param: String(msgtype) },
    );
  }
  const o = requireObject(body, 'msg', msgtype);
  return { msgtype, content: webhookContent(msgtype, o), at: mentions(body.at) };
}

function webhookContent(type: string, o: Record<string, unknown>): Content {
  switch (type) {
    case 'text':
      return { type: 'text', content: requireString(o, type, 'content') };
    case 'link':
      return {
        type: 'link',
        title: requireString(o, type, 'title'),
        text: requireString(o, type, 'text'),
        messageUrl: requireString(o, type, 'messageUrl'),
        picUrl: optionalString(o, type, 'picUrl'),
      };
    case 'markdown':
      return {
        type: 'markdown',
        title: requireString(o, type, 'title'),
        text: requireString(o, type, 'text'),
      };
    case 'actionCard': {
      const title = requireString(o, type, 'title');
      const markdown = requireString(o, type, 'text');
      const singleTitle = optionalString(o, type, 'singleTitle');
      const singleUrl = optionalString(o, type, 'singleURL');
      const btns = optionalObjects(o, type, 'btns').map((b, i) => ({
        title: requireString(b, `${type}.btns[${i}]`, 'title'),
        url: requireString(b, `${type}.btns[${i}]`, 'actionURL'),
      }));
      const orientation = asString(o.btnOrientation) === '1' ? 'horizontal' : 'vertical';
      const hideAvatar = asString(o.hideAvatar) === '1';
      if (singleTitle && singleUrl) {
        return {
          type: 'actionCard',
          title,
          markdown,
          single: { title: singleTitle, url: singleUrl },
          buttons: [],
          orientation,
          hideAvatar,
        };
      }
      // Neither a single button nor a list: refused as a missing field (U — DingTalk's exact rule).
      if (btns.length === 0)
        throw fieldError(
          `${type}.btns`,
          because(
            'actionCard 需要 singleTitle + singleURL，或 btns',
            'an actionCard needs singleTitle + singleURL or btns',
          ),
        );
      return { type: 'actionCard', title, markdown, single: null, buttons: btns, orientation, hideAvatar };
    }
    case 'feedCard': {
      const links = optionalObjects(o, type, 'links').map((l, i) => ({
        title: requireString(l, `${type}.links[${i}]`, 'title'),
        url: requireString(l, `${type}.links[${i}]`, 'messageURL'),
        picUrl: optionalString(l, `${type}.links[${i}]`, 'picURL'),
      }));
      if (links.length === 0) {
        throw fieldError(
          `${type}.links`,
          because('feedCard 至少需要一条链接', 'a feedCard needs at least one link'),
        );
      }
      return { type: 'feedCard', links };
    }
    default:
      throw new DingTalkError(
        'unsupportedMsgType',
        because(`不支持的消息类型 "${type}"`, `msgtype "${type}" is not supported`),
        { param: type },
      );
  }
}

function mentions(at: unknown): Mentions {
  const o = at && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>) : {};
  const list = (v: unknown) =>
    Array.isArray(v) ? v.map((x) => asString(x)).filter((x): x is string => !!x) : [];
  return {
    atMobiles: list(o.atMobiles),
    atUserIds: list(o.atUserIds),
    isAtAll: o.isAtAll === true || o.isAtAll === 'true',
  };
}

/**
 * Enterprise robot message templates (消息模板 msgKey). Field names as DingTalk's 消息类型 page
 * lists them (O: SDK samples and public integrations); sampleActionCard2…5 carry 2…5 vertical
 * buttons, sampleActionCard6 two horizontal ones (U: exact layout).
 */
export const ROBOT_MSG_KEYS = [
  'sampleText',
  'sampleMarkdown',
  'sampleLink',
  'sampleActionCard',
  'sampleActionCard2',
  'sampleActionCard3',
  'sampleActionCard4',
  'sampleActionCard5',
  'sampleActionCard6',
  'sampleImageMsg',
  'sampleFile',
] as const;

/** Parse `msgParam` (a JSON string) for a `msgKey`, or refuse as DingTalk does. */
export function parseRobotTemplate(msgKey: string, msgParam: string): Content {
  if (!(ROBOT_MSG_KEYS as readonly string[]).includes(msgKey)) {
    throw new DingTalkError(
      'msgKeyInvalid',
      because(
        `msgKey "${msgKey}" 不是已知的消息模板（${ROBOT_MSG_KEYS.join('、')}）`,
        `msgKey "${msgKey}" is not a known template (${ROBOT_MSG_KEYS.join(', ')})`,
      ),
      {
        param: msgKey,
      },
    );
  }
  let p: unknown;
  try {
    p = JSON.parse(msgParam);
  } catch {
    throw new DingTalkError(
      'msgParamInvalid',
      because('msgParam 不是 JSON 字符串', 'msgParam is not a JSON string'),
    );
  }
  if (!p || typeof p !== 'object' || Array.isArray(p)) {
    throw new DingTalkError(
      'msgParamInvalid',
      because('msgParam 须为 JSON 对象', 'msgParam must be a JSON object'),
    );
  }
  const o = p as Record<string, unknown>;
  switch (msgKey) {
    case 'sampleText':
      return { type: 'text', content: requireString(o, 'text', 'content') };
    case 'sampleMarkdown':
      return {
        type: 'markdown',
        title: requireString(o, 'markdown', 'title'),
        text: requireString(o, 'markdown', 'text'),
      };
    case 'sampleLink':
      return {
        type: 'link',
        title: requireString(o, 'link', 'title'),
        text: requireString(o, 'link', 'text'),
        messageUrl: requireString(o, 'link', 'messageUrl'),
        picUrl: optionalString(o, 'link', 'picUrl'),
      };
    case 'sampleActionCard':
      return {
        type: 'actionCard',
        title: requireString(o, 'actionCard', 'title'),
        markdown: requireString(o, 'actionCard', 'text'),
        single: {
          title: requireString(o, 'actionCard', 'singleTitle'),
          url: requireString(o, 'actionCard', 'singleURL'),
        },
        buttons: [],
        orientation: 'vertical',
        hideAvatar: false,
      };
    case 'sampleActionCard6':
      return {
        type: 'actionCard',
        title: requireString(o, 'actionCard', 'title'),
        markdown: requireString(o, 'actionCard', 'text'),
        single: null,
        buttons: [1, 2].map((n) => ({
          title: requireString(o, 'actionCard', `buttonTitle${n}`),
          url: requireString(o, 'actionCard', `buttonUrl${n}`),
        })),
        orientation: 'horizontal',
        hideAvatar: false,
      };
    case 'sampleImageMsg':
      return { type: 'image', mediaId: '', url: requireString(o, 'image', 'photoURL') };
    case 'sampleFile':
      return {
        type: 'file',
        mediaId: requireString(o, 'file', 'mediaId'),
        fileName: requireString(o, 'file', 'fileName'),
        fileType: requireString(o, 'file', 'fileType'),
      };
    default: {
      const count = Number(msgKey.slice('sampleActionCard'.length));
      return {
        type: 'actionCard',
        title: requireString(o, 'actionCard', 'title'),
        markdown: requireString(o, 'actionCard', 'text'),
        single: null,
        buttons: Array.from({ length: count }, (_, i) => ({
          title: requireString(o, 'actionCard', `actionTitle${i + 1}`),
          url: requireString(o, 'actionCard', `actionURL${i + 1}`),
        })),
        orientation: 'vertical',
        hideAvatar: false,
      };
    }
  }
}
