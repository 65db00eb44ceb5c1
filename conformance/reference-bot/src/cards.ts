/**
 * AI cards (api.dingtalk.com, header x-acs-dingtalk-access-token): the answer is created and delivered
 * in one call (POST /v1.0/card/instances/createAndDeliver, callbackType STREAM so button presses come
 * back over the bot's Stream connection), streamed into its `msgContent` key (PUT /v1.0/card/streaming,
 * full content each time, the last call isFinalize) and marked finished (PUT /v1.0/card/instances,
 * flowStatus "3"). A button press (/v1.0/card/instances/callback) is answered with the card update.
 * https://open.dingtalk.com/document/development/create-and-deliver-cards
 * https://open.dingtalk.com/document/development/api-streamingupdate
 */
import { randomUUID } from 'node:crypto';
import type { Answer } from './answer.ts';
import { API_BASE } from './config.ts';
import type { TokenSource } from './token.ts';

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
    for (let attempt = 0; ; attempt++) {
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
      throw new Error(
        `${method} ${path}: HTTP ${res.status} ${json.code ?? ''} ${json.message ?? ''}`.trim(),
      );
    }
  }
}

/**
 * A button press: the card's params in `content` (a JSON string). The answer updates the card for
 * everyone (cardData): who pressed which action. DingTalk applies what the ack carries.
 */
export function answerPress(data: { userId?: string; content?: string }): {
  cardData: { cardParamMap: Record<string, string> };
} {
  let action: string;
  try {
    const content = JSON.parse(data.content ?? '{}') as {
      cardPrivateData?: { params?: Record<string, unknown> };
    };
    action = String(content.cardPrivateData?.params?.action ?? '');
  } catch {
    action = '';
  }
  return {
    cardData: { cardParamMap: { lastAction: action, pressedBy: String(data.userId ?? ''), flowStatus: '3' } },
  };
}
