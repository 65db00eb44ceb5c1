/**
 * A button press on an interactive card, as the bot hears it and answers (docs/dingtalk/cards.md
 * § Callbacks): the CALLBACK on topic `/v1.0/card/instances/callback` whose data carries the press
 * in `content` (and again in `value`) as a JSON string `{"cardPrivateData":{"actionIds":[…],
 * "params":{…}}}` (C: DingTalk's Stream card tutorial); the bot's ack answers
 * `{"response":{cardData?, privateData? | userPrivateData?, cardUpdateOptions?}}` and the platform
 * applies it (C: the Python SDK's card callback example; Go names the private part userPrivateData).
 */
import { because, type Reason } from '../errors.ts';

export const TOPIC_CARD_CALLBACK = '/v1.0/card/instances/callback';

export interface Press {
  userid: string;
  /** The button's callback parameters and the card's input values (the template's params). */
  params: Record<string, unknown>;
  /** The pressed components' ids (the template's). */
  actionIds: string[];
}

/** The callback's data (§5e's frame `data`, before it is JSON-encoded into the frame). */
export function cardCallbackData(f: {
  corpId: string;
  outTrackId: string;
  spaceId: string;
  press: Press;
}): Record<string, unknown> {
  const content = JSON.stringify({
    cardPrivateData: { actionIds: f.press.actionIds, params: f.press.params },
  });
  return {
    extension: '{}',
    corpId: f.corpId,
    spaceType: 'im',
    userIdType: 1,
    type: 'actionCallback',
    userId: f.press.userid,
    content,
    spaceId: f.spaceId,
    outTrackId: f.outTrackId,
    value: content,
  };
}

/** What the bot's ack asks for, read leniently (the SDKs differ: privateData vs userPrivateData). */
export interface CardResponse {
  cardData?: Record<string, string>;
  /** userid → that person's private data. */
  privateData: Record<string, Record<string, string>>;
  updateCardDataByKey: boolean;
  updatePrivateDataByKey: boolean;
}

type Parsed = { ok: true; response: CardResponse | null } | { ok: false; why: Reason };

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonish(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/** A cardParamMap's string values (others turned into strings as the SDKs' maps would hold them). */
function paramMap(v: unknown): Record<string, string> | undefined {
  const o = isObject(v) && isObject(v.cardParamMap) ? v.cardParamMap : undefined;
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(o)) out[k] = typeof x === 'string' ? x : JSON.stringify(x);
  return out;
}

/**
 * The ack's data (a JSON string by the protocol) → the card update it asks for; null when it asks
 * for none (`{"response":null}`, `{"response":"OK"}`, an empty body).
 */
export function parseCardResponse(ackData: unknown, presser: string): Parsed {
  const data = jsonish(ackData);
  if (data === undefined)
    return { ok: false, why: because('应答的 data 不是 JSON', 'the ack’s data is not JSON') };
  if (!isObject(data)) return { ok: true, response: null };
  const r = jsonish(data.response);
  if (!isObject(r)) return { ok: true, response: null };
  const privateData: Record<string, Record<string, string>> = {};
  const byUser = r.privateData;
  if (isObject(byUser))
    for (const [userid, v] of Object.entries(byUser)) {
      const m = paramMap(v);
      if (m) privateData[userid] = m;
    }
  const mine = paramMap(r.userPrivateData);
  if (mine) privateData[presser] = { ...privateData[presser], ...mine };
  const options = isObject(r.cardUpdateOptions) ? r.cardUpdateOptions : {};
  const cardData = paramMap(r.cardData);
  return {
    ok: true,
    response: {
      ...(cardData ? { cardData } : {}),
      privateData,
      // Merged by key unless the answer says false (U: the SDK examples' answers carry only changed keys).
      updateCardDataByKey: options.updateCardDataByKey !== false,
      updatePrivateDataByKey: options.updatePrivateDataByKey !== false,
    },
  };
}
