/**
 * A person presses a button on a card (B7, docs/dingtalk/cards.md § Callbacks): the card's app hears
 * it as a CALLBACK on `/v1.0/card/instances/callback` over its Stream connection — only when the card
 * was made with callbackType STREAM (C) — and its ack's `response` updates the card, for everyone
 * (cardData) or only for the people it names (privateData / userPrivateData). What happened to the
 * answer goes to the tenant's journal (route card.callback).
 */
import { because, DingTalkError, type Reason } from '../errors.ts';
import { newRequestId } from '../ids.ts';
import type { Journal } from '../journal/journal.ts';
import { cardCallbackData, parseCardResponse, TOPIC_CARD_CALLBACK, type Press } from './card-callback.ts';
import type { Cards } from './cards.ts';

export interface PressDeps {
  corpId: string;
  cards: Cards;
  users: { getUser(userid: string): unknown };
  clock: { now(): number };
  journal: Journal;
  /** The Stream hub's push (domain/bots/stream-hub.ts): the callback goes to one of the app's connections. */
  publish(
    appKey: string,
    topic: string,
    data: unknown,
    onAck: (ack: { code: number; data: unknown }) => void,
  ): string;
}

export interface Pressed {
  messageId: string;
  /** The callback's data as pushed. */
  data: Record<string, unknown>;
}

export function pressCard(deps: PressDeps, outTrackId: string, press: Press & { spaceId?: string }): Pressed {
  const card = deps.cards.get(outTrackId);
  if (!card)
    throw new DingTalkError(
      'cardNotFound',
      because(`没有 outTrackId 为 ${outTrackId} 的卡片实例`, `no card instance has outTrackId ${outTrackId}`),
      { param: 'outTrackId' },
    );
  if (card.callbackType !== 'STREAM')
    throw new DingTalkError(
      'invalidParameter',
      because(
        `卡片 ${outTrackId} 创建时 callbackType 为 ${card.callbackType ?? '空'}，按钮回调只在 callbackType 为 STREAM 时推送`,
        `card ${outTrackId} was made with callbackType ${card.callbackType ?? 'unset'}; a press is pushed only for callbackType STREAM`,
      ),
      { param: 'callbackType' },
    );
  if (!deps.users.getUser(press.userid))
    throw new DingTalkError(
      'userNotFound',
      because(`组织里没有用户 ${press.userid}`, `the corp has no user ${press.userid}`),
      { param: 'userid' },
    );
  const space = press.spaceId ? card.spaces.find((s) => s.spaceId === press.spaceId) : card.spaces[0];
  if (!space)
    throw new DingTalkError(
      'invalidParameter',
      press.spaceId
        ? because(
            `卡片 ${outTrackId} 没有投放到 ${press.spaceId}`,
            `card ${outTrackId} was not delivered to ${press.spaceId}`,
          )
        : because(
            `卡片 ${outTrackId} 还没有投放到任何场域，无人可按`,
            `card ${outTrackId} is delivered nowhere yet: nobody can press it`,
          ),
      { param: 'spaceId' },
    );
  const data = cardCallbackData({ corpId: deps.corpId, outTrackId, spaceId: space.spaceId, press });
  const messageId = deps.publish(card.appKey, TOPIC_CARD_CALLBACK, data, (ack) =>
    answered(deps, outTrackId, press.userid, ack),
  );
  return { messageId, data };
}

/** The bot's ack: its response applied to the card, and the journal told how it went. */
function answered(deps: PressDeps, outTrackId: string, presser: string, ack: { data: unknown }): void {
  const card = deps.cards.get(outTrackId);
  const now = deps.clock.now();
  const note = (ok: boolean, why: Reason): void => {
    deps.journal.record({
      at: now,
      requestId: newRequestId(),
      host: 'stream',
      method: 'WS',
      path: `card ${outTrackId} response`,
      route: 'card.callback',
      status: ok ? 200 : 400,
      outcome: ok ? 'ok' : 'refused',
      ...(ok ? {} : { code: 'cardResponseInvalid' }),
      reason: why.en,
      reasonZh: why.zh,
      ...(card ? { appKey: card.appKey } : {}),
      userid: presser,
      durationMs: 0,
    });
  };
  if (!card)
    return note(false, because('卡片已不存在，应答未应用', 'the card is gone; the answer is not applied'));
  const parsed = parseCardResponse(ack.data, presser);
  if (!parsed.ok) return note(false, parsed.why);
  if (!parsed.response)
    return note(true, because('应答未要求更新卡片', 'the answer asks for no card update'));
  try {
    deps.cards.applyResponse(card, parsed.response, now);
  } catch (e) {
    if (e instanceof DingTalkError) return note(false, { zh: e.reasonZh, en: e.reason });
    throw e;
  }
  const who = Object.keys(parsed.response.privateData);
  note(
    true,
    because(
      `卡片已按应答更新${parsed.response.cardData ? '（所有人）' : ''}${who.length ? `（仅 ${who.join('、')}）` : ''}`,
      `the card was updated as answered${parsed.response.cardData ? ' (for everyone)' : ''}${who.length ? ` (only for ${who.join(', ')})` : ''}`,
    ),
  );
}
