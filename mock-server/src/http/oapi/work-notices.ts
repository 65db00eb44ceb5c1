/**
 * 消息通知 > 工作通知 (docs/dingtalk/messaging.md): send, progress, result, recall, OA status bar.
 * Permission point: `qyapi_base` (调用企业API基础权限) on all five, as DingTalk's pages say (O),
 * from the table in domain/apps/scopes.ts. Every internal app holds it from creation; revoking it in the
 * console reproduces M4's send without permission.
 */
import * as z from 'zod';
import type { App } from '../../domain/apps/apps.ts';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { Delivery } from '../../domain/messaging/mailbox.ts';
import { MAX_DEPTS_PER_SEND, MAX_USERIDS_PER_SEND } from '../../domain/messaging/messaging.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { parseWorkMessage } from '../../domain/messaging/work-message.ts';
import { bool, int, str } from '../params.ts';
import { tokenRoute, type AppCall } from '../route.ts';

const DAY_MS = 86_400_000;

/** A comma-separated list as DingTalk wants it ("u1,u2"); a lone number is accepted as one id. */
export const commaList = () =>
  z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).optional();

/** agent_id must be the calling app's own AgentId (41011 when absent, 40056 otherwise). */
export function requireOwnAgent(call: AppCall<unknown>, raw: unknown): void {
  if (raw === undefined || raw === null || raw === '') {
    throw new DingTalkError('invalidAgentId', because('缺少 agent_id', 'agent_id is missing'), {
      variant: 'missing',
    });
  }
  const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new DingTalkError(
      'invalidAgentId',
      because(`agent_id ${JSON.stringify(raw)} 不是数字`, `agent_id ${JSON.stringify(raw)} is not a number`),
    );
  }
  if (n === call.app.agentId) return;
  const owner = call.tenant.findAppByAgentId(n);
  throw new DingTalkError(
    'invalidAgentId',
    owner
      ? because(
          `agent_id ${n} 属于应用「${owner.name}」，而 access_token 是应用「${call.app.name}」的（其 AgentId 为 ${call.app.agentId}）`,
          `agent_id ${n} belongs to app "${owner.name}", but the access token is app "${call.app.name}"'s (AgentId ${call.app.agentId})`,
        )
      : because(
          `组织 ${call.tenant.corpId} 没有 AgentId 为 ${n} 的应用；应用「${call.app.name}」的 AgentId 为 ${call.app.agentId}`,
          `no app of corp ${call.tenant.corpId} has agent_id ${n}; app "${call.app.name}" has AgentId ${call.app.agentId}`,
        ),
  );
}

/** The task of this agent, not older than `maxAgeMs` (24 h for results and recall, C). */
function findTask(tenant: Tenant, app: App, taskId: number, maxAgeMs = Infinity): Delivery {
  const d = tenant.messaging.mailbox.findByTaskId(taskId);
  if (!d || d.message.source !== 'workNotice') {
    throw new DingTalkError(
      'taskNotFound',
      because(
        `组织 ${tenant.corpId} 没有工作通知任务 ${taskId}（或已被清出）`,
        `no work-notification task ${taskId} in corp ${tenant.corpId} (or it was evicted)`,
      ),
    );
  }
  if (d.agentId !== app.agentId) {
    throw new DingTalkError(
      'taskNotFound',
      because(
        `任务 ${taskId} 由 AgentId ${d.agentId} 发送，不是 ${app.agentId}`,
        `task ${taskId} was sent by AgentId ${d.agentId}, not ${app.agentId}`,
      ),
    );
  }
  const age = tenant.clock.now() - d.message.sentAt;
  if (age > maxAgeMs) {
    throw new DingTalkError(
      'taskNotFound',
      because(
        `任务 ${taskId} 已发送 ${Math.round(age / 3_600_000)} 小时；钉钉只保留 ${maxAgeMs / 3_600_000} 小时`,
        `task ${taskId} is ${Math.round(age / 3_600_000)} h old; DingTalk keeps it ${maxAgeMs / 3_600_000} h`,
      ),
    );
  }
  return d;
}

const sendParams = z.object({
  agent_id: z.unknown().optional(),
  userid_list: commaList(),
  dept_id_list: commaList(),
  to_all_user: bool().optional(),
  msg: z.unknown().optional(),
});

/** 发送工作通知 — POST /topapi/message/corpconversation/asyncsend_v2 */
export const asyncSendV2 = tokenRoute({
  id: 'oapi.message.corpconversation.asyncsend_v2',
  method: 'POST',
  path: '/topapi/message/corpconversation/asyncsend_v2',
  host: 'oapi',
  style: 'topapi',
  params: sendParams,
  handle(call) {
    const { tenant, app, params } = call;
    requireOwnAgent(call, params.agent_id);
    if (params.msg === undefined || params.msg === '') {
      throw new DingTalkError('missingParameter', because('缺少消息内容 msg', 'msg is missing'), {
        param: 'msg',
      });
    }
    const parsed = parseWorkMessage(params.msg);
    // image / file / voice name a media_id this corp uploaded (media/upload), else 40007.
    const msg = { ...parsed, content: tenant.media.resolve(parsed.content) };
    const { useridList, deptIdList, toAllUser } = recipientsOf(params);
    const d = tenant.messaging.sendWorkNotice(
      app,
      tenant.directory,
      { useridList, deptIdList, toAllUser, msg },
      tenant.clock.now(),
    );
    return { task_id: d.taskId };
  },
});

const taskParams = z.object({ agent_id: z.unknown().optional(), task_id: int() });

/** 获取工作通知消息的发送进度 — POST /topapi/message/corpconversation/getsendprogress */
export const getSendProgress = tokenRoute({
  id: 'oapi.message.corpconversation.getsendprogress',
  method: 'POST',
  path: '/topapi/message/corpconversation/getsendprogress',
  host: 'oapi',
  style: 'topapi',
  params: taskParams,
  handle(call) {
    requireOwnAgent(call, call.params.agent_id);
    findTask(call.tenant, call.app, call.params.task_id);
    // Delivery completes within the send call (U: DingTalk fans out asynchronously): 2 完毕, 100 %.
    return { progress: { progress_in_percent: 100, status: 2 } };
  },
});

/** 获取工作通知消息的发送结果 — POST /topapi/message/corpconversation/getsendresult */
export const getSendResult = tokenRoute({
  id: 'oapi.message.corpconversation.getsendresult',
  method: 'POST',
  path: '/topapi/message/corpconversation/getsendresult',
  host: 'oapi',
  style: 'topapi',
  params: taskParams,
  handle(call) {
    requireOwnAgent(call, call.params.agent_id);
    const d = findTask(call.tenant, call.app, call.params.task_id, DAY_MS);
    const read: string[] = [];
    const unread: string[] = [];
    d.recipients.forEach((u, i) => (d.readAt[i] ? read : unread).push(u));
    // DingTalk times out above 100 recipients (C: doc note); the sandbox answers in full (U).
    return {
      send_result: {
        invalid_user_id_list: d.invalidUserids,
        forbidden_user_id_list: d.forbiddenUserids,
        failed_user_id_list: d.failedUserids,
        read_user_id_list: read,
        unread_user_id_list: unread,
        invalid_dept_id_list: d.invalidDeptIds,
        forbidden_list: d.forbiddenList,
      },
    };
  },
});

/** 撤回工作通知消息 — POST /topapi/message/corpconversation/recall (msg_task_id, 24 h, C) */
export const recall = tokenRoute({
  id: 'oapi.message.corpconversation.recall',
  method: 'POST',
  path: '/topapi/message/corpconversation/recall',
  host: 'oapi',
  style: 'topapi',
  params: z.object({ agent_id: z.unknown().optional(), msg_task_id: int() }),
  handle(call) {
    requireOwnAgent(call, call.params.agent_id);
    const d = findTask(call.tenant, call.app, call.params.msg_task_id, DAY_MS);
    d.recalledAt ??= call.tenant.clock.now();
    return {};
  },
});

/** 更新工作通知状态栏 — POST /topapi/message/corpconversation/status_bar/update (OA, 7 days, C) */
export const updateStatusBar = tokenRoute({
  id: 'oapi.message.corpconversation.status_bar.update',
  method: 'POST',
  path: '/topapi/message/corpconversation/status_bar/update',
  host: 'oapi',
  style: 'topapi',
  params: z.object({
    agent_id: z.unknown().optional(),
    task_id: int(),
    status_value: str(),
    status_bg: z.string().optional(),
  }),
  handle(call) {
    requireOwnAgent(call, call.params.agent_id);
    const d = findTask(call.tenant, call.app, call.params.task_id, 7 * DAY_MS);
    if (d.message.content.type !== 'oa') {
      // Only OA messages have a status bar (U: DingTalk's answer for other types).
      throw new DingTalkError(
        'invalidParameter',
        because(
          `任务 ${d.taskId} 是 ${d.message.msgtype} 消息；只有 OA 消息有状态栏`,
          `task ${d.taskId} is a ${d.message.msgtype} message; only oa has a status bar`,
        ),
        { param: 'task_id' },
      );
    }
    d.statusBar = { value: call.params.status_value, bg: call.params.status_bg ?? d.statusBar?.bg ?? '' };
    return {};
  },
});

/** userid_list, dept_id_list and to_all_user of a send, checked: someone, and not too many (C: Java SDK limits). */
export function recipientsOf(params: {
  userid_list?: string;
  dept_id_list?: string;
  to_all_user?: boolean;
}): {
  useridList: string[];
  deptIdList: number[];
  toAllUser: boolean;
} {
  const useridList = split(params.userid_list);
  const deptIdList = split(params.dept_id_list).map((d) => {
    if (!/^\d+$/.test(d)) {
      throw new DingTalkError(
        'invalidParameter',
        because(`dept_id_list 中的 "${d}" 不是部门 ID`, `dept_id_list holds "${d}", not a department id`),
        {
          param: 'dept_id_list',
        },
      );
    }
    return Number(d);
  });
  const toAllUser = params.to_all_user === true;
  if (!toAllUser && useridList.length === 0 && deptIdList.length === 0) {
    throw new DingTalkError(
      'noRecipients',
      because(
        '没有指定接收人：userid_list、dept_id_list 都为空，且 to_all_user 不是 true',
        'none of userid_list, dept_id_list or to_all_user=true was given',
      ),
    );
  }
  if (useridList.length > MAX_USERIDS_PER_SEND) {
    throw new DingTalkError(
      'tooManyRecipients',
      because(
        `userid_list 有 ${useridList.length} 个用户，最多 ${MAX_USERIDS_PER_SEND} 个`,
        `userid_list has ${useridList.length} users; at most ${MAX_USERIDS_PER_SEND}`,
      ),
      { param: 'userid_list' },
    );
  }
  if (deptIdList.length > MAX_DEPTS_PER_SEND) {
    throw new DingTalkError(
      'tooManyRecipients',
      because(
        `dept_id_list 有 ${deptIdList.length} 个部门，最多 ${MAX_DEPTS_PER_SEND} 个`,
        `dept_id_list has ${deptIdList.length} departments; at most ${MAX_DEPTS_PER_SEND}`,
      ),
      { param: 'dept_id_list' },
    );
  }
  return { useridList, deptIdList, toAllUser };
}

function split(list: string | undefined): string[] {
  if (!list) return [];
  return [
    ...new Set(
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
