/**
 * 机器人 > 企业机器人 on api.dingtalk.com (docs/dingtalk/robots.md): one-to-one batch send, group send,
 * read status. Permission point qyapi_robot_sendmsg (C: doc mirrors of both send pages). robotCode
 * is the app's AppKey (Client ID) (O). Path casing is DingTalk's own: `oToMessages`.
 */
import * as z from 'zod';
import type { App } from '../../domain/apps/apps.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { newProcessQueryKey } from '../../domain/ids.ts';
import { MAX_ROBOT_OTO_USERS } from '../../domain/messaging/messaging.ts';
import { parseRobotTemplate } from '../../domain/messaging/robot-message.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { str } from '../params.ts';
import { tokenRoute } from '../route.ts';

/** robotCode must name the calling app's robot (its AppKey). */
export function requireOwnRobot(tenant: Tenant, app: App, robotCode: string): void {
  if (robotCode === app.appKey) return;
  const other = tenant.getApp(robotCode);
  if (other) {
    throw new DingTalkError(
      'robotCodeMismatch',
      because(
        `robotCode ${robotCode} 是应用「${other.name}」的机器人，而 access token 是应用「${app.name}」的`,
        `robotCode ${robotCode} is the robot of app "${other.name}", but the access token is app "${app.name}"'s`,
      ),
    );
  }
  throw new DingTalkError(
    'robotCodeNotFound',
    because(
      `没有 robotCode 为 ${robotCode} 的机器人；企业机器人的 robotCode 是其应用的 AppKey（应用「${app.name}」为 ${app.appKey}），不是 AgentId`,
      `no robot has robotCode ${robotCode}; an enterprise robot's robotCode is its app's AppKey (${app.appKey} for "${app.name}"), not its AgentId`,
    ),
  );
}

/** 批量发送人与机器人会话中机器人消息 — POST /v1.0/robot/oToMessages/batchSend */
export const robotBatchSend = tokenRoute({
  id: 'api.robot.oToMessages.batchSend',
  method: 'POST',
  path: '/v1.0/robot/oToMessages/batchSend',
  host: 'api',
  params: z.object({ robotCode: str(), userIds: z.array(str()), msgKey: str(), msgParam: str() }),
  handle(call) {
    const { tenant, app, params } = call;
    requireOwnRobot(tenant, app, params.robotCode);
    if (params.userIds.length === 0) {
      throw new DingTalkError('noRecipients', because('userIds 为空，没有接收人', 'userIds is empty'));
    }
    if (params.userIds.length > MAX_ROBOT_OTO_USERS) {
      throw new DingTalkError(
        'tooManyRecipients',
        because(
          `userIds 有 ${params.userIds.length} 个用户，最多 ${MAX_ROBOT_OTO_USERS} 个`,
          `userIds has ${params.userIds.length} users; at most ${MAX_ROBOT_OTO_USERS}`,
        ),
        {
          param: 'userIds',
        },
      );
    }
    const content = parseRobotTemplate(params.msgKey, params.msgParam);
    const d = tenant.messaging.sendRobotOto(
      app,
      tenant.directory,
      {
        userIds: params.userIds,
        msgKey: params.msgKey,
        raw: JSON.parse(params.msgParam) as unknown,
        content,
      },
      tenant.clock.now(),
    );
    return { processQueryKey: d.key, invalidStaffIdList: d.invalidUserids, flowControlledStaffIdList: [] };
  },
});

/** 机器人发送群聊消息 — POST /v1.0/robot/groupMessages/send */
export const robotGroupSend = tokenRoute({
  id: 'api.robot.groupMessages.send',
  method: 'POST',
  path: '/v1.0/robot/groupMessages/send',
  host: 'api',
  params: z.object({
    robotCode: str(),
    openConversationId: str(),
    msgKey: str(),
    msgParam: str(),
    coolAppCode: z.string().optional(),
  }),
  handle(call) {
    const { tenant, app, params } = call;
    requireOwnRobot(tenant, app, params.robotCode);
    const chat = tenant.messaging.chats.get(params.openConversationId);
    if (!chat) {
      throw new DingTalkError(
        'conversationNotFound',
        because(
          `组织 ${tenant.corpId} 没有群 ${params.openConversationId}`,
          `corp ${tenant.corpId} has no group ${params.openConversationId}`,
        ),
      );
    }
    const content = parseRobotTemplate(params.msgKey, params.msgParam);
    const processQueryKey = newProcessQueryKey();
    tenant.messaging.chats.post(chat.openConversationId, {
      sender: { kind: 'appRobot', appKey: app.appKey, name: app.name },
      msgtype: params.msgKey,
      raw: JSON.parse(params.msgParam) as unknown,
      content,
      at: { atMobiles: [], atUserIds: [], isAtAll: false },
      sentAt: tenant.clock.now(),
      processQueryKey,
    });
    return { processQueryKey };
  },
});

/** 批量查询人与机器人会话机器人消息是否已读 — GET /v1.0/robot/oToMessages/readStatus */
export const robotReadStatus = tokenRoute({
  id: 'api.robot.oToMessages.readStatus',
  method: 'GET',
  path: '/v1.0/robot/oToMessages/readStatus',
  host: 'api',
  params: z.object({ robotCode: str(), processQueryKey: str() }),
  handle(call) {
    const { tenant, app, params } = call;
    requireOwnRobot(tenant, app, params.robotCode);
    const d = tenant.messaging.mailbox.findByKey(params.processQueryKey);
    if (!d || d.appKey !== app.appKey || d.message.source !== 'appRobot') {
      throw new DingTalkError(
        'taskNotFound',
        because(
          `没有 processQueryKey 为 ${params.processQueryKey} 的机器人单聊消息`,
          `no one-to-one robot message with processQueryKey ${params.processQueryKey}`,
        ),
      );
    }
    return {
      // The SDK documents the example value as "SUCESS" (sic, C: @alicloud/dingtalk robot_1_0 d.ts).
      sendStatus: 'SUCESS',
      messageReadInfoList: d.recipients.map((userId, i) => ({
        name: tenant.directory.getUser(userId)?.name ?? '',
        userId,
        readStatus: d.readAt[i] ? 'READ' : 'UNREAD',
        readTimestamp: d.readAt[i] || 0,
      })),
    };
  },
});
