/**
 * Directory changes as DingTalk names them (通讯录事件): what the address book reports when a user or a
 * department is added, changed or removed, and the two wire forms of the resulting event — the HTTP
 * push's PascalCase JSON and the Stream EVENT frame's camelCase data (docs/dingtalk/events.md).
 */
import type { DirectoryChange } from '../directory/directory.ts';
import {
  CHAT_EVENT_TYPES,
  chatHttpFields,
  chatStreamFields,
  type ChatChange,
  type ChatEventType,
} from './chat-events.ts';

export type { ChatChange, DirectoryChange };

export type DirectoryEventType =
  | 'user_add_org'
  | 'user_modify_org'
  | 'user_leave_org'
  | 'org_dept_create'
  | 'org_dept_modify'
  | 'org_dept_remove';

export const DIRECTORY_EVENT_TYPES: readonly DirectoryEventType[] = [
  'user_add_org',
  'user_modify_org',
  'user_leave_org',
  'org_dept_create',
  'org_dept_modify',
  'org_dept_remove',
];

/** Every event type an app may subscribe to: the directory's, then the group chats'. */
export type EventType = DirectoryEventType | ChatEventType;

export const EVENT_TYPES: readonly EventType[] = [...DIRECTORY_EVENT_TYPES, ...CHAT_EVENT_TYPES];

/** An event as the sandbox keeps it: one per change, stamped with the tenant clock. */
export interface DingTalkEvent {
  eventId: string;
  eventType: EventType | 'check_url';
  corpId: string;
  /** Tenant-clock ms. */
  bornAt: number;
  userIds?: string[];
  deptIds?: number[];
  /** A group-chat event's change (chat-events.ts). */
  chat?: ChatChange;
}

/** The decrypted body of an HTTP push: `{"EventType","TimeStamp","UserId"|"DeptId","CorpId"}`. */
export function httpPayload(e: DingTalkEvent): Record<string, unknown> {
  if (e.eventType === 'check_url') return { EventType: 'check_url' };
  if (e.chat) {
    return {
      EventType: e.eventType,
      TimeStamp: e.bornAt,
      CorpId: e.corpId,
      ...chatHttpFields(e.chat, e.bornAt),
      corpId: e.corpId,
    };
  }
  return {
    EventType: e.eventType,
    TimeStamp: e.bornAt,
    ...(e.userIds ? { UserId: e.userIds } : {}),
    ...(e.deptIds ? { DeptId: e.deptIds } : {}),
    CorpId: e.corpId,
  };
}

/** The `data` of a Stream EVENT frame: `{"timeStamp":"…","userId":[…]}` (deptId by analogy, inferred). */
export function streamPayload(e: DingTalkEvent): Record<string, unknown> {
  if (e.chat) return { ...chatStreamFields(e.chat, e.bornAt), corpId: e.corpId };
  return {
    timeStamp: String(e.bornAt),
    ...(e.userIds ? { userId: e.userIds } : {}),
    ...(e.deptIds ? { deptId: e.deptIds } : {}),
  };
}

export function eventOfChange(
  change: DirectoryChange | ChatChange,
  corpId: string,
  eventId: string,
  now: number,
): DingTalkEvent {
  const base = { eventId, eventType: change.type, corpId, bornAt: now };
  if ('chatid' in change) {
    const users = change.users?.map((u) => u.userid);
    return { ...base, chat: structuredClone(change), ...(users ? { userIds: users } : {}) };
  }
  return 'userid' in change ? { ...base, userIds: [change.userid] } : { ...base, deptIds: [change.deptId] };
}
