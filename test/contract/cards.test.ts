/**
 * Interactive and AI cards (B6, B7) with the official SDK @alicloud/dingtalk card_1_0, pointed at the
 * sandbox through its endpoint only: createAndDeliver into a group, the two-step create + deliver,
 * update (by key, replaced, private per person), AI card streaming (growing, finalize, error), the
 * QPS limit and the optional monthly quota, every documented refusal in the new host's envelope, the
 * scope refusal, bad input never a 5xx — and a button press over Stream with the unmodified
 * `dingtalk-stream` SDK whose answer updates the card for everyone or only the presser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '@alicloud/openapi-client';
import * as cardSdk from '@alicloud/dingtalk/dist/card_1_0/client.js';
import { DWClient, TOPIC_CARD, type DWClientDownStream } from 'dingtalk-stream';
import type { App } from '../../mock-server/src/domain/apps/apps.ts';
import { streamSandbox, until, type StreamSandbox } from '../helpers/stream.ts';

type CardClient = typeof cardSdk.default.default;
const mod = cardSdk.default as unknown as CardClient | { default: CardClient };
const Card: CardClient = 'default' in mod ? mod.default : mod;
/** The SDK's RuntimeOptions left at its defaults (the class lives in a transitive package). */
const RUNTIME = {} as never;
/** DingTalk's own AI card template (C: the Python SDK; the connectors use it). */
const AI_TEMPLATE = '382e4302-551d-4880-bf29-a30acfab2e71.schema';

let s: StreamSandbox;
let client: InstanceType<CardClient>;
let bot: App;
let bare: App;
let group: string;
let botToken: string;
let bareToken: string;

async function tokenOf(app: App): Promise<string> {
  const r = await fetch(`${s.sb.url}/v1.0/oauth2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appKey: app.appKey, appSecret: app.appSecret }),
  });
  return ((await r.json()) as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  s = await streamSandbox();
  bot = s.bot;
  bot.scopes.push('Card.Instance.Write', 'Card.Streaming.Write');
  bare = s.tenant.addApp({ name: '没有卡片权限的应用', scopes: ['qyapi_base'] });
  group = s.tenant.messaging.chats.list()[0]!.openConversationId;
  const config = new Config({});
  config.protocol = 'http';
  config.regionId = 'central';
  config.endpoint = s.sb.url.replace('http://', '');
  client = new Card(config);
  botToken = await tokenOf(bot);
  bareToken = await tokenOf(bare);
});
afterAll(() => s?.stop());

let seq = 0;
const trackId = () => `track-${Date.now()}-${++seq}`;
const headers = (token = botToken) => ({ xAcsDingtalkAccessToken: token });

/** An SDK call's DingTalk refusal: code, status, and the envelope's requestid. */
async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e as { code?: string; statusCode?: number; data?: Record<string, unknown> },
  );
  return { code: err?.code, status: err?.statusCode, requestid: err?.data?.requestid, data: err?.data };
}

function createAndDeliver(outTrackId: string, more: Record<string, unknown> = {}, token = botToken) {
  return client.createAndDeliverWithOptions(
    new cardSdk.CreateAndDeliverRequest({
      cardTemplateId: AI_TEMPLATE,
      outTrackId,
      callbackType: 'STREAM',
      cardData: new cardSdk.CreateAndDeliverRequestCardData({
        cardParamMap: { content: '', flowStatus: '1' },
      }),
      openSpaceId: `dtv1.card//IM_GROUP.${group}`,
      imGroupOpenSpaceModel: new cardSdk.CreateAndDeliverRequestImGroupOpenSpaceModel({
        supportForward: true,
      }),
      imGroupOpenDeliverModel: new cardSdk.CreateAndDeliverRequestImGroupOpenDeliverModel({
        robotCode: bot.appKey,
      }),
      userIdType: 1,
      ...more,
    }),
    new cardSdk.CreateAndDeliverHeaders(headers(token)),
    RUNTIME,
  );
}

function stream(outTrackId: string, content: string, more: Record<string, unknown> = {}, token = botToken) {
  return client.streamingUpdateWithOptions(
    new cardSdk.StreamingUpdateRequest({
      outTrackId,
      guid: `${outTrackId}-${++seq}`,
      key: 'content',
      content,
      isFull: false,
      isFinalize: false,
      isError: false,
      ...more,
    }),
    new cardSdk.StreamingUpdateHeaders(headers(token)),
    RUNTIME,
  );
}

/** The admin API's view of a card. */
async function cardOf(outTrackId: string) {
  const r = await fetch(`${s.sb.url}/__sandbox/api/tenants/${s.tenant.corpId}/cards/${outTrackId}`);
  return (await r.json()) as {
    status: string;
    cardData: Record<string, string>;
    privateData: Record<string, Record<string, string>>;
    spaces: { spaceType: string; spaceId: string; chatMessageId?: string }[];
  };
}

async function settings(patch: Record<string, unknown>) {
  const r = await fetch(`${s.sb.url}/__sandbox/api/tenants/${s.tenant.corpId}/card-settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe('B6: an AI card delivered to a group and streamed into', () => {
  it('B6 createAndDeliver answers {outTrackId, deliverResults:[{spaceType IM_GROUP, spaceId, success, carrierId}]} and the group shows the card as a message', async () => {
    const id = trackId();
    const r = await createAndDeliver(id);
    expect(r.statusCode).toBe(200);
    expect(r.body?.success).toBe(true);
    expect(r.body?.result?.outTrackId).toBe(id);
    expect(r.body?.result?.deliverResults).toEqual([
      expect.objectContaining({
        spaceType: 'IM_GROUP',
        spaceId: group,
        success: true,
        carrierId: expect.any(String),
      }),
    ]);
    const last = s.tenant.messaging.chats.messagesOf(group).at(-1)!;
    expect(last.content).toEqual({ type: 'card', outTrackId: id, cardTemplateId: AI_TEMPLATE });
    expect(last.sender).toMatchObject({ kind: 'appRobot', appKey: bot.appKey });
    const listed = await fetch(
      `${s.sb.url}/__sandbox/api/tenants/${s.tenant.corpId}/cards?openConversationId=${encodeURIComponent(group)}`,
    ).then((x) => x.json() as Promise<{ cards: { outTrackId: string }[] }>);
    expect(listed.cards.map((c) => c.outTrackId)).toContain(id);
  });

  it('B6 streaming: chunks append (isFull false), isFull replaces, isFinalize ends it (finished), a repeated guid is applied once; the chat page shows the text', async () => {
    const id = trackId();
    await createAndDeliver(id);
    expect((await stream(id, '你好')).body).toMatchObject({ success: true, result: true });
    expect(await cardOf(id)).toMatchObject({ status: 'streaming', cardData: { content: '你好' } });
    await stream(id, '，世界');
    expect((await cardOf(id)).cardData.content).toBe('你好，世界');
    const again = { guid: 'same-guid' };
    await stream(id, '！', again);
    await stream(id, '！', again);
    expect((await cardOf(id)).cardData.content).toBe('你好，世界！');
    await stream(id, '# 完整答案', { isFull: true, isFinalize: true });
    expect(await cardOf(id)).toMatchObject({ status: 'finished', cardData: { content: '# 完整答案' } });
    const page = await fetch(
      `${s.sb.url}/__sandbox/tenants/${s.tenant.corpId}/chats/${encodeURIComponent(group)}`,
    ).then((x) => x.text());
    expect(page).toContain(`data-out-track-id="${id}"`);
    expect(page).toContain('完整答案');
  });

  it('B6 isError marks the card failed', async () => {
    const id = trackId();
    await createAndDeliver(id);
    await stream(id, '出错了', { isError: true });
    expect((await cardOf(id)).status).toBe('failed');
  });

  it('B6 too fast: the 21st call within one second is 403 Forbidden.AccessDenied.QpsLimitForAppkeyAndApi; the next second takes it again', async () => {
    const id = trackId();
    await createAndDeliver(id);
    s.tenant.clock.freeze(true);
    try {
      s.tenant.clock.set(Math.ceil(s.tenant.clock.now() / 1000) * 1000);
      for (let i = 0; i < 20; i++) await stream(id, '.');
      expect(await refusal(stream(id, '.'))).toMatchObject({
        code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
        status: 403,
        requestid: expect.any(String),
      });
      s.tenant.clock.advance(1000);
      expect((await stream(id, '.')).body?.result).toBe(true);
    } finally {
      s.tenant.clock.freeze(false);
    }
  });

  it('B6 the monthly card-call quota is off by default; set, it runs out with 403 Forbidden.AccessDenied.ApiCountLimitForOrg, and a new month starts afresh', async () => {
    const before = await fetch(`${s.sb.url}/__sandbox/api/tenants/${s.tenant.corpId}/card-settings`).then(
      (x) => x.json() as Promise<Record<string, unknown>>,
    );
    expect(before).toMatchObject({ qps: 20, monthlyQuota: null, templates: null });
    const id = trackId();
    await createAndDeliver(id);
    const used = (await settings({})).body.used as number;
    expect(await settings({ monthlyQuota: used + 2 })).toMatchObject({ status: 200 });
    try {
      await stream(id, 'a');
      await stream(id, 'b');
      expect(await refusal(stream(id, 'c'))).toMatchObject({
        code: 'Forbidden.AccessDenied.ApiCountLimitForOrg',
        status: 403,
      });
      expect((await cardOf(id)).cardData.content).toBe('ab');
      s.tenant.clock.advance(32 * 86_400_000);
      // A month on, the old token has expired too: a fresh one.
      expect((await stream(id, 'c', {}, await tokenOf(bot))).body?.result).toBe(true);
    } finally {
      s.tenant.clock.reset();
      botToken = await tokenOf(bot);
      await settings({ monthlyQuota: null });
    }
  });
});

describe('create + deliver, update', () => {
  it('create answers the outTrackId as result; deliver answers an array; IM_ROBOT delivers to a person, an unknown group fails alone (HTTP 200)', async () => {
    const id = trackId();
    const created = await client.createCardWithOptions(
      new cardSdk.CreateCardRequest({
        cardTemplateId: AI_TEMPLATE,
        outTrackId: id,
        cardData: new cardSdk.CreateCardRequestCardData({ cardParamMap: { content: '两步' } }),
        callbackType: 'STREAM',
      }),
      new cardSdk.CreateCardHeaders(headers()),
      RUNTIME,
    );
    expect(created.body).toEqual({ success: true, result: id });
    const delivered = await client.deliverCardWithOptions(
      new cardSdk.DeliverCardRequest({
        outTrackId: id,
        openSpaceId: 'dtv1.card//IM_ROBOT.manager1471;IM_GROUP.cidNoSuchGroup==',
        imRobotOpenDeliverModel: new cardSdk.DeliverCardRequestImRobotOpenDeliverModel({
          spaceType: 'IM_ROBOT',
          robotCode: bot.appKey,
        }),
        imGroupOpenDeliverModel: new cardSdk.DeliverCardRequestImGroupOpenDeliverModel({
          robotCode: bot.appKey,
        }),
        userIdType: 1,
      }),
      new cardSdk.DeliverCardHeaders(headers()),
      RUNTIME,
    );
    expect(delivered.statusCode).toBe(200);
    expect(delivered.body?.result).toEqual([
      expect.objectContaining({ spaceType: 'IM_ROBOT', spaceId: 'manager1471', success: true }),
      expect.objectContaining({
        spaceType: 'IM_GROUP',
        success: false,
        errorMsg: expect.stringContaining('不存在'),
      }),
    ]);
    expect((await cardOf(id)).spaces.map((x) => x.spaceType)).toEqual(['IM_ROBOT']);
  });

  it('update: updateCardDataByKey merges, without it the map is replaced; privateData is per person', async () => {
    const id = trackId();
    await createAndDeliver(id, {
      cardData: new cardSdk.CreateAndDeliverRequestCardData({ cardParamMap: { a: '1', b: '2' } }),
    });
    const update = (req: Record<string, unknown>) =>
      client.updateCardWithOptions(
        new cardSdk.UpdateCardRequest({ outTrackId: id, userIdType: 1, ...req }),
        new cardSdk.UpdateCardHeaders(headers()),
        RUNTIME,
      );
    const r = await update({
      cardData: new cardSdk.UpdateCardRequestCardData({ cardParamMap: { b: '3' } }),
      cardUpdateOptions: new cardSdk.UpdateCardRequestCardUpdateOptions({ updateCardDataByKey: true }),
    });
    expect(r.body).toEqual({ success: true, result: true });
    expect((await cardOf(id)).cardData).toEqual({ a: '1', b: '3' });
    await update({
      cardData: new cardSdk.UpdateCardRequestCardData({ cardParamMap: { c: '4' } }),
      privateData: { manager1471: new cardSdk.PrivateDataValue({ cardParamMap: { mine: '只有我' } }) },
    });
    expect(await cardOf(id)).toMatchObject({
      cardData: { c: '4' },
      privateData: { manager1471: { mine: '只有我' } },
    });
  });
});

describe('refusals in the new host’s envelope', () => {
  it('unknown outTrackId (update, streaming, deliver) → 400 param.cardNotExist', async () => {
    expect(await refusal(stream('no-such-card', 'x'))).toMatchObject({
      code: 'param.cardNotExist',
      status: 400,
    });
    expect(
      await refusal(
        client.updateCardWithOptions(
          new cardSdk.UpdateCardRequest({ outTrackId: 'no-such-card' }),
          new cardSdk.UpdateCardHeaders(headers()),
          RUNTIME,
        ),
      ),
    ).toMatchObject({ code: 'param.cardNotExist', status: 400 });
    expect(
      await refusal(
        client.deliverCardWithOptions(
          new cardSdk.DeliverCardRequest({
            outTrackId: 'no-such-card',
            openSpaceId: `dtv1.card//IM_GROUP.${group}`,
          }),
          new cardSdk.DeliverCardHeaders(headers()),
          RUNTIME,
        ),
      ),
    ).toMatchObject({ code: 'param.cardNotExist', status: 400 });
  });

  it('unknown template → 400 param.templateNotExist (a malformed id, or one the corp does not have once templates are set)', async () => {
    expect(await refusal(createAndDeliver(trackId(), { cardTemplateId: 'not-a-template' }))).toMatchObject({
      code: 'param.templateNotExist',
      status: 400,
    });
    const mine = '0b8e3f2a-1111-4222-8333-944455556666.schema';
    await settings({ templates: [mine] });
    try {
      expect(
        await refusal(
          createAndDeliver(trackId(), { cardTemplateId: 'aaaaaaaa-1111-4222-8333-944455556666.schema' }),
        ),
      ).toMatchObject({ code: 'param.templateNotExist' });
      expect((await createAndDeliver(trackId(), { cardTemplateId: mine })).body?.success).toBe(true);
      expect((await createAndDeliver(trackId(), { cardTemplateId: AI_TEMPLATE })).body?.success).toBe(true);
    } finally {
      await settings({ templates: null });
    }
  });

  it('a bad openSpaceId → 400 param.openSpaceIdInvalid; a group without imGroupOpenDeliverModel.robotCode fails alone', async () => {
    for (const openSpaceId of [group, 'dtv1.card//', 'dtv1.card//IM_NOWHERE.x', 'dtv1.card//IM_GROUP'])
      expect(await refusal(createAndDeliver(trackId(), { openSpaceId }))).toMatchObject({
        code: 'param.openSpaceIdInvalid',
        status: 400,
      });
    const r = await createAndDeliver(trackId(), { imGroupOpenDeliverModel: undefined });
    expect(r.body?.result?.deliverResults?.[0]).toMatchObject({
      success: false,
      errorMsg: expect.stringContaining('robotCode'),
    });
  });

  it('without the point: 403 AccessTokenPermissionDenied naming Card.Instance.Write, or Card.Streaming.Write for streaming', async () => {
    const id = trackId();
    await createAndDeliver(id);
    const write = await refusal(createAndDeliver(trackId(), {}, bareToken));
    expect(write).toMatchObject({ code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', status: 403 });
    expect(write.data?.accessdenieddetail).toEqual({ requiredScopes: ['Card.Instance.Write'] });
    const streaming = await refusal(stream(id, 'x', {}, bareToken));
    expect(streaming.data?.accessdenieddetail).toEqual({ requiredScopes: ['Card.Streaming.Write'] });
  });

  it('bad input is a 4xx in the envelope, never a 5xx: missing fields, a number in cardParamMap, a non-JSON body, a key over 100 bytes', async () => {
    const put = (path: string, body: string, type = 'application/json') =>
      fetch(`${s.sb.url}${path}`, {
        method: 'PUT',
        headers: { 'content-type': type, 'x-acs-dingtalk-access-token': botToken },
        body,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const post = (body: unknown) =>
      fetch(`${s.sb.url}/v1.0/card/instances/createAndDeliver`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': botToken },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const answers = [
      await put('/v1.0/card/streaming', '{}'),
      await put('/v1.0/card/streaming', 'not json'),
      await put('/v1.0/card/instances', 'outTrackId=x', 'application/x-www-form-urlencoded'),
      await post({
        cardTemplateId: AI_TEMPLATE,
        outTrackId: 'x',
        cardData: { cardParamMap: { n: 1 } },
        openSpaceId: 'dtv1.card//IM_GROUP.x',
      }),
      await post({
        cardTemplateId: AI_TEMPLATE,
        outTrackId: trackId(),
        cardData: { cardParamMap: { ['k'.repeat(101)]: 'v' } },
        openSpaceId: `dtv1.card//IM_GROUP.${group}`,
      }),
    ];
    for (const a of answers) {
      expect(a.status).toBeGreaterThanOrEqual(400);
      expect(a.status).toBeLessThan(500);
      expect(a.body).toMatchObject({
        code: expect.any(String),
        message: expect.any(String),
        requestid: expect.any(String),
      });
    }
    expect(answers[0]!.body.code).toBe('MissingoutTrackId');
    expect(answers[3]!.body.code).toBe('InvalidParameter');
  });
});

describe('B7: a button press over Stream', () => {
  it('B7 the press reaches the bot as CALLBACK /v1.0/card/instances/callback with cardPrivateData; its answer updates the card for everyone, then only for the presser', async () => {
    const id = trackId();
    await createAndDeliver(id, {
      cardTemplateId: '0b8e3f2a-1111-4222-8333-944455556666.schema',
      cardData: new cardSdk.CreateAndDeliverRequestCardData({ cardParamMap: { likes: '0' } }),
    });
    const heard: Record<string, unknown>[] = [];
    const client2 = new DWClient({
      clientId: bot.appKey,
      clientSecret: bot.appSecret,
      autoReconnect: false,
    } as ConstructorParameters<typeof DWClient>[0]);
    let answer: unknown = {
      cardData: { cardParamMap: { likes: '1' } },
      cardUpdateOptions: { updateCardDataByKey: true },
    };
    client2.registerCallbackListener(TOPIC_CARD, (res: DWClientDownStream) => {
      heard.push(JSON.parse(res.data) as Record<string, unknown>);
      client2.socketCallBackResponse(res.headers.messageId, answer);
    });
    await client2.connect();
    try {
      const press = (userid: string) =>
        fetch(`${s.sb.url}/__sandbox/api/tenants/${s.tenant.corpId}/cards/${id}/press`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userid, params: { action: 'like' }, actionIds: ['like_button'] }),
        });
      expect((await press('manager1471')).status).toBe(201);
      await until(() => heard.length === 1, 'the card callback');
      expect(heard[0]).toMatchObject({
        type: 'actionCallback',
        corpId: s.tenant.corpId,
        userId: 'manager1471',
        outTrackId: id,
        spaceId: group,
        userIdType: 1,
      });
      expect(JSON.parse(heard[0]!.content as string)).toEqual({
        cardPrivateData: { actionIds: ['like_button'], params: { action: 'like' } },
      });
      await until(() => s.tenant.cards.get(id)?.cardData.likes === '1', 'the answer applied');
      answer = { userPrivateData: { cardParamMap: { liked: 'true' } } };
      const other = [...s.tenant.directory.allUsers()].find((u) => u.userid !== 'manager1471')!.userid;
      await press(other);
      await until(
        () => s.tenant.cards.get(id)?.privateData[other]?.liked === 'true',
        'the private answer applied',
      );
      expect((await cardOf(id)).cardData).toEqual({ likes: '1' });
      expect((await cardOf(id)).privateData.manager1471).toBeUndefined();
    } finally {
      client2.disconnect();
    }
  });

  it('B7 a card made without callbackType STREAM is not pushed: the admin API says why (400)', async () => {
    const id = trackId();
    await createAndDeliver(id, { callbackType: undefined });
    const r = await fetch(`${s.sb.url}/__sandbox/api/tenants/${s.tenant.corpId}/cards/${id}/press`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userid: 'manager1471' }),
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain(
      'callbackType STREAM',
    );
  });
});

describe('products', () => {
  // DingTalk-Real-AI/dingtalk-openclaw-connector src/services/messaging/card.ts (createAICardForTarget,
  // streamAICard, finishAICard): its own JSON bodies over axios — create without a space, deliver to
  // IM_ROBOT with extension.dynamicSummary, PUT instances flowStatus "2" without cardUpdateOptions,
  // streaming key msgContent always isFull, then finalize and PUT flowStatus "3" by key.
  it('B6 the openclaw connector’s AI card lifecycle: create → deliver IM_ROBOT → INPUTING → streamed in full → FINISHED', async () => {
    const call = (method: 'POST' | 'PUT', path: string, body: unknown) =>
      fetch(`${s.sb.url}${path}`, {
        method,
        headers: { 'x-acs-dingtalk-access-token': botToken, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const id = `card_${Date.now()}_${Math.random().toString(36).slice(2, 10)}`;
    const config = JSON.stringify({ autoLayout: true });
    const created = await call('POST', '/v1.0/card/instances', {
      cardTemplateId: '02fcf2f4-5e02-4a85-b672-46d1f715543e.schema',
      outTrackId: id,
      cardData: { cardParamMap: { config } },
      callbackType: 'STREAM',
      imGroupOpenSpaceModel: { supportForward: true },
      imRobotOpenSpaceModel: { supportForward: true },
    });
    expect(created).toEqual({ status: 200, body: { success: true, result: id } });
    const delivered = await call('POST', '/v1.0/card/instances/deliver', {
      outTrackId: id,
      userIdType: 1,
      openSpaceId: 'dtv1.card//IM_ROBOT.manager1471',
      imRobotOpenDeliverModel: {
        spaceType: 'IM_ROBOT',
        robotCode: bot.appKey,
        extension: { dynamicSummary: 'true' },
      },
    });
    expect(delivered.body.result).toEqual([
      expect.objectContaining({ spaceType: 'IM_ROBOT', success: true }),
    ]);
    const card = (flowStatus: string, msgContent: string) => ({
      cardParamMap: {
        flowStatus,
        msgContent,
        staticMsgContent: '',
        sys_full_json_obj: JSON.stringify({ order: ['msgContent'] }),
        config,
      },
    });
    expect(
      (await call('PUT', '/v1.0/card/instances', { outTrackId: id, cardData: card('2', '') })).body,
    ).toEqual({
      success: true,
      result: true,
    });
    let text = '';
    for (const [i, chunk] of ['钉钉', '沙箱', '回答'].entries()) {
      text += chunk;
      const r = await call('PUT', '/v1.0/card/streaming', {
        outTrackId: id,
        guid: `${Date.now()}_${i}`,
        key: 'msgContent',
        content: text,
        isFull: true,
        isFinalize: i === 2,
        isError: false,
      });
      expect(r.status).toBe(200);
      expect((await cardOf(id)).cardData.msgContent).toBe(text);
    }
    await call('PUT', '/v1.0/card/instances', {
      outTrackId: id,
      cardData: card('3', text),
      cardUpdateOptions: { updateCardDataByKey: true },
    });
    expect(await cardOf(id)).toMatchObject({
      status: 'finished',
      cardData: { flowStatus: '3', msgContent: '钉钉沙箱回答', config },
      spaces: [expect.objectContaining({ spaceType: 'IM_ROBOT', spaceId: 'manager1471' })],
    });
  });
});
