/**
 * Stream mode's frames as DingTalk writes them (docs/dingtalk/stream.md): every downstream frame is a
 * text frame of JSON `{specVersion, type, headers, data}` with `data` a JSON string; the client
 * answers with `{code, headers: {contentType, messageId}, message, data}`. Pure: building and parsing.
 */
import { because, type Reason } from '../errors.ts';

export type FrameType = 'SYSTEM' | 'EVENT' | 'CALLBACK';

export interface DownFrame {
  specVersion: '1.0';
  type: FrameType;
  headers: Record<string, string>;
  data: string;
}

export interface Ack {
  code: number;
  messageId: string;
  message: string;
  /** The ack's `data` as sent (a JSON string by the protocol; kept as it came). */
  data: unknown;
}

/** A CALLBACK push: the headers DingTalk sends on robot and card callbacks (C: protocol doc, SDK logs). */
export function callbackFrame(f: {
  appId: string;
  connectionId: string;
  topic: string;
  messageId: string;
  time: number;
  data: unknown;
}): DownFrame {
  return {
    specVersion: '1.0',
    type: 'CALLBACK',
    headers: {
      appId: f.appId,
      connectionId: f.connectionId,
      contentType: 'application/json',
      messageId: f.messageId,
      time: String(f.time),
      topic: f.topic,
    },
    data: JSON.stringify(f.data),
  };
}

/** The only EVENT topic: every event type ticked on the app's 事件订阅 page (C: protocol doc). */
export const EVENT_TOPIC = '*';

/**
 * An EVENT push (C: protocol doc §事件推送, the Java SDK's EventHeaders): topic `*`, the event's type, id,
 * corp, birth time (ms string) and the app's unified id (its console AppId), no appId/connectionId.
 */
export function eventFrame(f: {
  messageId: string;
  time: number;
  eventType: string;
  eventId: string;
  corpId: string;
  bornAt: number;
  unifiedAppId: string;
  data: unknown;
}): DownFrame {
  return {
    specVersion: '1.0',
    type: 'EVENT',
    headers: {
      contentType: 'application/json',
      eventBornTime: String(f.bornAt),
      eventCorpId: f.corpId,
      eventId: f.eventId,
      eventType: f.eventType,
      eventUnifiedAppId: f.unifiedAppId,
      messageId: f.messageId,
      time: String(f.time),
      topic: EVENT_TOPIC,
    },
    data: JSON.stringify(f.data),
  };
}

/**
 * What an ack of an EVENT push says: consumed (`code` 200, `status` SUCCESS — or no status, as the
 * Python SDK acks with the event's own data), or not (`status` LATER, or any other code: the Go SDK's
 * 500, the Python SDK's 404 for an unhandled event). C: protocol doc; the SDKs' sources.
 */
export function eventAckStatus(ack: Ack): { consumed: boolean; status?: string } {
  let data = ack.data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      data = undefined;
    }
  }
  const raw =
    data !== null && typeof data === 'object' ? (data as Record<string, unknown>).status : undefined;
  const status = typeof raw === 'string' ? raw : undefined;
  const consumed = ack.code === 200 && (status === undefined || status === 'SUCCESS');
  return status === undefined ? { consumed } : { consumed, status };
}

/** A SYSTEM frame: `ping` (data {opaque}) or `disconnect` (data {reason}). */
export function systemFrame(
  topic: 'ping' | 'disconnect',
  messageId: string,
  time: number,
  data: unknown,
): DownFrame {
  return {
    specVersion: '1.0',
    type: 'SYSTEM',
    headers: { contentType: 'application/json', messageId, time: String(time), topic },
    data: JSON.stringify(data),
  };
}

/** An upstream text frame read as an ack, or why it is not one. */
export function parseAck(text: string): { ok: true; ack: Ack } | { ok: false; why: Reason } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return {
      ok: false,
      why: because(
        `上行帧不是 JSON（${text.length} 字符）`,
        `the upstream frame is not JSON (${text.length} characters)`,
      ),
    };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return {
      ok: false,
      why: because('上行帧不是 JSON 对象', 'the upstream frame is not a JSON object'),
    };
  const o = v as Record<string, unknown>;
  const headers = o.headers;
  const messageId =
    headers && typeof headers === 'object' ? (headers as Record<string, unknown>).messageId : undefined;
  if (typeof messageId !== 'string' || messageId === '')
    return {
      ok: false,
      why: because(
        '上行帧缺少 headers.messageId（应答须原样带回推送的 messageId）',
        'the upstream frame has no headers.messageId (an ack echoes the pushed messageId)',
      ),
    };
  const code = typeof o.code === 'number' ? o.code : Number(o.code);
  if (!Number.isInteger(code))
    return {
      ok: false,
      why: because(
        `上行帧的 code 不是数字（${JSON.stringify(o.code) ?? 'undefined'}）`,
        `the upstream frame's code is not a number (${JSON.stringify(o.code) ?? 'undefined'})`,
      ),
    };
  return {
    ok: true,
    ack: { code, messageId, message: typeof o.message === 'string' ? o.message : '', data: o.data },
  };
}
