/**
 * Sending, with a delivery report per recipient (M1–M4):
 * - work notification: recipients without a 钉钉账号 (or deactivated) are listed as skipped; the rest go
 *   in asyncsend_v2 (≤ 100 per call) with the saved AgentId; then getsendprogress until done and
 *   getsendresult, whose invalid/forbidden/failed lists and forbidden_list mark who was refused and why;
 *   a refused call (no permission, rate limit after retries…) marks every recipient with DingTalk's text;
 * - group robot: one row for the group, DingTalk's errcode/errmsg when refused (310000 sign not match…).
 */
import type { BiContext } from '../context.ts';
import { completeDispatch, createDispatch, type DeliveryInput, type Dispatch } from '../db/dispatches.ts';
import { getSetting } from '../db/settings.ts';
import type { MessageFormat } from '../db/subscriptions.ts';
import type { BiUser } from '../db/users.ts';
import type { DingTalkClient, SendResult } from '../dingtalk/client.ts';
import { DingTalkApiError, DingTalkUnavailableError } from '../dingtalk/errors.ts';
import { sendRobotMessage } from '../dingtalk/robot.ts';
import { robotMsg, workNoticeMsg, type Message } from './compose.ts';

const BATCH = 100;
const PROGRESS_POLLS = 10;
const PROGRESS_DELAY_MS = 300;

/** forbidden_list codes (docs/dingtalk/messaging.md). */
const FORBIDDEN_CODES: Record<string, string> = {
  '143103': '超过企业发送消息总量上限',
  '143104': '超过发送给该用户的消息总量上限',
  '143105': '超过当日发送给该用户的消息上限',
  '143106': '同一用户当日已收到相同内容的消息',
};

interface Source {
  kind: 'subscription' | 'alert';
  sourceId: number;
}

/** What a work notice carries: the message, and the msgtype it goes as. */
export interface WorkNotice {
  message: Message;
  format: MessageFormat;
}

export async function sendWorkNotice(
  bi: BiContext,
  source: Source,
  notice: WorkNotice,
  recipients: BiUser[],
): Promise<Dispatch> {
  const { message, format } = notice;
  const { db, clock } = bi;
  const id = createDispatch(db, { ...source, channel: 'work_notice', title: message.title }, clock.now());
  const deliveries: DeliveryInput[] = [];
  const targets: BiUser[] = [];
  for (const u of recipients) {
    const row = { userId: u.id, recipient: u.displayName, dingtalkUserid: u.dingtalkUserid };
    if (!u.dingtalkUserid) deliveries.push({ ...row, status: 'skipped', reason: '未绑定钉钉账号' });
    else if (!u.active) deliveries.push({ ...row, status: 'skipped', reason: '账号已停用' });
    else targets.push(u);
  }
  const app = bi.dingtalk.app;
  const client = bi.dingtalk.client();
  if (targets.length > 0 && (!app || !client || !bi.dingtalk.enabled)) {
    for (const u of targets) deliveries.push(row(u, 'failed', '钉钉未配置或未开启'));
    return completeDispatch(db, id, { taskId: null, error: '钉钉未配置或未开启', deliveries });
  }
  const taskIds: string[] = [];
  let error: string | null = null;
  for (let i = 0; i < targets.length; i += BATCH) {
    const batch = targets.slice(i, i + BATCH);
    try {
      const taskId = await client!.sendWorkNotice(
        app!.agentId,
        batch.map((u) => u.dingtalkUserid!),
        workNoticeMsg(message, format),
      );
      taskIds.push(taskId);
      const result = await finalResult(bi, client!, app!.agentId, taskId);
      for (const u of batch) deliveries.push(classify(u, result, taskId));
    } catch (e) {
      const { status, reason } = refusal(e);
      error = reason;
      for (const u of batch) deliveries.push(row(u, status, reason));
    }
  }
  return completeDispatch(db, id, { taskId: taskIds.join(',') || null, error, deliveries });
}

export async function sendRobot(bi: BiContext, source: Source, message: Message): Promise<Dispatch> {
  const { db, clock } = bi;
  const id = createDispatch(db, { ...source, channel: 'robot', title: message.title }, clock.now());
  const robot = getSetting(db, 'robot');
  const group = { userId: null, recipient: '钉钉群机器人', dingtalkUserid: null };
  if (!robot?.enabled || !robot.webhook) {
    const deliveries: DeliveryInput[] = [{ ...group, status: 'skipped', reason: '未配置或未启用群机器人' }];
    return completeDispatch(db, id, { taskId: null, error: null, deliveries });
  }
  try {
    // The signature's timestamp is real time: DingTalk rejects one more than an hour off.
    await sendRobotMessage(bi.transport, robot, robotMsg(message), Date.now());
    return completeDispatch(db, id, {
      taskId: null,
      error: null,
      deliveries: [{ ...group, status: 'sent', reason: '' }],
    });
  } catch (e) {
    const { status, reason } = refusal(e);
    return completeDispatch(db, id, {
      taskId: null,
      error: reason,
      deliveries: [{ ...group, status, reason }],
    });
  }
}

async function finalResult(
  bi: BiContext,
  client: DingTalkClient,
  agentId: number,
  taskId: string,
): Promise<SendResult> {
  for (let i = 0; i < PROGRESS_POLLS; i++) {
    const p = await client.sendProgress(agentId, taskId);
    if (p.status === 2) break;
    await bi.transport.sleep(PROGRESS_DELAY_MS);
  }
  return client.sendResult(agentId, taskId);
}

function row(u: BiUser, status: DeliveryInput['status'], reason: string): DeliveryInput {
  return { userId: u.id, recipient: u.displayName, dingtalkUserid: u.dingtalkUserid, status, reason };
}

function classify(u: BiUser, r: SendResult, taskId: string): DeliveryInput {
  const id = u.dingtalkUserid!;
  if (r.invalid_user_id_list?.includes(id))
    return row(u, 'refused', '钉钉判定为无效用户（invalid_user_id_list）');
  const forbidden = r.forbidden_list?.find((f) => f.userid === id);
  if (forbidden) {
    const why = FORBIDDEN_CODES[forbidden.code] ?? '被钉钉限流';
    return row(u, 'refused', `${why}（forbidden_list code ${forbidden.code}）`);
  }
  if (r.forbidden_user_id_list?.includes(id)) {
    return row(u, 'refused', '钉钉未发送：被流控或不在应用可见范围内（forbidden_user_id_list）');
  }
  if (r.failed_user_id_list?.includes(id)) return row(u, 'failed', '钉钉发送失败（failed_user_id_list）');
  const read = r.read_user_id_list?.includes(id) ? '，已读' : '';
  return row(u, 'sent', `task_id ${taskId}${read}`);
}

function refusal(e: unknown): { status: DeliveryInput['status']; reason: string } {
  if (e instanceof DingTalkApiError) {
    const code = e.errcode !== undefined ? `errcode ${e.errcode}` : e.code;
    return { status: 'refused', reason: `${e.text}（${code}）` };
  }
  if (e instanceof DingTalkUnavailableError) return { status: 'failed', reason: e.message };
  throw e;
}
