/**
 * 互动卡片 and AI 卡片 on api.dingtalk.com (docs/dingtalk/cards.md): create and deliver in one call or
 * two, update a card's data, stream into an AI card. Permission points Card.Instance.Write and
 * Card.Streaming.Write (C). Every call passes the tenant's card limits first (QPS per app and API,
 * the optional monthly quota: domain/cards/card-limits.ts). The rules are in domain/cards/cards.ts.
 */
import * as z from 'zod';
import type { App } from '../../domain/apps/apps.ts';
import type { DeliverModels, ParamMap } from '../../domain/cards/cards.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { bool, int, str } from '../params.ts';
import { tokenRoute, type AppCall } from '../route.ts';

const paramMap = () => z.object({ cardParamMap: z.record(z.string(), z.string()).optional() }).loose();
const privateData = () => z.record(z.string(), paramMap());
const deliverModel = () => z.object({ robotCode: z.string().optional() }).loose();

/** What createAndDeliver and create share (C: card_1_0 CreateAndDeliverRequest / CreateCardRequest). */
const cardFields = {
  cardTemplateId: str(),
  outTrackId: str(),
  callbackType: z.enum(['STREAM', 'HTTP']).optional(),
  callbackRouteKey: z.string().optional(),
  cardData: paramMap(),
  privateData: privateData().optional(),
  userIdType: int().optional(),
  userId: z.string().optional(),
  imGroupOpenSpaceModel: z.object({}).loose().optional(),
  imRobotOpenSpaceModel: z.object({}).loose().optional(),
};

/** The deliver models the sandbox reads: robotCode of the group and the bot chat (C: required for IM_GROUP). */
const deliverFields = {
  openSpaceId: str(),
  imGroupOpenDeliverModel: deliverModel().optional(),
  imRobotOpenDeliverModel: deliverModel().optional(),
  userIdType: int().optional(),
};

const createAndDeliverParams = z.object({ ...cardFields, ...deliverFields }).loose();
const createParams = z.object(cardFields).loose();
const deliverParams = z.object({ outTrackId: str(), ...deliverFields }).loose();
const updateParams = z
  .object({
    outTrackId: str(),
    cardData: paramMap().optional(),
    privateData: privateData().optional(),
    cardUpdateOptions: z
      .object({ updateCardDataByKey: bool().optional(), updatePrivateDataByKey: bool().optional() })
      .loose()
      .optional(),
    userIdType: int().optional(),
  })
  .loose();
const streamingParams = z
  .object({
    outTrackId: str(),
    guid: str(),
    key: str(),
    content: z.string(),
    isFull: bool().optional(),
    isFinalize: bool().optional(),
    isError: bool().optional(),
  })
  .loose();

type Models = {
  imGroupOpenDeliverModel?: { robotCode?: string };
  imRobotOpenDeliverModel?: { robotCode?: string };
};
type Card = z.infer<typeof createParams>;

/** The rate and the quota, counted once per call before anything else happens. */
function admit(call: AppCall<unknown>, api: string): number {
  const now = call.tenant.clock.now();
  call.tenant.cards.limits.admit(call.app.appKey, api, now);
  return now;
}

const models = (p: Models): DeliverModels => ({
  ...(p.imGroupOpenDeliverModel?.robotCode ? { groupRobotCode: p.imGroupOpenDeliverModel.robotCode } : {}),
  ...(p.imRobotOpenDeliverModel?.robotCode ? { robotRobotCode: p.imRobotOpenDeliverModel.robotCode } : {}),
});

const maps = (p: Record<string, { cardParamMap?: ParamMap }> | undefined): Record<string, ParamMap> =>
  Object.fromEntries(Object.entries(p ?? {}).map(([userid, v]) => [userid, v.cardParamMap ?? {}]));

function create(tenant: Tenant, app: App, p: Card, now: number) {
  return tenant.cards.create(
    app.appKey,
    {
      outTrackId: p.outTrackId,
      cardTemplateId: p.cardTemplateId,
      cardData: p.cardData.cardParamMap ?? {},
      privateData: maps(p.privateData),
      ...(p.callbackType ? { callbackType: p.callbackType } : {}),
      ...(p.callbackRouteKey ? { callbackRouteKey: p.callbackRouteKey } : {}),
    },
    now,
  ).card;
}

/** 创建并投放卡片 — POST /v1.0/card/instances/createAndDeliver */
export const cardCreateAndDeliver = tokenRoute({
  id: 'api.card.instances.createAndDeliver',
  method: 'POST',
  path: '/v1.0/card/instances/createAndDeliver',
  host: 'api',
  params: createAndDeliverParams,
  handle(call) {
    const now = admit(call, 'createAndDeliver');
    const { tenant, app, params } = call;
    const card = create(tenant, app, params, now);
    const deliverResults = tenant.cards.deliver(
      card,
      { openSpaceId: params.openSpaceId, models: models(params), sender: app },
      now,
    );
    return { success: true, result: { outTrackId: card.outTrackId, deliverResults } };
  },
});

/** 创建卡片 — POST /v1.0/card/instances */
export const cardCreate = tokenRoute({
  id: 'api.card.instances.create',
  method: 'POST',
  path: '/v1.0/card/instances',
  host: 'api',
  params: createParams,
  handle(call) {
    const now = admit(call, 'createCard');
    return { success: true, result: create(call.tenant, call.app, call.params, now).outTrackId };
  },
});

/** 投放卡片 — POST /v1.0/card/instances/deliver (its result is an array, unlike createAndDeliver's). */
export const cardDeliver = tokenRoute({
  id: 'api.card.instances.deliver',
  method: 'POST',
  path: '/v1.0/card/instances/deliver',
  host: 'api',
  params: deliverParams,
  handle(call) {
    const now = admit(call, 'deliverCard');
    const { tenant, app, params } = call;
    const card = tenant.cards.require(app.appKey, params.outTrackId);
    return {
      success: true,
      result: tenant.cards.deliver(
        card,
        { openSpaceId: params.openSpaceId, models: models(params), sender: app },
        now,
      ),
    };
  },
});

/** 更新卡片 — PUT /v1.0/card/instances */
export const cardUpdate = tokenRoute({
  id: 'api.card.instances.update',
  method: 'PUT',
  path: '/v1.0/card/instances',
  host: 'api',
  params: updateParams,
  handle(call) {
    const now = admit(call, 'updateCard');
    const { tenant, app, params } = call;
    const card = tenant.cards.require(app.appKey, params.outTrackId);
    tenant.cards.update(
      card,
      {
        ...(params.cardData ? { cardData: params.cardData.cardParamMap ?? {} } : {}),
        ...(params.privateData ? { privateData: maps(params.privateData) } : {}),
        byKey: params.cardUpdateOptions?.updateCardDataByKey === true,
        privateByKey: params.cardUpdateOptions?.updatePrivateDataByKey === true,
      },
      now,
    );
    return { success: true, result: true };
  },
});

/** AI互动卡片流式更新 — PUT /v1.0/card/streaming */
export const cardStreaming = tokenRoute({
  id: 'api.card.streaming',
  method: 'PUT',
  path: '/v1.0/card/streaming',
  host: 'api',
  params: streamingParams,
  handle(call) {
    const now = admit(call, 'streamingUpdate');
    const { tenant, app, params } = call;
    const card = tenant.cards.require(app.appKey, params.outTrackId);
    tenant.cards.stream(
      card,
      {
        guid: params.guid,
        key: params.key,
        content: params.content,
        isFull: params.isFull === true,
        isFinalize: params.isFinalize === true,
        isError: params.isError === true,
      },
      now,
    );
    return { success: true, result: true };
  },
});
