/**
 * The reference bot: a BI assistant on the unmodified `dingtalk-stream` SDK. It connects with its
 * clientId/clientSecret (Stream mode), answers a person's text — one-to-one, or @ in a group — in
 * markdown through the message's sessionWebhook, or with a streamed AI card when it has a template
 * (falling back to markdown when DingTalk refuses the card), acknowledges a picture or file by
 * downloading it (messageFiles/download) and naming its size and SHA-256, and answers card button
 * presses (for everyone, or only for the presser). Each callback is acked at once (else DingTalk pushes it again
 * after ~60 s) and handled once: a message pushed again after a reconnect is recognised by its msgId
 * and not answered twice. The SDK reconnects by itself after the server closes the connection.
 */
import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import { answer, fileAnswer, type Answer } from './answer.ts';
import { answerPress, CardClient } from './cards.ts';
import type { BotOptions } from './config.ts';
import { downloadFile, type FileContent } from './files.ts';
import { replyMarkdown } from './reply.ts';
import { TokenSource } from './token.ts';

export const TOPIC_CARD = '/v1.0/card/instances/callback';

interface RobotText {
  msgId: string;
  msgtype: string;
  text?: { content?: string };
  /** picture/file/audio/video: where its downloadCode is. */
  content?: FileContent;
  conversationType: string;
  conversationId: string;
  senderStaffId: string;
  sessionWebhook: string;
  robotCode?: string;
}

export interface RunningBot {
  stop(): void;
}

/** msgIds answered, the latest few thousand (a re-push after a reconnect is not answered twice). */
const SEEN_KEPT = 5000;

export function startBot(opts: BotOptions): RunningBot {
  const log = opts.log ?? (() => undefined);
  const client = new DWClient({ clientId: opts.clientId, clientSecret: opts.clientSecret });
  const tokens = new TokenSource(opts);
  const cards = opts.aiCardTemplateId ? new CardClient(tokens, opts.aiCardTemplateId) : null;
  const seen = new Set<string>();

  const ack = (frame: DWClientDownStream, response: unknown) =>
    client.socketCallBackResponse(frame.headers.messageId, response);

  async function onMessage(frame: DWClientDownStream): Promise<void> {
    ack(frame, null);
    const msg = JSON.parse(frame.data) as RobotText;
    if (seen.has(msg.msgId)) {
      log({ event: 'duplicate', msgId: msg.msgId });
      return;
    }
    seen.add(msg.msgId);
    if (seen.size > SEEN_KEPT) seen.delete(seen.values().next().value!);
    const robotCode = msg.robotCode ?? opts.clientId;
    if (msg.msgtype !== 'text' && msg.content) {
      log({ event: 'file', msgId: msg.msgId, msgtype: msg.msgtype });
      const bytes = await downloadFile(tokens, robotCode, msg.content);
      await reply(msg, fileAnswer(msg.msgtype, bytes));
      return;
    }
    const question = msg.msgtype === 'text' ? (msg.text?.content ?? '') : '';
    log({ event: 'message', msgId: msg.msgId, conversationType: msg.conversationType, question });
    const a = answer(question || '（非文本消息）');
    if (cards) {
      try {
        const outTrackId = await cards.streamAnswer({ ...msg, robotCode }, a);
        log({ event: 'card', msgId: msg.msgId, outTrackId });
        return;
      } catch (e) {
        // The card could not be finished (e.g. the month's card calls are used up): the person still
        // gets the answer, in markdown.
        log({ event: 'cardFailed', msgId: msg.msgId, what: (e as Error).message });
      }
    }
    await reply(msg, a);
  }

  async function reply(msg: RobotText, a: Answer): Promise<void> {
    const result = await replyMarkdown(msg, { title: a.title, text: a.text });
    log({ event: result.errcode === 0 ? 'replied' : 'replyRefused', msgId: msg.msgId, ...result });
  }

  client
    .registerCallbackListener(TOPIC_ROBOT, (frame) => {
      onMessage(frame).catch((e: Error) => log({ event: 'error', what: e.message }));
    })
    .registerCallbackListener(TOPIC_CARD, (frame) => {
      const data = JSON.parse(frame.data) as { outTrackId?: string; userId?: string; content?: string };
      ack(frame, answerPress(data));
      log({ event: 'cardPress', outTrackId: data.outTrackId, userId: data.userId });
    });
  void client.connect();
  return { stop: () => client.disconnect() };
}
