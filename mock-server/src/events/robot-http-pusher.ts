/**
 * HTTP mode for bots (docs/dingtalk/bot-http-mode.md): POSTs each message a bot in HTTP mode gets
 * (domain/bots/outgoing.ts) to its message URL with the `timestamp` and `sign` headers, and journals
 * how it went (route `robot.http.push`, host `stream`). The person's message is in the chat already;
 * a receiver that is down, slow or refusing costs only its own push. Bounded: at most `concurrency`
 * pushes at once, each with its own timeout, and at most `queueLimit` waiting (beyond that a push is
 * dropped and journaled). A 200 answer that is a robot message lands in the chat as the bot's reply.
 */
import { newRequestId } from '../domain/ids.ts';
import type { OutgoingPost } from '../domain/bots/outgoing.ts';
import type { Sandbox } from '../domain/tenancy/sandbox.ts';
import type { Tenant } from '../domain/tenancy/tenant.ts';
import { DingTalkError } from '../domain/errors.ts';
import { readCapped, requestFailure } from './receiver-answer.ts';

export const ROBOT_HTTP_ROUTE = 'robot.http.push';
/** How long a push may take (the sandbox's own bound: DingTalk does not publish one). */
export const ROBOT_PUSH_TIMEOUT_MS = 5000;

export interface RobotHttpOptions {
  timeoutMs?: number;
  concurrency?: number;
  queueLimit?: number;
}

interface Outcome {
  ok: boolean;
  status: number;
  reason: string;
  reasonZh: string;
  code?: string;
}

export class RobotHttpPusher {
  private readonly queue: { tenant: Tenant; post: OutgoingPost }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly onPost = (tenant: Tenant, post: OutgoingPost) => this.enqueue(tenant, post);

  constructor(
    private readonly sandbox: Sandbox,
    private readonly options: RobotHttpOptions = {},
  ) {}

  start(): void {
    this.sandbox.botPostQueued.add(this.onPost);
  }

  async stop(): Promise<void> {
    this.sandbox.botPostQueued.delete(this.onPost);
    this.queue.length = 0;
    await this.settled();
  }

  /** Wait until nothing is queued or in flight (tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private enqueue(tenant: Tenant, post: OutgoingPost): void {
    if (this.queue.length >= (this.options.queueLimit ?? 1000)) {
      this.journal(tenant, post, Date.now(), {
        ok: false,
        status: 507,
        code: 'queueFull',
        reason: `dropped: ${this.queue.length} pushes already wait for bots' message URLs`,
        reasonZh: `已丢弃：已有 ${this.queue.length} 条消息在等待推送到机器人的消息接收地址`,
      });
      return;
    }
    this.queue.push({ tenant, post });
    this.pump();
  }

  private pump(): void {
    while (this.inFlight.size < (this.options.concurrency ?? 16) && this.queue.length > 0) {
      const { tenant, post } = this.queue.shift()!;
      const p = this.push(tenant, post).finally(() => {
        this.inFlight.delete(p);
        this.pump();
      });
      this.inFlight.add(p);
    }
  }

  private async push(tenant: Tenant, post: OutgoingPost): Promise<void> {
    const started = Date.now();
    const outcome = await this.send(post);
    if (outcome.ok && outcome.answer !== undefined) {
      try {
        const reply = tenant.bots.replyInAnswer(post.appKey, post.conversationId, outcome.answer);
        outcome.reason += `; the answer is a ${reply.msgtype} message, posted in the conversation as the bot's reply`;
        outcome.reasonZh += `；应答是 ${reply.msgtype} 消息，已作为机器人的回复发到会话中`;
      } catch (e) {
        const why =
          e instanceof DingTalkError ? { en: e.reason, zh: e.reasonZh } : { en: String(e), zh: String(e) };
        Object.assign(outcome, {
          code: e instanceof DingTalkError ? e.kind : 'answerRefused',
          reason: `${outcome.reason}; the answer was not posted: ${why.en}`,
          reasonZh: `${outcome.reasonZh}；应答未发到会话：${why.zh}`,
        });
      }
    }
    this.journal(tenant, post, started, outcome);
  }

  private async send(post: OutgoingPost): Promise<Outcome & { answer?: Record<string, unknown> }> {
    const timeoutMs = this.options.timeoutMs ?? ROBOT_PUSH_TIMEOUT_MS;
    let res: Response;
    let text: string;
    try {
      res = await fetch(post.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...post.headers },
        body: JSON.stringify(post.body),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // An answer over the cap is not read: delivered, without a reply in it.
      text = (await readCapped(res)) ?? '';
    } catch (e) {
      const { timedOut, reason, reasonZh } = requestFailure(e, timeoutMs);
      return { ok: false, status: 0, code: timedOut ? 'timeout' : 'unreachable', reason, reasonZh };
    }
    if (res.status !== 200)
      return {
        ok: false,
        status: res.status,
        code: 'httpStatus',
        reason: `the bot's message URL answered HTTP ${res.status}`,
        reasonZh: `机器人的消息接收地址返回 HTTP ${res.status}`,
      };
    const ok = { ok: true, status: 200, reason: 'delivered (HTTP 200)', reasonZh: '已送达（HTTP 200）' };
    const answer = parseObject(text);
    return answer && typeof answer.msgtype === 'string' ? { ...ok, answer } : ok;
  }

  private journal(tenant: Tenant, post: OutgoingPost, started: number, o: Outcome): void {
    const url = new URL(post.url);
    tenant.journal.record({
      at: tenant.clock.now(),
      requestId: newRequestId(),
      host: 'stream',
      method: 'POST',
      // Origin and path only: a query string may carry the receiver's own secrets.
      path: `${url.origin}${url.pathname}`,
      route: ROBOT_HTTP_ROUTE,
      status: o.status,
      outcome: o.ok && !o.code ? 'ok' : 'refused',
      ...(o.code ? { code: o.code } : {}),
      reason: `message ${post.chatMessageId} of ${post.conversationId} → bot ${post.appKey}: ${o.reason}`,
      reasonZh: `消息 ${post.chatMessageId} 推送给机器人 ${post.appKey}：${o.reasonZh}`,
      appKey: post.appKey,
      durationMs: Date.now() - started,
    });
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
