/**
 * Found by the soak (scripts/soak.ts): the duplicate check of work notifications (143106) remembered
 * every send of the same content on a day, also the sends that delivered to nobody because every
 * recipient was a duplicate — one more task id per send, all walked again by the next send and kept
 * in the state file. A send that delivers to nobody cannot make anyone a duplicate later: only sends
 * with recipients are remembered. Duplicates are still refused (M4, throttled).
 */
import { expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.ts';
import { sendWork } from '../helpers/messaging.ts';

it('M4: 300 identical work notifications to one user — one delivered, 299 refused as 143106, one task remembered', async () => {
  const s = makeSandbox();
  const token = await s.tokenFor();
  const body = {
    agent_id: s.main.agentId,
    userid_list: 'manager1471',
    msg: { msgtype: 'text', text: { content: 'same every time' } },
  };
  for (let i = 0; i < 300; i++) {
    const r = (await sendWork(s, token, body)) as { errcode: number };
    expect(r.errcode).toBe(0);
  }
  const snapshot = s.tenant.messaging.flow.toSnapshot();
  const remembered = snapshot.sent.reduce((n, [, v]) => n + v.taskIds.length, 0);
  expect(remembered).toBe(1);
  // The refusals themselves are unchanged: the inbox holds the first one only.
  const inbox = await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/inbox/manager1471`);
  const messages = (inbox.json() as { messages: unknown[] }).messages;
  expect(messages).toHaveLength(1);
});
