/**
 * B8, B9 — delivery over Stream with the bot under test: the sandbox closes or drops the bot's
 * connection while people keep writing (fault rule on stream.callback) and the SDK reconnects with
 * a new ticket — every message answered, each acked exactly once; callbacks are acked, so none is
 * pushed again, while a client that does not ack gets the same messageId again after the configured
 * delay (REDELIVER_MS here; DingTalk ~60 s), a bounded number of times.
 */
import type { JournalEntry } from 'dingtalk-sandbox';
import WebSocket from 'ws';
import { expect, MAX_REDELIVERIES, test } from '../../fixtures/bot.ts';

const pathsOf = (entries: JournalEntry[], route: string, kind: string) =>
  entries.filter((e) => e.route === route && e.path?.startsWith(`${kind} `)).map((e) => e.path ?? '');
const idOf = (path: string) => /messageId=(\S+)/.exec(path)?.[1] ?? '';

for (const drop of [false, true]) {
  test(`B8 the sandbox ${drop ? 'drops the socket' : 'sends SYSTEM disconnect'} while people keep writing: the bot reconnects with a new ticket, every message is answered and acked exactly once`, async ({
    startBot,
    chat,
    botTarget,
    people,
    faults,
  }) => {
    await startBot();
    await chat.connected();
    await faults.add({
      match: { host: 'stream', route: 'stream.callback' },
      action: { type: 'disconnect', ...(drop ? { drop: true } : {}) },
      times: 'once',
    });
    const senders = [people.admin.dingtalkUserid, people.analyst.dingtalkUserid, people.stranger.userid];
    const sent = [];
    for (const from of senders)
      sent.push(await chat.send({ from, conversation: { type: '1' }, text: botTarget.question }));
    for (const s of sent) {
      const replies = await chat.repliesAtLeast(s.conversationId, 1);
      expect(replies).toHaveLength(1);
      expect(JSON.stringify(replies[0]!.raw)).toContain(botTarget.expected);
    }
    const stream = await chat.stream();
    const acked = pathsOf(stream, 'stream.ack', 'ack').map(idOf);
    expect(acked.sort()).toEqual(sent.map((s) => s.messageId!).sort());
    expect(pathsOf(stream, 'stream.ack', 'duplicateAck')).toEqual([]);
    const opened = stream.filter((e) => e.route === 'api.gateway.connections.open');
    expect(opened.map((e) => e.status)).toEqual([200, 200]);
  });
}

test('B9 the bot acks each callback: it is never pushed again, and a client that does not ack gets the same messageId again, a bounded number of times', async ({
  startBot,
  chat,
  botTarget,
  people,
  sandbox,
  robot,
}) => {
  const bot = await startBot();
  await chat.connected();
  const sent = await chat.send({
    from: people.admin.dingtalkUserid,
    conversation: { type: '1' },
    text: botTarget.question,
  });
  await expect
    .poll(async () => pathsOf(await chat.stream(), 'stream.ack', 'ack').map(idOf), {
      message: `the bot’s ack of ${sent.messageId}`,
      intervals: [50],
    })
    .toEqual([sent.messageId]);

  // A client that never acks, next to the bot: its callbacks come back until the sandbox gives up.
  const res = await fetch(`${sandbox.url}/v1.0/gateway/connections/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      clientId: robot.appKey,
      clientSecret: robot.appSecret,
      subscriptions: [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }],
    }),
  });
  const { endpoint, ticket } = (await res.json()) as { endpoint: string; ticket: string };
  const silent = new WebSocket(`${endpoint}?ticket=${ticket}`);
  const seen: string[] = [];
  silent.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as { type: string; headers: { messageId: string } };
    if (frame.type === 'CALLBACK') seen.push(frame.headers.messageId);
  });
  await new Promise((done, fail) => silent.once('open', done).once('error', fail));
  // Only the silent client may take the next message: the bot stops.
  await bot.stop();
  await expect.poll(async () => (await chat.connections()).length, { intervals: [50] }).toBe(1);
  const unanswered = await chat.send({
    from: people.analyst.dingtalkUserid,
    conversation: { type: '1' },
    text: '在吗',
  });
  await expect
    .poll(async () => pathsOf(await chat.stream(), 'stream.callback', 'giveUp').map(idOf), {
      message: 'the sandbox gives up on the unacked callback',
      intervals: [50],
    })
    .toEqual([unanswered.messageId]);
  silent.close();
  expect(seen).toEqual(Array<string>(MAX_REDELIVERIES + 1).fill(unanswered.messageId!));
  const stream = await chat.stream();
  expect(pathsOf(stream, 'stream.callback', 'repush').map(idOf)).toEqual(
    Array<string>(MAX_REDELIVERIES).fill(unanswered.messageId!),
  );
});
