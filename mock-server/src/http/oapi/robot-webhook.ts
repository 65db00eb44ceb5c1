/**
 * 自定义机器人发送群消息 (docs/dingtalk/robots.md): POST /robot/send?access_token=…[&timestamp=&sign=].
 * Checks, in order (U: DingTalk's order): token (40035 absent, 300001 unknown) → 加签 timestamp and sign, IP list (310000)
 * → body (40035 缺少参数 json, message fields) → keywords (310000) → 20 a minute (130101).
 * Time is the robot's tenant's clock.
 */
import { because, DingTalkError } from '../../domain/errors.ts';
import { parseRobotWebhookBody } from '../../domain/messaging/robot-message.ts';
import { ROBOT_WEBHOOK_PATH } from '../middleware/body.ts';
import { jsonObject } from '../pipeline/request.ts';
import { openRoute } from '../route.ts';

const one = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;

/** 自定义机器人发送群消息 — POST /robot/send */
export const robotSend = openRoute({
  id: 'oapi.robot.send',
  method: 'POST',
  path: ROBOT_WEBHOOK_PATH,
  host: 'oapi',
  style: 'plain',
  // The robot's tenant, from the webhook's token (the query's, as the handler reads it).
  locate(sandbox, _raw, request) {
    const token = one(request.query.access_token);
    const found = token ? sandbox.findRobot(token) : undefined;
    return found ? { tenant: found.tenant } : {};
  },
  handle(call) {
    const q = call.request.query;
    const token = one(q.access_token);
    // 40035 缺少参数 access_token (O: DingTalk's answer to a webhook URL without its token).
    if (!token)
      throw new DingTalkError(
        'missingParameter',
        because('Webhook 地址缺少 access_token', 'the webhook has no access_token'),
        { param: 'access_token' },
      );
    const found = call.sandbox.findRobot(token);
    if (!found)
      throw new DingTalkError(
        'robotTokenNotFound',
        because(
          '没有机器人使用这个 access_token（机器人已删除，或从未创建）',
          'no robot has this access_token (deleted, or never created)',
        ),
      );
    const { tenant, robot } = found;
    const robots = tenant.messaging.robots;
    const now = tenant.clock.now();
    robots.checkCaller(robot, { timestamp: one(q.timestamp), sign: one(q.sign), ip: call.ip }, now);
    const body = jsonObject(call.request);
    if (!body) {
      throw new DingTalkError(
        'missingParameter',
        because(
          '机器人消息必须是 JSON 对象请求体（Content-Type: application/json）',
          'the robot message must be a JSON object body (Content-Type: application/json)',
        ),
        {
          param: 'json',
        },
      );
    }
    const parsed = parseRobotWebhookBody(body);
    robots.checkKeywords(robot, parsed.content);
    robots.admit(robot, now);
    tenant.messaging.chats.post(robot.openConversationId, {
      sender: { kind: 'robot', robotId: robot.id, name: robot.name },
      msgtype: parsed.msgtype,
      raw: body,
      content: parsed.content,
      at: parsed.at,
      sentAt: now,
    });
    return {};
  },
});
