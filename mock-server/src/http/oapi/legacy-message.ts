/**
 * 发送企业会话消息 (旧版) — POST /message/send?access_token= : the 2016 predecessor of asyncsend_v2.
 * The body is one JSON object: `touser` ("u1|u2", or "@all"), `toparty` ("1|2"), `agentid` (a string
 * in DingTalk's doc, a number from some clients), `msgtype` and the same-named message object at the
 * top level. The message lands in the same work-notification inbox as asyncsend_v2's (one messaging
 * domain); the answer names what was not delivered: `invaliduser`, `invalidparty`, `forbiddenUserId`
 * ("|"-joined) and the `messageId`. Facts and provenance: docs/dingtalk/messaging.md (旧版 message/send).
 */
import * as z from 'zod';
import { because, DingTalkError } from '../../domain/errors.ts';
import { MAX_DEPTS_PER_SEND, MAX_USERIDS_PER_SEND } from '../../domain/messaging/messaging.ts';
import { parseWorkMessage } from '../../domain/messaging/work-message.ts';
import { tokenRoute, type AppCall } from '../route.ts';

/** A "|"-separated list; a lone number is taken as one id. */
const pipeList = () => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).optional();

function split(list: string | undefined): string[] {
  if (!list) return [];
  return [
    ...new Set(
      list
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** agentid must be the calling app's AgentId: 41011 缺少agentid when absent, 40056 otherwise. */
function requireOwnAgentId(call: AppCall<unknown>, raw: unknown): void {
  if (raw === undefined || raw === null || raw === '') {
    throw new DingTalkError('invalidAgentId', because('缺少 agentid', 'agentid is missing'), {
      variant: 'missing',
    });
  }
  const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (n === call.app.agentId) return;
  throw new DingTalkError(
    'invalidAgentId',
    because(
      `agentid ${JSON.stringify(raw)} 不是应用「${call.app.name}」的 AgentId（${call.app.agentId}）`,
      `agentid ${JSON.stringify(raw)} is not app "${call.app.name}"'s AgentId (${call.app.agentId})`,
    ),
  );
}

export const messageSendLegacy = tokenRoute({
  id: 'oapi.message.send',
  method: 'POST',
  path: '/message/send',
  host: 'oapi',
  style: 'plain',
  params: z.looseObject({
    touser: pipeList(),
    toparty: pipeList(),
    agentid: z.unknown().optional(),
    msgtype: z.unknown().optional(),
  }),
  handle(call) {
    const { tenant, app, params } = call;
    requireOwnAgentId(call, params.agentid);
    if (params.msgtype === undefined || params.msgtype === '') {
      throw new DingTalkError('missingParameter', because('缺少消息类型 msgtype', 'msgtype is missing'), {
        param: 'msgtype',
      });
    }
    // The old body carries msgtype and its object at the top level; the shared parser reads a msg.
    const type = String(params.msgtype);
    const msg = parseWorkMessage({ msgtype: params.msgtype, [type]: params[type] });
    const users = split(params.touser);
    const toAllUser = users.includes('@all');
    const parties = toAllUser ? [] : split(params.toparty);
    const deptIdList: number[] = [];
    const badParties: string[] = [];
    for (const p of parties) {
      if (/^\d+$/.test(p)) deptIdList.push(Number(p));
      else badParties.push(p);
    }
    const useridList = toAllUser ? [] : users;
    if (!toAllUser && useridList.length === 0 && parties.length === 0) {
      throw new DingTalkError(
        'missingParameter',
        because(
          'touser 和 toparty 都为空：二者必须有一个',
          'touser and toparty are both empty; one is required',
        ),
        { param: 'touser' },
      );
    }
    if (useridList.length > MAX_USERIDS_PER_SEND || deptIdList.length > MAX_DEPTS_PER_SEND) {
      const param = useridList.length > MAX_USERIDS_PER_SEND ? 'userid_list' : 'dept_id_list';
      throw new DingTalkError(
        'tooManyRecipients',
        because(
          `touser 最多 ${MAX_USERIDS_PER_SEND} 人、toparty 最多 ${MAX_DEPTS_PER_SEND} 个部门`,
          `touser takes at most ${MAX_USERIDS_PER_SEND} users, toparty ${MAX_DEPTS_PER_SEND} departments`,
        ),
        { param },
      );
    }
    const d = tenant.messaging.sendWorkNotice(
      app,
      tenant.directory,
      { useridList, deptIdList, toAllUser, msg },
      tenant.clock.now(),
    );
    return {
      invaliduser: d.invalidUserids.join('|'),
      invalidparty: [...d.invalidDeptIds.map(String), ...badParties].join('|'),
      forbiddenUserId: d.forbiddenUserids.join('|'),
      messageId: d.key,
    };
  },
});
