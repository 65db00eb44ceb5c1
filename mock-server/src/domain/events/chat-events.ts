/**
 * Group-chat changes as DingTalk names them (群会话事件, docs/dingtalk/events.md § 群会话事件): members
 * added, removed or leaving, a new owner, a new name, the group disbanded — and the fields each
 * event carries on the wire (the HTTP push's and the Stream EVENT frame's).
 */

export type ChatEventType =
  | 'chat_add_member'
  | 'chat_remove_member'
  | 'chat_quit'
  | 'chat_update_owner'
  | 'chat_update_title'
  | 'chat_disband';

export const CHAT_EVENT_TYPES: readonly ChatEventType[] = [
  'chat_add_member',
  'chat_remove_member',
  'chat_quit',
  'chat_update_owner',
  'chat_update_title',
  'chat_disband',
];

/** The names DingTalk's 事件订阅 page gives them. */
export const CHAT_EVENT_NAMES: Readonly<Record<ChatEventType, string>> = {
  chat_add_member: '群会话添加人员',
  chat_remove_member: '群会话删除人员',
  chat_quit: '群会话用户主动退群',
  chat_update_owner: '群会话更换群主',
  chat_update_title: '群会话更换群名称',
  chat_disband: '群会话解散群',
};

/** Who did it: a userid and its unionid ('' when the directory no longer knows them). */
export interface ChatOperator {
  userid: string;
  unionid: string;
}

/** One change of a group chat (domain/chats reports it; the tenant's outbox turns it into an event). */
export interface ChatChange {
  type: ChatEventType;
  chatid: string;
  openConversationId: string;
  operator: ChatOperator;
  /** chat_add_member / chat_remove_member: the people added or removed. */
  users?: ChatOperator[];
  /** chat_update_owner: the new owner's userid. */
  owner?: string;
  /** chat_update_title: the new name. */
  title?: string;
}

export const isChatEventType = (s: string): s is ChatEventType =>
  (CHAT_EVENT_TYPES as readonly string[]).includes(s);

/**
 * The HTTP push's fields beside EventType/TimeStamp/CorpId: the PascalCase ones of the 群会话事件回调
 * page (ChatId, UserId, Operator, Owner, Title) and the camelCase ones today's event pages list
 * (chatId, openConversationId, operator, operatorUnionId, userId, unionId, owner, title, timeStamp).
 */
export function chatHttpFields(c: ChatChange, at: number): Record<string, unknown> {
  return {
    ChatId: c.chatid,
    ...(c.users ? { UserId: c.users.map((u) => u.userid) } : {}),
    Operator: c.operator.userid,
    ...(c.owner !== undefined ? { Owner: c.owner } : {}),
    ...(c.title !== undefined ? { Title: c.title } : {}),
    ...chatStreamFields(c, at),
  };
}

/** The `data` of a Stream EVENT frame, as the event pages' examples show it (timeStamp a number). */
export function chatStreamFields(c: ChatChange, at: number): Record<string, unknown> {
  return {
    timeStamp: at,
    chatId: c.chatid,
    openConversationId: c.openConversationId,
    operator: c.operator.userid,
    operatorUnionId: c.operator.unionid,
    ...(c.users ? { userId: c.users.map((u) => u.userid), unionId: c.users.map((u) => u.unionid) } : {}),
    ...(c.owner !== undefined ? { owner: c.owner } : {}),
    ...(c.title !== undefined ? { title: c.title } : {}),
  };
}
