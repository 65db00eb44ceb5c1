/**
 * A tenant's card instances (互动卡片 and AI 卡片, docs/dingtalk/cards.md): made from a template by an
 * app under the app's own `outTrackId`, delivered to spaces (a group chat, a person's chat with the
 * bot), holding public data (cardParamMap) and private data per person, updated by the app (PUT
 * instances), streamed into (AI cards: streaming → finished or failed) and pressed by people (the
 * bot's callback answer updates it). A card delivered to a group is a message of that chat whose
 * content names the card, so the chat shows its current data. Memory stays flat: at most `limit`
 * cards (oldest dropped), bounded maps and values.
 */
import { createHash } from 'node:crypto';
import { because, DingTalkError } from '../errors.ts';
import type { Chats } from '../chats/chats.ts';
import { CardLimits, type CardSettings, type CardUsage } from './card-limits.ts';
import type { CardResponse } from './card-callback.ts';
import { parseOpenSpaceId, SHOWN_SPACES, spaceKey, type Space, type SpaceType } from './open-space.ts';

export type CardStatus = 'normal' | 'streaming' | 'finished' | 'failed';
export type ParamMap = Record<string, string>;

export interface DeliveredSpace extends Space {
  carrierId: string;
  deliveredAt: number;
  /** The chat message showing the card (IM_GROUP). */
  chatMessageId?: string;
}

export interface CardInstance {
  outTrackId: string;
  cardTemplateId: string;
  /** The app that made it. */
  appKey: string;
  callbackType: 'STREAM' | 'HTTP' | null;
  callbackRouteKey?: string;
  cardData: ParamMap;
  /** userid → what only that person sees (over cardData). */
  privateData: Record<string, ParamMap>;
  spaces: DeliveredSpace[];
  status: CardStatus;
  /** Streaming keys and the recent guids applied (a repeated guid is not applied twice). */
  guids: string[];
  createdAt: number;
  updatedAt: number;
}

export interface DeliverResult {
  spaceType: string;
  spaceId: string;
  success: boolean;
  carrierId: string;
  errorMsg?: string;
}

/** The deliver models' robotCode (imGroupOpenDeliverModel, imRobotOpenDeliverModel). */
export interface DeliverModels {
  groupRobotCode?: string;
  robotRobotCode?: string;
}

export interface CardInput {
  outTrackId: string;
  cardTemplateId: string;
  cardData: ParamMap;
  privateData?: Record<string, ParamMap>;
  callbackType?: 'STREAM' | 'HTTP';
  callbackRouteKey?: string;
}

export interface CardsDeps {
  chats: Chats;
  users: { getUser(userid: string): { userid: string } | undefined };
  apps: { getApp(appKey: string): { appKey: string; name: string } | undefined };
}

export interface CardsSnapshot {
  cards: CardInstance[];
  settings: CardSettings;
  usage: CardUsage;
}

/** DingTalk's own AI card templates, which every corp has (C: the Python SDK; O: connectors). */
export const AI_CARD_TEMPLATES: readonly string[] = [
  '382e4302-551d-4880-bf29-a30acfab2e71.schema',
  '02fcf2f4-5e02-4a85-b672-46d1f715543e.schema',
];

const TEMPLATE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.schema$/i;
/** Key ≤ 100 bytes (C); values bounded for memory (the page's 1 KB is not enforced: see cards.md). */
export const MAX_KEY_BYTES = 100;
export const MAX_VALUE_CHARS = 64 * 1024;
export const MAX_KEYS = 200;
export const MAX_PRIVATE_USERS = 500;
const GUIDS_KEPT = 50;

export class Cards {
  readonly limits = new CardLimits();
  private readonly cards = new Map<string, CardInstance>();

  constructor(
    private readonly deps: CardsDeps,
    readonly limit = 1000,
  ) {}

  get(outTrackId: string): CardInstance | undefined {
    return this.cards.get(outTrackId);
  }

  /** Cards, newest first; of one chat (IM_GROUP) or one app when asked. */
  list(filter: { openConversationId?: string; appKey?: string } = {}): CardInstance[] {
    return [...this.cards.values()]
      .filter((c) => !filter.appKey || c.appKey === filter.appKey)
      .filter(
        (c) =>
          !filter.openConversationId ||
          c.spaces.some((s) => s.spaceType === 'IM_GROUP' && s.spaceId === filter.openConversationId),
      )
      .reverse();
  }

  /** A card's outTrackId must be the caller's own; another app's card is as unknown as none. */
  require(appKey: string, outTrackId: string): CardInstance {
    const card = this.cards.get(outTrackId);
    if (card && card.appKey === appKey) return card;
    throw new DingTalkError(
      'cardNotFound',
      card
        ? because(
            `卡片 ${outTrackId} 是应用 ${card.appKey} 创建的，不是调用方 ${appKey}`,
            `card ${outTrackId} was made by app ${card.appKey}, not by the caller ${appKey}`,
          )
        : because(
            `没有 outTrackId 为 ${outTrackId} 的卡片实例`,
            `no card instance has outTrackId ${outTrackId}`,
          ),
      { param: 'outTrackId' },
    );
  }

  /** 创建卡片: a new instance; an outTrackId already used is taken as is (C: reuse changes nothing). */
  create(appKey: string, input: CardInput, now: number): { card: CardInstance; created: boolean } {
    this.requireTemplate(input.cardTemplateId);
    checkMap(input.cardData, 'cardData.cardParamMap');
    checkPrivate(input.privateData ?? {});
    const existing = this.cards.get(input.outTrackId);
    if (existing) {
      if (existing.appKey !== appKey) this.require(appKey, input.outTrackId);
      return { card: existing, created: false };
    }
    const card: CardInstance = {
      outTrackId: input.outTrackId,
      cardTemplateId: input.cardTemplateId,
      appKey,
      callbackType: input.callbackType ?? null,
      ...(input.callbackRouteKey ? { callbackRouteKey: input.callbackRouteKey } : {}),
      cardData: { ...input.cardData },
      privateData: structuredClone(input.privateData ?? {}),
      spaces: [],
      status: 'normal',
      guids: [],
      createdAt: now,
      updatedAt: now,
    };
    this.cards.set(card.outTrackId, card);
    while (this.cards.size > this.limit) this.cards.delete(this.cards.keys().next().value!);
    return { card, created: true };
  }

  /** 投放卡片: to each space of openSpaceId; a space that cannot take it fails alone (HTTP 200). */
  deliver(
    card: CardInstance,
    to: { openSpaceId: string; models: DeliverModels; sender: { appKey: string; name: string } },
    now: number,
  ): DeliverResult[] {
    const { models, sender } = to;
    const spaces = parseOpenSpaceId(to.openSpaceId);
    return spaces.map((space) => {
      const failed = this.refusal(space, models);
      if (failed) return { ...space, success: false, carrierId: '', errorMsg: failed };
      const already = card.spaces.find((s) => spaceKey(s) === spaceKey(space));
      if (already) return { ...space, success: true, carrierId: already.carrierId };
      const delivered: DeliveredSpace = { ...space, carrierId: carrierId(card, space), deliveredAt: now };
      if (space.spaceType === 'IM_GROUP') {
        const message = this.deps.chats.post(space.spaceId, {
          sender: { kind: 'appRobot', appKey: sender.appKey, name: sender.name },
          msgtype: 'interactiveCard',
          raw: { outTrackId: card.outTrackId, cardTemplateId: card.cardTemplateId },
          content: { type: 'card', outTrackId: card.outTrackId, cardTemplateId: card.cardTemplateId },
          at: { atMobiles: [], atUserIds: [], isAtAll: false },
          sentAt: now,
        });
        delivered.chatMessageId = message.id;
      }
      card.spaces.push(delivered);
      card.updatedAt = now;
      return {
        spaceType: space.spaceType,
        spaceId: space.spaceId,
        success: true,
        carrierId: delivered.carrierId,
      };
    });
  }

  /** 更新卡片: public data and private data per person, merged by key or replaced (cardUpdateOptions). */
  update(
    card: CardInstance,
    u: { cardData?: ParamMap; privateData?: Record<string, ParamMap>; byKey: boolean; privateByKey: boolean },
    now: number,
  ): void {
    if (u.cardData) checkMap(u.cardData, 'cardData.cardParamMap');
    if (u.privateData) checkPrivate(u.privateData);
    if (u.cardData) {
      const next = u.byKey ? { ...card.cardData, ...u.cardData } : { ...u.cardData };
      checkMap(next, 'cardData.cardParamMap');
      card.cardData = next;
    }
    for (const [userid, map] of Object.entries(u.privateData ?? {})) {
      const next = u.privateByKey ? { ...card.privateData[userid], ...map } : { ...map };
      checkMap(next, `privateData.${userid}.cardParamMap`);
      card.privateData[userid] = next;
    }
    if (Object.keys(card.privateData).length > MAX_PRIVATE_USERS)
      throw new DingTalkError(
        'invalidParameter',
        because(
          `私有数据超过 ${MAX_PRIVATE_USERS} 人`,
          `private data for more than ${MAX_PRIVATE_USERS} people`,
        ),
        { param: 'privateData' },
      );
    card.updatedAt = now;
  }

  /** The bot's answer to a press, applied for everyone (cardData) or per person (privateData). */
  applyResponse(card: CardInstance, r: CardResponse, now: number): void {
    this.update(
      card,
      {
        ...(r.cardData ? { cardData: r.cardData } : {}),
        privateData: r.privateData,
        byKey: r.updateCardDataByKey,
        privateByKey: r.updatePrivateDataByKey,
      },
      now,
    );
  }

  /**
   * AI 卡片流式更新: `content` replaces the key's value (isFull) or is appended to it; isFinalize ends
   * the stream (finished), isError marks it failed. A guid already applied is not applied again.
   */
  stream(
    card: CardInstance,
    s: { guid: string; key: string; content: string; isFull: boolean; isFinalize: boolean; isError: boolean },
    now: number,
  ): { applied: boolean } {
    if (card.guids.includes(s.guid)) return { applied: false };
    const next = s.isFull ? s.content : (card.cardData[s.key] ?? '') + s.content;
    checkMap({ ...card.cardData, [s.key]: next }, 'key');
    card.cardData[s.key] = next;
    card.status = s.isError ? 'failed' : s.isFinalize ? 'finished' : 'streaming';
    card.guids.push(s.guid);
    if (card.guids.length > GUIDS_KEPT) card.guids.shift();
    card.updatedAt = now;
    return { applied: true };
  }

  /** What one person sees: the public data with their private data over it. */
  seenBy(card: CardInstance, userid?: string): ParamMap {
    return { ...card.cardData, ...(userid ? card.privateData[userid] : {}) };
  }

  toSnapshot(): CardsSnapshot {
    return {
      cards: structuredClone([...this.cards.values()]),
      settings: structuredClone(this.limits.settings),
      usage: { ...this.limits.usage },
    };
  }

  restore(snap: CardsSnapshot): void {
    for (const c of structuredClone(snap.cards ?? []))
      if (c && typeof c.outTrackId === 'string') this.cards.set(c.outTrackId, c);
    if (snap.settings) this.limits.configure(snap.settings);
    if (snap.usage) this.limits.usage = { ...snap.usage };
  }

  private requireTemplate(id: string): void {
    const known = this.limits.settings.templates;
    const ok = AI_CARD_TEMPLATES.includes(id) || (known === null ? TEMPLATE_ID.test(id) : known.includes(id));
    if (ok) return;
    throw new DingTalkError(
      'cardTemplateNotFound',
      known === null
        ? because(
            `模板 ${id} 不存在（模板 id 形如 <uuid>.schema，在卡片平台创建并发布后获得）`,
            `template ${id} does not exist (a template id looks like <uuid>.schema, from the card platform once published)`,
          )
        : because(
            `组织没有模板 ${id}（沙箱设置中登记的模板：${known.join('、') || '无'}）`,
            `the corp has no template ${id} (templates set for the sandbox: ${known.join(', ') || 'none'})`,
          ),
      { param: 'cardTemplateId' },
    );
  }

  /** Why a space cannot show the card, in DingTalk's errorMsg words (U), or undefined. */
  private refusal(space: Space, models: DeliverModels): string | undefined {
    const type: SpaceType = space.spaceType;
    if (!SHOWN_SPACES.has(type))
      return `沙箱不模拟场域 ${type}（sandbox: space type ${type} is not emulated）`;
    if (type === 'IM_GROUP') {
      if (!models.groupRobotCode) return 'imGroupOpenDeliverModel.robotCode 不能为空';
      if (!this.deps.apps.getApp(models.groupRobotCode)) return `robotCode ${models.groupRobotCode} 不存在`;
      if (!this.deps.chats.get(space.spaceId)) return `群 ${space.spaceId} 不存在`;
      return undefined;
    }
    if (models.robotRobotCode && !this.deps.apps.getApp(models.robotRobotCode))
      return `robotCode ${models.robotRobotCode} 不存在`;
    if (!this.deps.users.getUser(space.spaceId)) return `用户 ${space.spaceId} 不存在`;
    return undefined;
  }
}

/** A stable carrier id per card and space (U: DingTalk's are opaque strings). */
function carrierId(card: CardInstance, space: Space): string {
  return createHash('sha1')
    .update(`${card.outTrackId}\u0000${spaceKey(space)}`)
    .digest('hex')
    .slice(0, 24);
}

function checkMap(map: ParamMap, where: string): void {
  const keys = Object.keys(map);
  if (keys.length > MAX_KEYS)
    throw new DingTalkError(
      'invalidParameter',
      because(`${where} 超过 ${MAX_KEYS} 个键`, `${where} has more than ${MAX_KEYS} keys`),
      { param: where },
    );
  for (const k of keys) {
    if (Buffer.byteLength(k) > MAX_KEY_BYTES)
      throw new DingTalkError(
        'invalidParameter',
        because(
          `${where} 的键「${k.slice(0, 40)}…」超过 ${MAX_KEY_BYTES} 字节`,
          `a key of ${where} is longer than ${MAX_KEY_BYTES} bytes`,
        ),
        { param: where },
      );
    if (map[k]!.length > MAX_VALUE_CHARS)
      throw new DingTalkError(
        'invalidParameter',
        because(
          `${where}.${k} 超过 ${MAX_VALUE_CHARS} 字符`,
          `${where}.${k} is longer than ${MAX_VALUE_CHARS} characters`,
        ),
        { param: where },
      );
  }
}

function checkPrivate(p: Record<string, ParamMap>): void {
  if (Object.keys(p).length > MAX_PRIVATE_USERS)
    throw new DingTalkError(
      'invalidParameter',
      because(
        `privateData 超过 ${MAX_PRIVATE_USERS} 人`,
        `privateData names more than ${MAX_PRIVATE_USERS} people`,
      ),
      { param: 'privateData' },
    );
  for (const [userid, map] of Object.entries(p)) checkMap(map, `privateData.${userid}.cardParamMap`);
}
