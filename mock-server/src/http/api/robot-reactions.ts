/**
 * 机器人 > 企业机器人: what a bot does to messages already sent (docs/dingtalk/bot-reactions.md) —
 * reactions on a person's message (emotion/reply, emotion/recall: not in the SDK, request shape O
 * from public bots) and recalls of its own group and one-to-one messages (groupMessages/recall,
 * otoMessages/batchRecall: C, @alicloud/dingtalk robot_1_0). robotCode must be the caller's own.
 */
import * as z from 'zod';
import {
  recallEmotion,
  recallGroupMessages,
  recallOtoMessages,
  replyEmotion,
} from '../../domain/bots/reactions.ts';
import { int, str } from '../params.ts';
import { tokenRoute } from '../route.ts';
import { requireOwnRobot } from './robot.ts';

const emotionParams = z.object({
  robotCode: str(),
  openMsgId: str(),
  openConversationId: str(),
  emotionType: int(),
  emotionName: str(),
  textEmotion: z
    .object({
      emotionId: z.string().optional(),
      emotionName: z.string().optional(),
      text: z.string().optional(),
      backgroundId: z.string().optional(),
    })
    .optional(),
});

/** 机器人贴表情 — POST /v1.0/robot/emotion/reply */
export const robotEmotionReply = tokenRoute({
  id: 'api.robot.emotion.reply',
  method: 'POST',
  path: '/v1.0/robot/emotion/reply',
  host: 'api',
  params: emotionParams,
  handle({ tenant, app, params }) {
    requireOwnRobot(tenant, app, params.robotCode);
    replyEmotion(tenant.messaging.chats, params, tenant.clock.now());
    return { success: true };
  },
});

/** 机器人撤回表情 — POST /v1.0/robot/emotion/recall */
export const robotEmotionRecall = tokenRoute({
  id: 'api.robot.emotion.recall',
  method: 'POST',
  path: '/v1.0/robot/emotion/recall',
  host: 'api',
  params: emotionParams,
  handle({ tenant, app, params }) {
    requireOwnRobot(tenant, app, params.robotCode);
    recallEmotion(tenant.messaging.chats, params);
    return { success: true };
  },
});

/** 企业机器人撤回内部群消息 — POST /v1.0/robot/groupMessages/recall */
export const robotGroupRecall = tokenRoute({
  id: 'api.robot.groupMessages.recall',
  method: 'POST',
  path: '/v1.0/robot/groupMessages/recall',
  host: 'api',
  params: z.object({ openConversationId: str(), robotCode: str(), processQueryKeys: z.array(str()).min(1) }),
  handle({ tenant, app, params }) {
    requireOwnRobot(tenant, app, params.robotCode);
    return recallGroupMessages(tenant.messaging.chats, params, tenant.clock.now());
  },
});

/** 批量撤回人与机器人会话中机器人消息 — POST /v1.0/robot/otoMessages/batchRecall */
export const robotOtoBatchRecall = tokenRoute({
  id: 'api.robot.otoMessages.batchRecall',
  method: 'POST',
  path: '/v1.0/robot/otoMessages/batchRecall',
  host: 'api',
  params: z.object({ robotCode: str(), processQueryKeys: z.array(str()).min(1) }),
  handle({ tenant, app, params }) {
    requireOwnRobot(tenant, app, params.robotCode);
    return recallOtoMessages(tenant.messaging.mailbox, params, tenant.clock.now());
  },
});
