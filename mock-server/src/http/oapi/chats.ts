/**
 * 即时通信 > 群会话 (docs/dingtalk/messaging.md § Group chats): create a group, read it, change it (its
 * changes pushed as 群会话事件 to subscribed apps), post into it, on the legacy host with the plain envelope. Rules in domain/chats/group-chats.ts; permission points
 * (qyapi_chat_manage, qyapi_chat_read) from the table in domain/apps/scopes.ts.
 */
import * as z from 'zod';
import {
  createChat,
  findChat,
  parseChatMessage,
  sendToChat,
  updateChat,
  type ChatCall,
} from '../../domain/chats/group-chats.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import { int, str } from '../params.ts';
import { tokenRoute, type AppCall } from '../route.ts';

const chatCall = (call: AppCall<unknown>): ChatCall => ({
  chats: call.tenant.messaging.chats,
  dir: call.tenant.directory,
  app: call.app,
  now: call.tenant.clock.now(),
  changed: (change) => call.tenant.events.record(change, call.tenant.clock.now()),
});

/** A 0/1 setting, as a number or a numeric string (the Java SDK sends "1"). */
const flag = () =>
  int()
    .refine((n) => n === 0 || n === 1, 'must be 0 or 1')
    .optional();

/** useridlist: a JSON array of userids (numbers accepted), or the same as a JSON string. */
const useridList = () =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }, z.array(str()).min(1));

/** 创建群会话 — POST /chat/create */
export const chatCreate = tokenRoute({
  id: 'oapi.chat.create',
  method: 'POST',
  path: '/chat/create',
  host: 'oapi',
  style: 'plain',
  params: z.object({
    name: str(),
    owner: str(),
    useridlist: useridList(),
    showHistoryType: flag(),
    searchable: flag(),
    validationType: flag(),
    mentionAllAuthority: flag(),
    managementType: flag(),
    chatBannedType: flag(),
  }),
  handle(call) {
    const { name, owner, useridlist, ...settings } = call.params;
    const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    const chat = createChat(chatCall(call), { name, owner, useridlist, settings: defined });
    return {
      chatid: chat.chatid,
      openConversationId: chat.openConversationId,
      conversationTag: chat.conversationTag,
    };
  },
});

/** Optional text: absent, null and "" all leave it as it is (Go clients send "" for what they do not set). */
const unlessEmpty = () => z.preprocess((v) => (v === null || v === '' ? undefined : v), str().optional());

/** An optional list of userids (or the same as a JSON string): absent, null or empty changes nobody. */
const optionalList = () =>
  z.preprocess((v) => {
    if (v === null || v === '') return undefined;
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }, z.array(str()).optional());

/**
 * 修改群会话 — POST /chat/update {chatid, name?, owner?, add_useridlist?, del_useridlist?, settings}.
 * Each change is one 群会话事件 for the apps that subscribe (chat_add_member, chat_remove_member,
 * chat_update_owner, chat_update_title).
 */
export const chatUpdate = tokenRoute({
  id: 'oapi.chat.update',
  method: 'POST',
  path: '/chat/update',
  host: 'oapi',
  style: 'plain',
  params: z.object({
    chatid: str(),
    name: unlessEmpty(),
    owner: unlessEmpty(),
    add_useridlist: optionalList(),
    del_useridlist: optionalList(),
    icon: unlessEmpty(),
    showHistoryType: flag(),
    searchable: flag(),
    validationType: flag(),
    mentionAllAuthority: flag(),
    managementType: flag(),
    chatBannedType: flag(),
  }),
  handle(call) {
    const { chatid, name, owner, add_useridlist, del_useridlist } = call.params;
    const chat = findChat(call.tenant.messaging.chats, chatid);
    const p = call.params;
    const settings = {
      showHistoryType: p.showHistoryType,
      searchable: p.searchable,
      validationType: p.validationType,
      mentionAllAuthority: p.mentionAllAuthority,
      managementType: p.managementType,
      chatBannedType: p.chatBannedType,
    };
    const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    updateChat(chatCall(call), chat, {
      ...(name !== undefined ? { name } : {}),
      ...(owner !== undefined ? { owner } : {}),
      add: add_useridlist ?? [],
      del: del_useridlist ?? [],
      settings: defined,
    });
    return {};
  },
});

/** 查询群信息 — GET /chat/get?chatid= */
export const chatGet = tokenRoute({
  id: 'oapi.chat.get',
  method: 'GET',
  path: '/chat/get',
  host: 'oapi',
  style: 'plain',
  params: z.object({ chatid: str() }),
  handle(call) {
    const chat = findChat(call.tenant.messaging.chats, call.params.chatid);
    return {
      chat_info: {
        name: chat.name,
        owner: chat.ownerUserid,
        useridlist: [...chat.memberUserids],
        conversationTag: chat.conversationTag,
        ...chat.settings,
        icon: '',
        status: 1,
      },
    };
  },
});

/**
 * 发送消息到企业群 — POST /chat/send {chatid, msg}. The 2015 form puts `msgtype` and its object beside
 * `chatid` instead of inside `msg` (and may name a `sender`); KubeSphere's notification-manager still
 * sends it, so both are taken.
 */
export const chatSend = tokenRoute({
  id: 'oapi.chat.send',
  method: 'POST',
  path: '/chat/send',
  host: 'oapi',
  style: 'plain',
  params: z.object({ chatid: str(), msg: z.unknown().optional(), sender: str().optional() }),
  handle(call) {
    const chats = call.tenant.messaging.chats;
    const chat = findChat(chats, call.params.chatid);
    const body = call.request.body;
    const flat = body && typeof body === 'object' && 'msgtype' in body ? body : undefined;
    const msg = call.params.msg ?? flat;
    if (msg === undefined) {
      throw new DingTalkError(
        'missingParameter',
        because('缺少消息内容 msg', 'the message (msg) is missing'),
        { param: 'msg' },
      );
    }
    const parsed = parseChatMessage(msg);
    const sent = sendToChat(chatCall(call), chat, parsed, call.params.sender);
    return { messageId: sent.id };
  },
});
