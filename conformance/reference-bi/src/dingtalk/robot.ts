/**
 * 自定义机器人 (group robot) webhook with 加签: POST <webhook>&timestamp=<ms>&sign=<urlencoded base64>.
 * Errors come back HTTP 200 with errcode 310000 and DingTalk's text (sign not match, invalid timestamp…).
 */
import { robotSign } from './signatures.ts';
import { call, type TransportOptions } from './transport.ts';

export interface RobotMessage {
  msgtype: 'markdown' | 'actionCard' | 'text';
  [key: string]: unknown;
}

/** The webhook URL with timestamp and sign added (when there is a secret). */
export function signedWebhook(webhook: string, secret: string, now: number): URL {
  const url = new URL(webhook);
  if (secret) {
    const timestamp = String(now);
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('sign', robotSign(secret, timestamp)); // URLSearchParams URL-encodes it
  }
  return url;
}

export async function sendRobotMessage(
  transport: TransportOptions,
  robot: { webhook: string; secret: string },
  message: RobotMessage,
  now: number,
): Promise<void> {
  await call(transport, {
    host: 'oapi',
    method: 'POST',
    url: signedWebhook(robot.webhook, robot.secret, now),
    body: message,
    idempotent: false,
  });
}
