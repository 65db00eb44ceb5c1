/**
 * B1/B9 and issue 17's "1,000 connected bots without unbounded memory growth": what the Stream hub and
 * the bots domain keep per pushed message stays under its cap however many messages flow — with a
 * bot that acks (sessions, chat history, acked ids, the journal) and with one that never acks (the
 * unacked pushes). No sockets: a fake connection (the StreamLink the WebSocket layer implements).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DownFrame } from '../../mock-server/src/domain/bots/stream-frames.ts';
import { STREAM_DEFAULTS, type StreamLink } from '../../mock-server/src/domain/bots/stream-hub.ts';
import { TOPIC_ROBOT } from '../../mock-server/src/domain/bots/person-message.ts';
import type { Tenant } from '../../mock-server/src/domain/tenancy/tenant.ts';
import { createSandbox } from '../../mock-server/src/start.ts';

const JOURNAL_SIZE = 1000;
let tenant: Tenant | undefined;
afterEach(() => tenant?.bots.hub.closeAll());

/** The default tenant's bot with one fake connection; `last` is the frame it received last. */
function connectedBot() {
  tenant = createSandbox({ journalSize: JOURNAL_SIZE }).defaultTenant;
  const bot = tenant.listApps().find((a) => a.robot)!;
  const seen: { last?: DownFrame } = {};
  const link: StreamLink = {
    id: 'fake-connection',
    appKey: bot.appKey,
    subscriptions: [{ type: 'CALLBACK', topic: TOPIC_ROBOT }],
    oapiBase: 'http://127.0.0.1:3700',
    send: (frame) => {
      seen.last = frame;
    },
    close: () => {},
    terminate: () => {},
  };
  tenant.bots.hub.attach(link);
  return { tenant, bot, link, seen };
}

describe('Stream: what a message leaves behind is bounded (issue 17, 1,000 bots)', () => {
  it('B1: 10,000 person messages to a bot that acks each — sessions, chat history, acked ids and the journal stay at their caps, nothing is left unacked', () => {
    const { tenant, bot, link, seen } = connectedBot();
    let conversationId = '';
    for (let i = 0; i < 10_000; i++) {
      const d = tenant.bots.deliver(bot.appKey, {
        from: 'manager1471',
        conversation: { type: '1' },
        text: `消息 ${i}`,
      });
      conversationId = d.conversationId;
      tenant.bots.hub.ack(link.id, {
        code: 200,
        messageId: seen.last!.headers.messageId!,
        message: 'OK',
        data: '{"response":null}',
      });
    }
    expect(tenant.bots.hub.sizes()).toEqual({ links: 1, inflight: 0, waiting: 0, acked: 2000 });
    expect(tenant.bots.sessions.size).toBe(10_000);
    expect(tenant.messaging.chats.messagesOf(conversationId)).toHaveLength(tenant.messaging.chats.chatLimit);
    expect(tenant.journal.size).toBe(JOURNAL_SIZE);
    // One more message keeps every store at its size (the oldest entry goes).
    tenant.bots.deliver(bot.appKey, { from: 'manager1471', conversation: { type: '1' }, text: '再来一条' });
    expect(tenant.bots.sessions.size).toBe(10_000);
    expect(tenant.bots.hub.sizes().inflight).toBe(1);
  });

  it('B9: a bot that never acks holds at most inflightLimit (10,000) unacked pushes; the oldest past it is given up, journaled with why', () => {
    const { tenant, bot, link } = connectedBot();
    const since = tenant.journal.lastSeq;
    const first = tenant.bots.hub.publish(bot.appKey, TOPIC_ROBOT, { n: 0 });
    let newest = first;
    for (let i = 1; i < 12_000; i++) newest = tenant.bots.hub.publish(bot.appKey, TOPIC_ROBOT, { n: i });
    expect(STREAM_DEFAULTS.inflightLimit).toBe(10_000);
    expect(tenant.bots.hub.sizes().inflight).toBe(10_000);
    expect(tenant.bots.hub.pendingCount(bot.appKey)).toEqual({ inflight: 10_000, waiting: 0 });
    const refused = tenant.journal.query({ sinceSeq: since, route: 'stream.callback', outcome: 'refused' });
    expect([...new Set(refused.map((e) => e.code))]).toEqual(['giveUp']);
    expect(refused.at(-1)).toMatchObject({
      status: 410,
      reason: 'more than 10000 pushes await their ack: the oldest is given up',
      reasonZh: '未应答的推送超过 10000 条，最早的一条被放弃',
    });
    // The first push was given up (its late ack is unknown); the newest still awaits its ack.
    const ackOf = (messageId: string) => ({ code: 200, messageId, message: 'OK', data: '' });
    tenant.bots.hub.ack(link.id, ackOf(first));
    expect(tenant.journal.query({ sinceSeq: since }).at(-1)!.path).toMatch(/^unknownAck /);
    tenant.bots.hub.ack(link.id, ackOf(newest));
    expect(tenant.journal.query({ sinceSeq: since }).at(-1)!.path).toMatch(/^ack /);
    expect(tenant.bots.hub.sizes().inflight).toBe(9_999);
  });
});
