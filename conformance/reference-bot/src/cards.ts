/**
 * AI cards (api.dingtalk.com, header x-acs-dingtalk-access-token): the answer is created and delivered
 * in one call (POST /v1.0/card/instances/createAndDeliver, callbackType STREAM so button presses come
 * back over the bot's Stream connection), streamed into its `msgContent` key (PUT /v1.0/card/streaming,
 * full content each time, the last call isFinalize) and marked finished (PUT /v1.0/card/instances,
 * flowStatus "3"). A button press (/v1.0/card/instances/callback) is answered with the card update.
 * Too many calls a second (403 Forbidden.AccessDenied.QpsLimitForAppkeyAndApi) are retried after a
 * second, as DingTalk's throttling page advises, a few times; any other refusal is thrown.
 * https://open.dingtalk.com/document/development/create-and-deliver-cards
 * https://open.dingtalk.com/document/development/api-streamingupdate
 * https://open.dingtalk.com/document/development/how-to-process-api-throttling-on-the-dingtalk-server
 */
import { randomUUID } from 'node:crypto';
import type { Answer } from './answer.ts';
import { API_BASE } from './config.ts';
import type { TokenSource } from './token.ts';

/** DingTalk's per-app, per-API QPS refusal (and the global one): wait a second, then call again. */
const QPS_REFUSED = /^Forbidden\.AccessDenied\.QpsLimitFor/;
const QPS_RETRY_MS = 1_000;
const QPS_RETRIES = 5;

export interface CardTarget {
  robotCode: string;
  conversationType: string;
  conversationId: string;
  senderStaffId: string;
}

export class CardClient {
  constructor(
    private readonly tokens: TokenSource,
    private readonly templateId: string,
  ) {}

  /** The answer as an AI card growing chunk by chunk; returns its outTrackId. */
  async streamAnswer(to: CardTarget, a: Answer): Promise<string> {
    const outTrackId = `bot-${randomUUID()}`;
    const group = to.conversationType === '2';
    await this.call('POST', '/v1.0/card/instances/createAndDeliver', {
      cardTemplateId: this.templateId,
      outTrackId,
      callbackType: 'STREAM',
      cardData: { cardParamMap: { flowStatus: '1', msgContent: '', title: a.title } },
      openSpaceId: group
        ? `dtv1.card//IM_GROUP.${to.conversationId}`
        : `dtv1.card//IM_ROBOT.${to.senderStaffId}`,
      userIdType: 1,
      ...(group
        ? {
            imGroupOpenSpaceModel: { supportForward: true },
            imGroupOpenDeliverModel: { robotCode: to.robotCode },
          }
        : {
            imRobotOpenSpaceModel: { supportForward: true },
            imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: to.robotCode },
          }),
    });
    for (const [i, content] of a.chunks.entries()) {
      await this.call('PUT', '/v1.0/card/streaming', {
        outTrackId,
        guid: randomUUID(),
        key: 'msgContent',
        content,
        isFull: true,
        isFinalize: i === a.chunks.length - 1,
        isError: false,
      });
    }
    await this.call('PUT', '/v1.0/card/instances', {
      outTrackId,
      cardData: { cardParamMap: { flowStatus: '3', msgContent: a.text } },
      cardUpdateOptions: { updateCardDataByKey: true },
    });
    return outTrackId;
  }

  private async call(method: string, path: string, body: unknown): Promise<unknown> {
    for (let attempt = 0, throttled = 0; ; attempt++) {
      const res = await fetch(`${API_BASE}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          'x-acs-dingtalk-access-token': await this.tokens.token(),
        },
        body: JSON.stringify(body),
      });
      const json = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
      if (res.ok) return json;
      if (
        (res.status === 400 || res.status === 401) &&
        attempt === 0 &&
        /Authentication/i.test(json.code ?? '')
      ) {
        this.tokens.forget();
        continue;
      }
      if (res.status === 403 && QPS_REFUSED.test(json.code ?? '') && throttled++ < QPS_RETRIES) {
        await new Promise((done) => setTimeout(done, QPS_RETRY_MS));
        continue;
      }
      throw new Error(
        `${method} ${path}: HTTP ${res.status} ${json.code ?? ''} ${json.message ?? ''}`.trim(),
      );
    }
  }
}

/** The ack of a button press: the card update DingTalk applies (`{"response": …}`). */
export interface PressAnswer {
  cardData?: { cardParamMap: Record<string, string> };
  privateData?: Record<string, { cardParamMap: Record<string, string> }>;
  cardUpdateOptions?: { updateCardDataByKey?: boolean; updatePrivateDataByKey?: boolean };
}

/**
 * A button press: the card's params in `content` (a JSON string). 订阅 (`action: "subscribe"`) is
 * the presser's own business: only they see it (privateData under their userId). Any other action is
 * shown to everyone (cardData): who pressed which action. DingTalk applies what the ack carries.
 */
export function answerPress(data: { userId?: string; content?: string }): PressAnswer {
  let action: string;
  try {
    const content = JSON.parse(data.content ?? '{}') as {
      cardPrivateData?: { params?: Record<string, unknown> };
    };
    action = String(content.cardPrivateData?.params?.action ?? '');
  } catch {
    action = '';
  }
  const userId = String(data.userId ?? '');
  if (action === 'subscribe' && userId)
    return {
      privateData: { [userId]: { cardParamMap: { subscribed: 'true', subscribeTip: '已订阅每日销售日报' } } },
      cardUpdateOptions: { updatePrivateDataByKey: true },
    };
  return {
    cardData: { cardParamMap: { lastAction: action, pressedBy: userId } },
    cardUpdateOptions: { updateCardDataByKey: true },
  };
}
