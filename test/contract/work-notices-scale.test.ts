import { describe, expect, it } from 'vitest';
import { sendResult, sendWork, WORK } from '../helpers/messaging.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

describe('a work notification to 10,000 people', () => {
  it('M1 to_all_user on a 10,000-user tenant completes; progress reports 完毕 100 %; one copy is stored', async () => {
    const s = makeSandbox({ users: 10_000 });
    const token = await s.tokenFor();
    const sent = await sendWork(s, token, {
      to_all_user: 'true',
      msg: JSON.stringify({
        msgtype: 'markdown',
        markdown: { title: '全员通知', text: '### 系统升级\n今晚 22:00' },
      }),
    });
    expect(sent.errcode).toBe(0);
    const progress = await s.topapi(`${WORK}/getsendprogress`, token, {
      agent_id: s.main.agentId,
      task_id: sent.task_id,
    });
    expect(progress.progress).toEqual({ progress_in_percent: 100, status: 2 });
    const result = await sendResult(s, token, sent.task_id);
    expect(result.unread_user_id_list).toHaveLength(10_000);
    const mailbox = s.tenant.messaging.mailbox;
    expect(mailbox.deliveryCount).toBe(1);
    expect(mailbox.recipientSlots).toBe(10_000);
    const last = [...s.tenant.directory.allUsers()].at(-1)!.userid;
    expect(mailbox.inbox(last)[0]!.delivery.taskId).toBe(sent.task_id);
  }, 60_000);
});
