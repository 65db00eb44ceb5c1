/**
 * What a bot does to messages already in a chat (docs/dingtalk/bot-reactions.md): it puts a reaction
 * (贴表情) on a person's message and takes it back (emotion/reply, emotion/recall), and it recalls its own
 * messages — group messages by processQueryKey (groupMessages/recall), one-to-one messages by
 * processQueryKey (otoMessages/batchRecall). A recall answers per key: recalled keys in successResult,
 * the others with why in failedResult (C: the SDK's response shape; the reasons' wording U).
 */
import type { Chats, ChatMessage } from '../chats/chats.ts';
import { because, DingTalkError } from '../errors.ts';
import type { Mailbox } from '../messaging/mailbox.ts';

export interface RecallResult {
  successResult: string[];
  failedResult: Record<string, string>;
}

export interface EmotionRequest {
  robotCode: string;
  openConversationId: string;
  openMsgId: string;
  emotionType: number;
  emotionName: string;
}

/** The person's message a reaction goes on: a message of that chat with the callback's msgId. */
function reactedMessage(chats: Chats, req: EmotionRequest): ChatMessage {
  const chat = chats.get(req.openConversationId);
  if (!chat || !chat.robotCodes.includes(req.robotCode))
    throw new DingTalkError(
      'conversationNotFound',
      because(
        chat
          ? `机器人 ${req.robotCode} 不在会话「${chat.name}」中`
          : `没有 openConversationId 为 ${req.openConversationId} 的会话`,
        chat
          ? `bot ${req.robotCode} is not in conversation "${chat.name}"`
          : `no conversation has openConversationId ${req.openConversationId}`,
      ),
    );
  const message = chats.find(req.openConversationId, { openMsgId: req.openMsgId });
  if (!message)
    throw new DingTalkError(
      'openMsgIdNotFound',
      because(
        `会话「${chat.name}」中没有 msgId 为 ${req.openMsgId} 的消息（openMsgId 是机器人收到的消息的 msgId）`,
        `conversation "${chat.name}" has no message with msgId ${req.openMsgId} (openMsgId is the msgId of a message the bot received)`,
      ),
      { param: 'openMsgId' },
    );
  return message;
}

/** 机器人贴表情: the reaction shows on the message; the same one twice is one reaction. */
export function replyEmotion(chats: Chats, req: EmotionRequest, now: number): void {
  const m = reactedMessage(chats, req);
  const list = (m.reactions ??= []);
  if (!list.some((r) => r.robotCode === req.robotCode && r.emotionName === req.emotionName))
    list.push({
      robotCode: req.robotCode,
      emotionName: req.emotionName,
      emotionType: req.emotionType,
      at: now,
    });
}

/** 机器人撤回表情: the bot's reaction of that name is taken off (none there is no error: U). */
export function recallEmotion(chats: Chats, req: EmotionRequest): void {
  const m = reactedMessage(chats, req);
  if (!m.reactions) return;
  m.reactions = m.reactions.filter(
    (r) => !(r.robotCode === req.robotCode && r.emotionName === req.emotionName),
  );
  if (m.reactions.length === 0) delete m.reactions;
}

/** 企业机器人撤回内部群消息: the bot's own messages of that group with those keys. */
export function recallGroupMessages(
  chats: Chats,
  req: { robotCode: string; openConversationId: string; processQueryKeys: string[] },
  now: number,
): RecallResult {
  const chat = chats.get(req.openConversationId);
  if (!chat)
    throw new DingTalkError(
      'conversationNotFound',
      because(
        `没有 openConversationId 为 ${req.openConversationId} 的群`,
        `no group has openConversationId ${req.openConversationId}`,
      ),
    );
  const result: RecallResult = { successResult: [], failedResult: {} };
  for (const key of new Set(req.processQueryKeys)) {
    const m = chats.find(chat.openConversationId, { processQueryKey: key });
    if (!m || m.sender.kind !== 'appRobot' || m.sender.appKey !== req.robotCode)
      result.failedResult[key] = '消息不存在 (no message of this bot in this group has this processQueryKey)';
    else {
      m.recalledAt ??= now;
      result.successResult.push(key);
    }
  }
  return result;
}

/** 批量撤回人与机器人会话中机器人消息: the bot's one-to-one sends with those keys. */
export function recallOtoMessages(
  mailbox: Mailbox,
  req: { robotCode: string; processQueryKeys: string[] },
  now: number,
): RecallResult {
  const result: RecallResult = { successResult: [], failedResult: {} };
  for (const key of new Set(req.processQueryKeys)) {
    const d = mailbox.findByKey(key);
    if (!d || d.appKey !== req.robotCode || d.message.source !== 'appRobot')
      result.failedResult[key] = '消息不存在 (no one-to-one message of this bot has this processQueryKey)';
    else {
      d.recalledAt ??= now;
      result.successResult.push(key);
    }
  }
  return result;
}
