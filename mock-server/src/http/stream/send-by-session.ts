/**
 * A bot's reply through a pushed message's sessionWebhook (docs/dingtalk/stream.md):
 * `POST /robot/sendBySession?session=…` on oapi.dingtalk.com, no token (C), a robot message body
 * (text, markdown; the custom robot's other types accepted too, U). An expired or unknown session is
 * `{"errcode":300001,"errmsg":"session 不存在"}` (O); 20 replies a minute per conversation (U).
 */
import { because, DingTalkError } from '../../domain/errors.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { jsonObject } from '../pipeline/request.ts';
import { openRoute } from '../route.ts';

const one = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;

/** The tenant and robot (app) a session belongs to. */
function owner(sandbox: Sandbox, session: string): { tenant: Tenant; robotCode: string } | undefined {
  for (const tenant of sandbox.listTenants()) {
    const robotCode = tenant.bots.sessionOwner(session);
    if (robotCode) return { tenant, robotCode };
  }
  return undefined;
}

/** 机器人回复消息 (sessionWebhook) — POST /robot/sendBySession */
export const robotSendBySession = openRoute({
  id: 'oapi.robot.sendBySession',
  method: 'POST',
  path: '/robot/sendBySession',
  host: 'oapi',
  style: 'plain',
  locate(sandbox, _raw, request) {
    const session = one(request.query.session);
    const found = session ? owner(sandbox, session) : undefined;
    return found ? { tenant: found.tenant, app: found.tenant.getApp(found.robotCode) } : {};
  },
  handle(call) {
    const session = one(call.request.query.session) ?? '';
    const found = session ? owner(call.sandbox, session) : undefined;
    if (!found)
      throw new DingTalkError(
        'sessionNotFound',
        session
          ? because(
              `session ${session} 不是本沙箱推送的消息的 sessionWebhook`,
              `session ${session} is no sessionWebhook of a message this sandbox pushed`,
            )
          : because('sessionWebhook 缺少 session 参数', 'the sessionWebhook has no session parameter'),
      );
    const body = jsonObject(call.request);
    if (!body)
      throw new DingTalkError(
        'missingParameter',
        because(
          '回复必须是 JSON 对象请求体（Content-Type: application/json）',
          'the reply must be a JSON object body (Content-Type: application/json)',
        ),
        { param: 'json' },
      );
    found.tenant.bots.reply(session, body);
    return {};
  },
});
