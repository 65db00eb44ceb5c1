/**
 * HTTP mode (消息接收模式 HTTP, docs/dingtalk/bot-http-mode.md): a bot whose robot capability has a
 * message URL and not Stream gets each message as an HTTP POST of the same JSON a Stream CALLBACK
 * carries, with headers `timestamp` (ms) and `sign` = Base64(HMAC-SHA256(key = AppSecret,
 * timestamp + "\n" + AppSecret)) — the custom robot's 加签 with the app's secret (O: public receivers
 * verify exactly this). What is posted is built here; the transport (events/robot-http-pusher.ts)
 * sends it, bounded and with a timeout, and journals how it went.
 */
import type { App } from '../apps/apps.ts';
import { robotSign } from '../signatures/robot.ts';

export interface OutgoingPost {
  appKey: string;
  url: string;
  headers: { timestamp: string; sign: string };
  /** The callback's data: what a Stream bot gets as the frame's `data`. */
  body: Record<string, unknown>;
  conversationId: string;
  /** The person's message in the chat. */
  chatMessageId: string;
}

/** The bot's message URL when it takes messages over HTTP (Stream off, a URL set), else undefined. */
export function httpModeUrl(app: App): string | undefined {
  const robot = app.robot;
  return robot && !robot.stream && robot.messageUrl ? robot.messageUrl : undefined;
}

/** The POST for one message, signed at `now` (the tenant clock: DingTalk's time). */
export function outgoingPost(
  app: App,
  url: string,
  body: Record<string, unknown>,
  at: { now: number; conversationId: string; chatMessageId: string },
): OutgoingPost {
  const timestamp = String(at.now);
  return {
    appKey: app.appKey,
    url,
    headers: { timestamp, sign: robotSign(app.appSecret, timestamp) },
    body,
    conversationId: at.conversationId,
    chatMessageId: at.chatMessageId,
  };
}
