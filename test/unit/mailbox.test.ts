import { describe, expect, it } from 'vitest';
import { Mailbox, type NewDelivery } from '../../mock-server/src/domain/messaging/mailbox.ts';

let task = 1000;
function delivery(recipients: string[], text = 'x'): NewDelivery {
  const taskId = ++task;
  return {
    taskId,
    key: String(taskId),
    appKey: 'dingapp',
    agentId: 1,
    recipients,
    message: {
      source: 'workNotice',
      msgtype: 'text',
      raw: { msgtype: 'text', text: { content: text } },
      content: { type: 'text', content: text },
      sender: { kind: 'app', appKey: 'dingapp', agentId: 1, name: 'app' },
      sentAt: 0,
    },
  };
}

const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

describe('Mailbox: one copy per message, bounded memory', () => {
  it('stores a message sent to 10,000 users once; every inbox points at the same delivery', () => {
    const box = new Mailbox();
    const d = box.deliver(delivery(users(10_000)));
    const a = box.inbox('u0')[0]!;
    const b = box.inbox('u9999')[0]!;
    expect(a.delivery).toBe(d);
    expect(b.delivery).toBe(d);
    expect(a.delivery.message).toBe(b.delivery.message);
    expect(box.recipientSlots).toBe(10_000);
  });

  it('keeps read state per recipient', () => {
    const box = new Mailbox();
    const d = box.deliver(delivery(users(3)));
    expect(box.markRead('u1', String(d.taskId), 42)).toBe(true);
    expect(box.inbox('u1')[0]!.readAt).toBe(42);
    expect(box.inbox('u0')[0]!.readAt).toBeNull();
    expect(box.markRead('u1', String(d.taskId), 99)).toBe(true);
    expect(box.inbox('u1')[0]!.readAt).toBe(42);
    expect(box.markRead('nobody', String(d.taskId), 1)).toBe(false);
  });

  it('an inbox is a ring of inboxLimit messages, newest first', () => {
    const box = new Mailbox({ inboxLimit: 3 });
    for (let i = 0; i < 5; i++) box.deliver(delivery(['u0'], `m${i}`));
    expect(box.inbox('u0').map((m) => (m.delivery.message.content as { content: string }).content)).toEqual([
      'm4',
      'm3',
      'm2',
    ]);
  });

  it('evicts the oldest deliveries beyond maxDeliveries or maxRecipientSlots, and they leave the inboxes', () => {
    const box = new Mailbox({ maxDeliveries: 10, maxRecipientSlots: 25_000 });
    const first = box.deliver(delivery(users(10_000)));
    for (let i = 0; i < 5; i++) box.deliver(delivery(users(10_000)));
    expect(box.recipientSlots).toBeLessThanOrEqual(25_000);
    expect(box.deliveryCount).toBe(2);
    expect(box.findByTaskId(first.taskId)).toBeUndefined();
    expect(box.inbox('u0')).toHaveLength(2);
    for (let i = 0; i < 20; i++) box.deliver(delivery(['u1']));
    expect(box.deliveryCount).toBe(10);
  });

  it('memory stays flat under load: 200 sends to 10,000 users keep at most the configured slots', () => {
    const box = new Mailbox({ maxRecipientSlots: 100_000, inboxLimit: 50 });
    const all = users(10_000);
    for (let i = 0; i < 200; i++) box.deliver(delivery(all, `m${i}`));
    expect(box.recipientSlots).toBeLessThanOrEqual(100_000);
    expect(box.inbox('u5').length).toBeLessThanOrEqual(50);
  });
});
