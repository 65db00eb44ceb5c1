/**
 * A custom robot's 加签 (docs/dingtalk/robots.md): a robot with a signing secret (`SEC…`) takes a
 * webhook call only with `timestamp` (ms, within an hour of the clock) and
 * `sign` = Base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)), URL-encoded by the caller.
 */
import { createHmac } from 'node:crypto';
import { because, DingTalkError } from '../errors.ts';
import type { RobotConfig } from '../messaging/robots.ts';
import { sameText } from './same-text.ts';

/** Timestamp skew a signed request may have: one hour (C[S18]). */
export const SIGN_SKEW_MS = 3_600_000;

/** sign = Base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)); URL-encoding is the caller's. */
export function robotSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export interface RobotSigned {
  timestamp: string | undefined;
  sign: string | undefined;
}

/** The webhook call's timestamp and sign against a signing robot at `now`; throws 310000 with DingTalk's text. */
export function checkRobotSignature(
  robot: Pick<RobotConfig, 'name' | 'secret'>,
  signed: RobotSigned,
  now: number,
): void {
  const ts = signed.timestamp ?? '';
  const t = Number(ts);
  if (!/^\d+$/.test(ts) || Math.abs(now - t) > SIGN_SKEW_MS) {
    throw new DingTalkError(
      'robotSecurity',
      ts
        ? because(
            `timestamp ${ts} 与租户时钟相差 ${Math.round((now - t) / 1000)} 秒，最多允许 3600 秒（租户时钟被调过？）`,
            `timestamp ${ts} is ${Math.round((now - t) / 1000)} s away from the tenant clock; at most 3600 s allowed`,
          )
        : because(
            `机器人「${robot.name}」开启了加签，但请求没有 timestamp`,
            `robot "${robot.name}" signs its messages but the request has no timestamp`,
          ),
      { variant: 'timestamp' },
    );
  }
  const expected = robotSign(robot.secret, ts);
  if (sameText(signed.sign ?? '', expected)) return;
  // A sign URL-escaped twice (KubeSphere's notification-manager: url.QueryEscape, then
  // url.Values.Encode) arrives still escaped once; those products work against DingTalk, so the
  // escaped form is taken too (U: inferred from working products, docs/dingtalk/robots.md).
  if (signed.sign?.includes('%') && sameText(safeDecode(signed.sign), expected)) return;
  throw new DingTalkError(
    'robotSecurity',
    signed.sign
      ? because(
          `sign 与机器人「${robot.name}」的 HMAC-SHA256(timestamp + "\\n" + secret) 不符（未做 URL 编码的 "+" 会变成空格）`,
          `sign does not match HMAC-SHA256(timestamp + "\\n" + secret) of robot "${robot.name}" (a "+" sent unencoded arrives as a space)`,
        )
      : because(
          `机器人「${robot.name}」开启了加签，但请求没有 sign`,
          `robot "${robot.name}" signs its messages but the request has no sign`,
        ),
    { variant: 'sign' },
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
