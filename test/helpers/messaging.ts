/** Shortcuts for messaging tests: work-notification calls, inbox reads, robot webhook URLs. */
import { createHmac } from 'node:crypto';
import type { RobotConfig } from '../../mock-server/src/domain/messaging/robots.ts';
import type { TestSandbox } from './sandbox.ts';

export const WORK = '/topapi/message/corpconversation';

/** asyncsend_v2 from the main app with its own agent_id unless `body` says otherwise. */
export async function sendWork(s: TestSandbox, token: string, body: Record<string, unknown>) {
  return s.topapi(`${WORK}/asyncsend_v2`, token, { agent_id: s.main.agentId, ...body });
}

export async function sendResult(s: TestSandbox, token: string, taskId: unknown) {
  const r = await s.topapi(`${WORK}/getsendresult`, token, { agent_id: s.main.agentId, task_id: taskId });
  return r.send_result as Record<string, unknown[]>;
}

export interface InboxMessage {
  messageId: string;
  taskId: number;
  source: string;
  msgtype: string;
  title: string;
  content: { type: string } & Record<string, unknown>;
  read: boolean;
  recalled: boolean;
  sender: Record<string, unknown>;
  statusBar?: { value: string; bg: string };
}

export async function inbox(s: TestSandbox, userid: string): Promise<InboxMessage[]> {
  const r = await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/inbox/${userid}`);
  return (r.json() as { messages: InboxMessage[] }).messages;
}

/** An independent signer (as DingTalk's doc samples do it): Base64(HMAC-SHA256), URL-encoded. */
export function signQuery(secret: string, timestamp: number | string): string {
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return `&timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
}

export function webhook(robot: RobotConfig, signAt?: number): string {
  const base = `/robot/send?access_token=${robot.accessToken}`;
  return robot.secret && signAt !== undefined ? base + signQuery(robot.secret, signAt) : base;
}

export function robotsOf(s: TestSandbox) {
  const robots = s.tenant.messaging.robots.listRobots();
  return { signed: robots.find((r) => r.secret)!, keyword: robots.find((r) => r.keywords.length > 0)! };
}
