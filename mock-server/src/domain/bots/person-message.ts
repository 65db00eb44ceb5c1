/**
 * A person's message to a bot, as DingTalk pushes it on `/v1.0/im/bot/messages/get`
 * (docs/dingtalk/stream.md, "Robot message payload"): the same JSON an HTTP-mode bot receives.
 * In a group only a message that @-mentions the bot is pushed, its text starting with a space where
 * the mention was (C); one-to-one messages are always pushed. A picture, file, audio or video message
 * carries `content` with a `downloadCode` instead of `text` (C: developerpedia bot/message.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { oneToOneChatId } from '../chats/chats.ts';
import type { User } from '../directory/directory.ts';
import { because, DingTalkError } from '../errors.ts';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

export interface PersonMessage {
  /** The sender's userid (staffId). */
  from: string;
  conversation: {
    /** '1' one-to-one, '2' group (strings, as DingTalk sends them). */
    type: '1' | '2';
    /** The open conversation id; a one-to-one conversation gets a stable one when absent. */
    id?: string;
    /** The group's name (conversationTitle). */
    title?: string;
  };
  /** What the person sends (default text); the others carry a file (`mediaId`). */
  msgtype?: PersonMsgtype;
  /** text: the words; a file message ignores it. */
  text?: string;
  /** picture/file/audio/video: the media file sent (a media_id of media/upload, or one the admin API stored). */
  mediaId?: string;
  /** Group only: whether the person @-mentioned the bot (default true); without it nothing is pushed. */
  atBot?: boolean;
  /** Others the person @-mentioned, by userid. */
  atUsers?: string[];
}

export const PERSON_MSGTYPES = ['text', 'picture', 'file', 'audio', 'video'] as const;
export type PersonMsgtype = (typeof PERSON_MSGTYPES)[number];

/** The file of a picture/file/audio/video message: its download codes and what it is. */
export interface SentFile {
  downloadCode: string;
  /** Pictures only: a second code for the same picture (both download it, C). */
  pictureDownloadCode?: string;
  mediaId: string;
  fileName: string;
  extension: string;
}

export interface RobotIdentity {
  robotCode: string;
  corpId: string;
}

/** `$:LWCP_v1:$…`: DingTalk's encrypted ids for chatbotUserId, senderId and atUsers' dingtalkId (O: shape). */
export function dingtalkIdOf(kind: string, value: string): string {
  const digest = createHash('sha256').update(`${kind}:${value}`).digest('base64');
  return `$:LWCP_v1:$${digest.slice(0, 32)}`;
}

/** The one-to-one conversation between a person and a bot: the same id every time (U: shape). */
export const oneToOneConversationId = oneToOneChatId;

/** The callback's `content` of a file message (C: message.md's samples; spaceId/fileId U values). */
function fileContent(msgtype: PersonMsgtype, f: SentFile): Record<string, unknown> {
  switch (msgtype) {
    case 'picture':
      return { pictureDownloadCode: f.pictureDownloadCode ?? f.downloadCode, downloadCode: f.downloadCode };
    case 'audio':
      return { duration: 0, downloadCode: f.downloadCode, recognition: '' };
    case 'video':
      return { duration: 0, videoType: f.extension, downloadCode: f.downloadCode };
    default:
      return { spaceId: '0', fileName: f.fileName, downloadCode: f.downloadCode, fileId: f.mediaId };
  }
}

/**
 * The callback's data, given the sender and the session opened for it. Field order follows DingTalk's
 * samples (C: developerpedia bot/message.md); `conversationTitle`, `isInAtList` and `atUsers` are
 * group fields.
 */
export function robotCallbackData({
  robot,
  sender,
  msg,
  session,
  directory,
  file,
}: {
  robot: RobotIdentity;
  sender: User;
  msg: PersonMessage & { conversationId: string; conversation: { title?: string } };
  session: { url: string; createdAt: number; expiresAt: number };
  directory: { getUser(userid: string): User | undefined };
  file?: SentFile;
}): Record<string, unknown> {
  const group = msg.conversation.type === '2';
  const msgtype = msg.msgtype ?? 'text';
  const mentioned = (msg.atUsers ?? []).map((userid) => {
    const u = directory.getUser(userid);
    if (!u) throw unknownUser(userid, 'atUsers');
    return { dingtalkId: dingtalkIdOf('user', u.unionid), staffId: u.userid };
  });
  return {
    conversationId: msg.conversationId,
    ...(group && {
      atUsers: [{ dingtalkId: dingtalkIdOf('bot', robot.robotCode) }, ...mentioned],
    }),
    chatbotCorpId: robot.corpId,
    chatbotUserId: dingtalkIdOf('bot', robot.robotCode),
    msgId: `msg${randomBytes(16).toString('base64')}`,
    senderNick: sender.name,
    isAdmin: sender.admin,
    senderStaffId: sender.userid,
    sessionWebhookExpiredTime: session.expiresAt,
    createAt: session.createdAt,
    senderCorpId: robot.corpId,
    conversationType: msg.conversation.type,
    senderId: dingtalkIdOf('user', sender.unionid),
    ...(group && { conversationTitle: msg.conversation.title ?? '' }),
    ...(group && { isInAtList: true }),
    sessionWebhook: session.url,
    ...(msgtype === 'text' || !file
      ? { text: { content: group ? ` ${msg.text ?? ''}` : (msg.text ?? '') } }
      : { content: fileContent(msgtype, file) }),
    robotCode: robot.robotCode,
    msgtype: file ? msgtype : 'text',
  };
}

export function unknownUser(userid: string, field: string): DingTalkError {
  return new DingTalkError(
    'userNotFound',
    because(
      `${field}：组织中没有 userid 为 ${userid} 的人`,
      `${field}: no one in the corp has userid ${userid}`,
    ),
  );
}
