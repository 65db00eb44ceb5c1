/**
 * B6, B7 — the bot under test answers with an AI card (the adapter starts it with a template id):
 * createAndDeliver into the group, the answer streamed into the card (PUT /v1.0/card/streaming) and
 * the card finished; DingTalk's refusals of card calls that come too fast (403
 * QpsLimitForAppkeyAndApi) or past the month's quota (403 ApiCountLimitForOrg); and a person pressing
 * a button on the card, the bot's answer (its ack) updating the card for everyone or only for them.
 *
 * How the spec sees the card grow without sleeping: the tenant's clock is frozen and the card QPS set
 * to 1 (admin …/card-settings), so the bot's second streaming call within the same second is refused;
 * a bot that waits and calls again — DingTalk's throttling page tells it to — gets through only when
 * the spec moves the clock on a second. Between two moves the card holds one piece more.
 */
import { expect, test, type CardView } from '../../fixtures/bot.ts';

/** DingTalk's own AI card template (every corp has it; msgContent is its markdown key). */
const AI_TEMPLATE = '382e4302-551d-4880-bf29-a30acfab2e71.schema';
const QPS_REFUSED = 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi';
const QUOTA_REFUSED = 'Forbidden.AccessDenied.ApiCountLimitForOrg';

test.beforeEach(({ botTarget }) => {
  test.skip(!botTarget.supportsAiCards, `${botTarget.name} does not answer with AI cards`);
});

test('B6 a question is answered with an AI card in the group: createAndDeliver, msgContent grows chunk by chunk, then finished; the call past the QPS is refused 403 QpsLimitForAppkeyAndApi', async ({
  startBot,
  chat,
  cards,
  botTarget,
  clock,
  journal,
}) => {
  await clock.set(Date.now(), true);
  await cards.settings({ qps: 1 });
  await startBot({ aiCardTemplateId: AI_TEMPLATE });
  await chat.connected();
  const found = await chat.group();
  expect(found, 'a group chat with the bot in it (GET …/bots/{robotCode}/chats)').not.toBeNull();
  const { member, conversation } = found!;
  await chat.send({ from: member, conversation, text: botTarget.question });

  let card: CardView | undefined;
  await expect
    .poll(async () => (card = (await cards.inGroup(conversation.id))[0])?.cardTemplateId, {
      message: 'the bot’s card in the group',
      intervals: [50],
    })
    .toBe(AI_TEMPLATE);
  const outTrackId = card!.outTrackId;
  const throttled = async () =>
    (await journal.entries({ route: 'api.card.streaming' })).filter((e) => e.status === 403);
  const done = (c: CardView) => c.status === 'finished' && c.cardData.flowStatus === '3';

  // Each round: wait until the card is done, or the bot's next streaming call was refused (it holds
  // the piece before it); note what the card shows; move the clock a second to let the bot on.
  const shown: string[] = [];
  for (let round = 0; round < 10; round++) {
    await expect
      .poll(
        async () => {
          card = await cards.get(outTrackId);
          return done(card) || (await throttled()).length > round;
        },
        { message: `round ${round}: the card finished or the bot throttled`, intervals: [50] },
      )
      .toBe(true);
    const content = card!.cardData.msgContent ?? '';
    if (content !== '' && content !== shown.at(-1)) shown.push(content);
    if (done(card!)) break;
    await clock.advance(1);
  }
  expect(card!.status).toBe('finished');
  expect(card!.cardData.msgContent).toContain(botTarget.expected);
  // Grown piece by piece: at least two pieces before the whole answer, each one the start of the next.
  expect(shown.length, `what the card showed: ${JSON.stringify(shown)}`).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < shown.length; i++) expect(shown[i]!.slice(0, shown[i - 1]!.length)).toBe(shown[i - 1]);
  const refused = await throttled();
  expect(refused.length).toBeGreaterThan(0);
  expect(new Set(refused.map((e) => e.code))).toEqual(new Set([QPS_REFUSED]));
  // The group shows the card as the bot's message.
  const replies = await chat.replies(conversation.id);
  expect(replies.filter((r) => r.raw.outTrackId === outTrackId)).toHaveLength(1);
});

test('B6 the month’s card calls run out: the call past the quota is refused 403 ApiCountLimitForOrg, saying so, and not tried again; the person still gets the answer', async ({
  startBot,
  chat,
  cards,
  botTarget,
  journal,
}) => {
  const { used } = await cards.settings();
  // Room for createAndDeliver and one streaming piece: the next card call is past the quota.
  const quota = used + 2;
  await cards.settings({ monthlyQuota: quota });
  await startBot({ aiCardTemplateId: AI_TEMPLATE });
  await chat.connected();
  const found = await chat.group();
  expect(found, 'a group chat with the bot in it (GET …/bots/{robotCode}/chats)').not.toBeNull();
  const { member, conversation } = found!;
  await chat.send({ from: member, conversation, text: botTarget.question });

  const overQuota = async () =>
    (await journal.refusals()).filter((e) => e.route?.startsWith('api.card.') && e.code === QUOTA_REFUSED);
  await expect
    .poll(async () => (await overQuota()).length, { message: 'a card call past the quota', intervals: [50] })
    .toBeGreaterThan(0);
  const [refusal] = await overQuota();
  expect(refusal).toMatchObject({
    status: 403,
    reasonZh: expect.stringMatching(/本月.*卡片接口调用量已用完/),
  });
  // The person is not left with half a card: the answer arrives anyway (the reference bot: markdown).
  await expect
    .poll(async () => JSON.stringify((await chat.replies(conversation.id)).map((r) => r.raw)), {
      message: 'the answer in the group',
      intervals: [50],
    })
    .toContain(botTarget.expected);
  expect(await overQuota(), 'a used-up quota is not hammered').toHaveLength(1);
  expect((await cards.settings()).used).toBe(quota);
  const [card] = await cards.inGroup(conversation.id);
  expect(card!.status).not.toBe('finished');
});

test('B7 a person presses a button on the bot’s card: the CALLBACK carries cardPrivateData and the bot’s answer updates the card for everyone, or only for the one who pressed', async ({
  startBot,
  chat,
  cards,
  botTarget,
  journal,
}) => {
  const presses = botTarget.presses;
  test.skip(!presses, `${botTarget.name} names no button presses`);
  await startBot({ aiCardTemplateId: AI_TEMPLATE });
  await chat.connected();
  const found = await chat.group();
  expect(found, 'a group chat with the bot in it (GET …/bots/{robotCode}/chats)').not.toBeNull();
  const { conversation, members } = found!;
  expect(members.length, 'two members of the group').toBeGreaterThanOrEqual(2);
  const [alice, bob] = members as [string, string];
  await chat.send({ from: alice, conversation, text: botTarget.question });
  let card: CardView | undefined;
  await expect
    .poll(async () => (card = (await cards.inGroup(conversation.id))[0])?.status, {
      message: 'the bot’s card, finished',
      intervals: [50],
    })
    .toBe('finished');
  const outTrackId = card!.outTrackId;
  expect(card!.callbackType).toBe('STREAM');

  // For everyone: Alice presses; the card's public data shows it.
  const first = await cards.press(outTrackId, {
    userid: alice,
    params: presses!.everyone.params,
    actionIds: ['everyone_button'],
  });
  // What the bot heard: the press in content (and value), a JSON string of cardPrivateData.
  expect(first.data).toMatchObject({
    type: 'actionCallback',
    userId: alice,
    outTrackId,
    spaceId: conversation.id,
  });
  expect(JSON.parse(String(first.data.content))).toEqual({
    cardPrivateData: { actionIds: ['everyone_button'], params: presses!.everyone.params },
  });
  await expect
    .poll(async () => (await cards.get(outTrackId)).cardData, {
      message: 'the card for everyone',
      intervals: [50],
    })
    .toMatchObject(presses!.everyone.shows(alice));
  expect((await cards.get(outTrackId)).privateData[alice]).toBeUndefined();

  // Only for Bob: his private data shows it; the public data and Alice's view do not.
  const second = await cards.press(outTrackId, {
    userid: bob,
    params: presses!.onlyPresser.params,
    actionIds: ['only_me_button'],
  });
  await expect
    .poll(async () => (await cards.get(outTrackId)).privateData[bob], {
      message: 'the card for the presser',
      intervals: [50],
    })
    .toMatchObject(presses!.onlyPresser.shows(bob));
  const after = await cards.get(outTrackId);
  expect(after.cardData).not.toMatchObject(presses!.onlyPresser.shows(bob));
  expect(after.privateData[alice]).toBeUndefined();

  // Each press was pushed on the card topic once and acked; both answers applied.
  const stream = (await journal.entries()).filter((e) => e.host === 'stream');
  for (const { messageId } of [first, second]) {
    const about = stream
      .filter((e) => e.path.includes(`messageId=${messageId}`))
      .map((e) => e.path.split(' ')[0]);
    expect(about.sort()).toEqual(['ack', 'push']);
    expect(stream.find((e) => e.path.startsWith('push') && e.path.includes(messageId))!.path).toContain(
      '/v1.0/card/instances/callback',
    );
  }
  const applied = stream.filter((e) => e.route === 'card.callback');
  expect(applied.map((e) => e.outcome)).toEqual(['ok', 'ok']);
});
