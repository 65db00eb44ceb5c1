/**
 * What an app may do with group chats through the legacy API (docs/dingtalk/messaging.md § Group
 * chats): create one (/chat/create), read it (/chat/get), change it (/chat/update: each change
 * reported as a 群会话事件, docs/dingtalk/events.md), post into it (/chat/send). Rules as
 * DingTalk documents them: a name of 1–20 characters, at most 40 members a call, the owner one of
 * them; a message is a work-notification `msg` (same types).
 */
import type { App } from '../apps/apps.ts';
import type { Directory } from '../directory/directory.ts';
import { because, DingTalkError, isDingTalkError } from '../errors.ts';
import type { ChatChange, ChatOperator } from '../events/chat-events.ts';
import { parseWorkMessage, type ParsedWorkMessage } from '../messaging/work-message.ts';
import {
  DEFAULT_CHAT_SETTINGS,
  NO_MENTIONS,
  type Chat,
  type ChatMessage,
  type Chats,
  type ChatSettings,
} from './chats.ts';

/** 群名称，长度限制为1~20个字符 (C: 创建群 doc). */
export const MAX_CHAT_NAME = 20;
/** 群成员列表，每次最多支持40人 (C: 创建群 doc). */
export const MAX_MEMBERS_PER_CALL = 40;
/** 群人数上限为1000 (C: 创建群 doc). */
export const MAX_CHAT_MEMBERS = 1000;

/** Where a call acts: the tenant's chats and directory, the calling app, the tenant clock's now. */
export interface ChatCall {
  chats: Chats;
  dir: Directory;
  app: App;
  now: number;
  /** Told of each change made (the tenant's event outbox). */
  changed?: (change: ChatChange) => void;
}

export interface CreateChatInput {
  name: string;
  owner: string;
  useridlist: string[];
  settings: Partial<ChatSettings>;
}

const CHATID = /^chat[0-9a-f]{32}$/;

/** 创建群: every member a current user of the corp, the owner among them. */
export function createChat({ chats, dir, app, now }: ChatCall, input: CreateChatInput): Chat {
  const name = checkName(input.name);
  const members = checkPeople(dir, 'useridlist', input.useridlist);
  if (!members.includes(input.owner)) {
    throw new DingTalkError(
      'notChatMember',
      because(
        `群主 "${input.owner}" 必须是 useridlist 的成员之一`,
        `the owner "${input.owner}" must be one of useridlist`,
      ),
      { variant: 'owner' },
    );
  }
  return chats.add(
    {
      name,
      ownerUserid: input.owner,
      memberUserids: members,
      settings: { ...DEFAULT_CHAT_SETTINGS, ...input.settings },
      conversationTag: 2,
      createdByAppKey: app.appKey,
    },
    now,
  );
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || [...name].length > MAX_CHAT_NAME) {
    throw new DingTalkError(
      'invalidParameter',
      because(
        `群名称须为 1~${MAX_CHAT_NAME} 个字符，收到 ${[...name].length} 个`,
        `a group name has 1–${MAX_CHAT_NAME} characters; this one has ${[...name].length}`,
      ),
      { param: 'name' },
    );
  }
  return name;
}

/** At most 40 people a call (C: 每次最多操作40人). */
function checkCount(param: string, ids: readonly string[]): string[] {
  const people = [...new Set(ids)];
  if (people.length > MAX_MEMBERS_PER_CALL) {
    throw new DingTalkError(
      'invalidParameter',
      because(
        `${param} 每次最多 ${MAX_MEMBERS_PER_CALL} 人，收到 ${people.length} 人`,
        `${param} takes at most ${MAX_MEMBERS_PER_CALL} people a call; got ${people.length}`,
      ),
      { param },
    );
  }
  return people;
}

/** A list of people for one call: at most 40, each a current member of the corp. */
function checkPeople(dir: Directory, param: string, ids: readonly string[]): string[] {
  const people = checkCount(param, ids);
  for (const id of people) {
    const u = dir.getUser(id);
    if (!u || u.resigned) {
      throw new DingTalkError(
        'userNotFound',
        because(
          `${param} 中的 "${id}" 不是本组织的在职成员`,
          `"${id}" in ${param} is not a current member of the corp`,
        ),
      );
    }
  }
  return people;
}

const operatorOf = (dir: Directory, userid: string): ChatOperator => ({
  userid,
  unionid: dir.getUser(userid)?.unionid ?? '',
});

export interface UpdateChatInput {
  name?: string;
  owner?: string;
  add?: string[];
  del?: string[];
  settings: Partial<ChatSettings>;
}

/**
 * 修改群会话: members added, then removed, then the owner and the name changed; all checked before any
 * is made. Each change that changes something is reported (chat_add_member, chat_remove_member,
 * chat_update_owner, chat_update_title) with the group's owner before the call as the operator (U:
 * DingTalk does not say whom an app's call names). Removing someone not in the group changes nothing.
 */
export function updateChat(call: ChatCall, chat: Chat, input: UpdateChatInput): ChatChange[] {
  const { dir } = call;
  const name = input.name === undefined ? undefined : checkName(input.name);
  const added = checkPeople(dir, 'add_useridlist', input.add ?? []).filter(
    (id) => !chat.memberUserids.includes(id),
  );
  const removed = checkCount('del_useridlist', input.del ?? []).filter((id) =>
    chat.memberUserids.includes(id),
  );
  const members = [...chat.memberUserids, ...added].filter((id) => !removed.includes(id));
  if (members.length > MAX_CHAT_MEMBERS) {
    throw new DingTalkError(
      'invalidParameter',
      because(
        `群人数上限为 ${MAX_CHAT_MEMBERS}，修改后将有 ${members.length} 人`,
        `a group holds at most ${MAX_CHAT_MEMBERS} people; this would make ${members.length}`,
      ),
      { param: 'add_useridlist' },
    );
  }
  const owner = input.owner ?? chat.ownerUserid;
  if (!members.includes(owner)) {
    throw new DingTalkError(
      'notChatMember',
      because(
        input.owner === undefined
          ? `不能移除群主 "${owner}"（先更换群主）`
          : `新群主 "${owner}" 必须是群成员`,
        input.owner === undefined
          ? `the owner "${owner}" cannot be removed (change the owner first)`
          : `the new owner "${owner}" must be a member of the group`,
      ),
      { variant: 'owner' },
    );
  }
  const base = {
    chatid: chat.chatid,
    openConversationId: chat.openConversationId,
    operator: operatorOf(dir, chat.ownerUserid),
  };
  const changes: ChatChange[] = [];
  if (added.length > 0)
    changes.push({ ...base, type: 'chat_add_member', users: added.map((id) => operatorOf(dir, id)) });
  if (removed.length > 0)
    changes.push({ ...base, type: 'chat_remove_member', users: removed.map((id) => operatorOf(dir, id)) });
  if (owner !== chat.ownerUserid) changes.push({ ...base, type: 'chat_update_owner', owner });
  if (name !== undefined && name !== chat.name)
    changes.push({ ...base, type: 'chat_update_title', title: name });
  chat.memberUserids = members;
  chat.ownerUserid = owner;
  if (name !== undefined) chat.name = name;
  Object.assign(chat.settings, input.settings);
  for (const c of changes) call.changed?.(c);
  return changes;
}

/** 群会话用户主动退群: a member leaves (the owner must hand the group over first). */
export function quitChat(call: Pick<ChatCall, 'dir' | 'changed'>, chat: Chat, userid: string): ChatChange {
  if (!chat.memberUserids.includes(userid)) {
    throw new DingTalkError(
      'notChatMember',
      because(`"${userid}" 不在群「${chat.name}」中`, `"${userid}" is not in group "${chat.name}"`),
      { variant: 'owner' },
    );
  }
  if (userid === chat.ownerUserid) {
    throw new DingTalkError(
      'invalidParameter',
      because(
        `群主 "${userid}" 须先转让群主才能退群`,
        `the owner "${userid}" must hand the group over before leaving`,
      ),
      { param: 'userid' },
    );
  }
  chat.memberUserids = chat.memberUserids.filter((id) => id !== userid);
  const change: ChatChange = {
    type: 'chat_quit',
    chatid: chat.chatid,
    openConversationId: chat.openConversationId,
    operator: operatorOf(call.dir, userid),
  };
  call.changed?.(change);
  return change;
}

/**
 * The group a chatid names; 34001 for what is no chatid at all, 34013 for one no group has (a
 * one-to-one chat with a bot is no group: /chat/* never sees it).
 */
export function findChat(chats: Chats, chatid: string): Chat {
  const chat = chats.byId(chatid);
  if (chat?.kind === 'group') return chat;
  throw new DingTalkError(
    'chatNotFound',
    CHATID.test(chatid)
      ? because(
          `本组织没有 chatid 为 ${chatid} 的群（只认 /chat/create 返回的 chatid）`,
          `no group of this corp has chatid ${chatid} (only chatids /chat/create returned count)`,
        )
      : because(
          `"${chatid}" 不是 chatid（chat 加 32 位十六进制；openConversationId 是另一种 id）`,
          `"${chatid}" is not a chatid ("chat" and 32 hex digits; an openConversationId is another id)`,
        ),
    CHATID.test(chatid) ? {} : { variant: 'malformed' },
  );
}

/**
 * content, markdown text at most 5000 characters, titles 64 (O: a product's table of DingTalk's 34016
 * checks; KubeSphere splits its group messages at 5000). The 2048-byte limit of the archived page is
 * not applied (U: integrations send more and DingTalk takes it).
 */
export const MAX_CHAT_TEXT = 5000;
export const MAX_CHAT_TITLE = 64;

/** A /chat/send message: the msg as a work notification's, its errors in the group's codes. */
export function parseChatMessage(msg: unknown): ParsedWorkMessage {
  let parsed: ParsedWorkMessage;
  try {
    parsed = parseWorkMessage(msg, Infinity);
  } catch (e) {
    if (!isDingTalkError(e)) throw e;
    const variant = e.kind === 'unsupportedMsgType' ? 'msgtype' : undefined;
    throw new DingTalkError('chatMessageInvalid', because(e.reasonZh, e.reason), variant ? { variant } : {});
  }
  const c = parsed.content;
  const text =
    c.type === 'text'
      ? c.content
      : c.type === 'markdown'
        ? c.text
        : c.type === 'actionCard'
          ? c.markdown
          : '';
  const title = c.type === 'markdown' || c.type === 'actionCard' ? c.title : '';
  if ([...text].length > MAX_CHAT_TEXT || [...title].length > MAX_CHAT_TITLE) {
    throw new DingTalkError(
      'chatMessageInvalid',
      because(
        `消息正文 ${[...text].length} 字（上限 ${MAX_CHAT_TEXT}），标题 ${[...title].length} 字（上限 ${MAX_CHAT_TITLE}）`,
        `the message text has ${[...text].length} characters (at most ${MAX_CHAT_TEXT}), its title ${[...title].length} (at most ${MAX_CHAT_TITLE})`,
      ),
      { variant: 'tooLong' },
    );
  }
  return parsed;
}

/** 发送消息到企业群: the app posts; a named sender (the 2015 form) must be in the group. */
export function sendToChat(
  { chats, dir, app, now }: ChatCall,
  chat: Chat,
  msg: ParsedWorkMessage,
  sender: string | undefined,
): ChatMessage {
  if (sender !== undefined && !chat.memberUserids.includes(sender)) {
    throw new DingTalkError(
      'notChatMember',
      because(
        `sender "${sender}" 不在群「${chat.name}」中`,
        `sender "${sender}" is not in group "${chat.name}"`,
      ),
      { variant: 'sender' },
    );
  }
  const person = sender === undefined ? undefined : dir.getUser(sender);
  return chats.post(chat.openConversationId, {
    sender: person
      ? { kind: 'person', userid: person.userid, name: person.name }
      : { kind: 'app', appKey: app.appKey, agentId: app.agentId, name: app.name },
    msgtype: msg.msgtype,
    raw: msg.raw,
    content: msg.content,
    at: NO_MENTIONS,
    sentAt: now,
  });
}
