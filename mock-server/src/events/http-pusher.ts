/**
 * HTTP event push (事件订阅, HTTP 推送): the transport that takes the tenant outboxes' due HTTP
 * deliveries, encrypts and signs each event for its app (domain/events/callback-crypto.ts), POSTs it to
 * the app's callback URL and reads the answer: only an encrypted, correctly signed `success` counts.
 * Also the `check_url` handshake an app's URL must pass (within 1500 ms) before it is registered.
 *
 * Each push is its own promise with its own timeout, so a slow, garbage-answering or resetting
 * receiver never holds up deliveries to others. Fault rules on the route `event.http.push` shape a push:
 * `wrongSignature`, `wrongKey`, `delay`.
 */
import { randomBytes } from 'node:crypto';
import { openCallback, sealCallback, type CallbackSecrets } from '../domain/events/callback-crypto.ts';
import { httpPayload, type DingTalkEvent } from '../domain/events/directory-events.ts';
import type { Delivery, DeliveryAttempt, EventSubscription } from '../domain/events/event-outbox.ts';
import type { Sandbox } from '../domain/tenancy/sandbox.ts';
import type { Tenant } from '../domain/tenancy/tenant.ts';
import { ANSWER_LIMIT, errorText, readCapped, requestFailure } from './receiver-answer.ts';
import { OutboxWaker } from './outbox-waker.ts';

export const EVENT_HTTP_ROUTE = 'event.http.push';
export const CHECK_URL_TIMEOUT_MS = 1500;
/** How long a push may take (inferred: DingTalk does not publish it). */
export const PUSH_TIMEOUT_MS = 5000;

export interface PushOutcome {
  ok: boolean;
  status?: number;
  answer?: string;
  reason: string;
  reasonZh: string;
}

interface Shaping {
  wrongSignature?: boolean;
  wrongKey?: boolean;
  delayMs?: number;
}

function nonce(): string {
  return randomBytes(6).toString('base64url');
}

/** Push one message (an event's JSON) to `url`, sealed with `secrets`; judge the answer. */
export async function pushSealed(
  url: string,
  secrets: CallbackSecrets,
  message: string,
  how: { timeoutMs: number } & Shaping,
): Promise<PushOutcome> {
  const { timeoutMs, ...shaping } = how;
  if (shaping.delayMs) await new Promise((r) => setTimeout(r, shaping.delayMs).unref());
  const timestamp = String(Date.now());
  const n = nonce();
  const sealingSecrets = shaping.wrongKey
    ? {
        ...secrets,
        aesKey: randomBytes(32)
          .toString('base64')
          .replace(/[^a-zA-Z0-9]/g, 'x')
          .slice(0, 43),
      }
    : secrets;
  const sealed = sealCallback(sealingSecrets, message, timestamp, n);
  const signature = shaping.wrongSignature ? 'f'.repeat(40) : sealed.msg_signature;
  const target = new URL(url);
  target.searchParams.set('msg_signature', signature);
  target.searchParams.set('timestamp', timestamp);
  target.searchParams.set('nonce', n);
  let res: Response;
  let text: string;
  try {
    res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypt: sealed.encrypt }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const capped = await readCapped(res);
    if (capped === null) throw new Error(`answer longer than ${ANSWER_LIMIT} bytes`);
    text = capped;
  } catch (e) {
    const { reason, reasonZh } = requestFailure(e, timeoutMs);
    return { ok: false, reason, reasonZh };
  }
  if (res.status !== 200) {
    return {
      ok: false,
      status: res.status,
      answer: text,
      reason: `the receiver answered HTTP ${res.status}`,
      reasonZh: `接收方返回 HTTP ${res.status}`,
    };
  }
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
    if (typeof answer !== 'object' || answer === null) throw new Error('not an object');
  } catch {
    return {
      ok: false,
      status: 200,
      answer: text,
      reason: 'the answer is not the encrypted JSON {msg_signature, timeStamp, nonce, encrypt}',
      reasonZh: '返回内容不是加密的 JSON {msg_signature, timeStamp, nonce, encrypt}',
    };
  }
  const fields = ['msg_signature', 'timeStamp', 'nonce', 'encrypt'] as const;
  if (fields.some((f) => typeof answer[f] !== 'string' && typeof answer[f] !== 'number')) {
    return {
      ok: false,
      status: 200,
      answer: text,
      reason: `the answer lacks ${fields.filter((f) => answer[f] === undefined).join(', ') || 'string fields'}`,
      reasonZh: '返回内容缺少加密字段 (msg_signature, timeStamp, nonce, encrypt)',
    };
  }
  let plain: string;
  try {
    plain = openCallback(secrets, {
      msg_signature: String(answer.msg_signature),
      timeStamp: String(answer.timeStamp),
      nonce: String(answer.nonce),
      encrypt: String(answer.encrypt),
    });
  } catch (e) {
    return {
      ok: false,
      status: 200,
      answer: text,
      reason: `the answer does not open with the app's token and aes_key: ${errorText(e)}`,
      reasonZh: `无法用应用的 token 和 aes_key 解开返回内容：${errorText(e)}`,
    };
  }
  if (plain !== 'success') {
    return {
      ok: false,
      status: 200,
      answer: text,
      reason: `71009 返回文本非success: the decrypted answer is "${plain.slice(0, 100)}", not "success"`,
      reasonZh: `71009 返回文本非success：解密后为 "${plain.slice(0, 100)}"`,
    };
  }
  return { ok: true, status: 200, answer: text, reason: 'success', reasonZh: '成功' };
}

function secretsOf(sub: EventSubscription): CallbackSecrets | null {
  return sub.http ? { token: sub.http.token, aesKey: sub.http.aesKey, ownerKey: sub.appKey } : null;
}

/** The `check_url` handshake: the URL counts only if it answers an encrypted `success` in time. */
export function checkUrl(
  url: string,
  secrets: CallbackSecrets,
  timeoutMs = CHECK_URL_TIMEOUT_MS,
): Promise<PushOutcome> {
  return pushSealed(url, secrets, JSON.stringify(httpPayload({ eventType: 'check_url' } as DingTalkEvent)), {
    timeoutMs,
  });
}

/** Pushes the due HTTP deliveries of every tenant, every `tickMs`, and whenever one is queued. */
export class HttpEventPusher {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waker: OutboxWaker;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly options: { tickMs?: number; timeoutMs?: number } = {},
  ) {
    this.waker = new OutboxWaker(sandbox, 'http', () => this.tick(), options.tickMs);
  }

  start(): void {
    this.waker.start();
  }

  async stop(): Promise<void> {
    this.waker.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Start every due push now (each on its own; none waits for another). */
  tick(): void {
    for (const tenant of this.sandbox.listTenants()) {
      const now = tenant.clock.now();
      for (const d of tenant.events.due('http', now)) {
        if (!tenant.events.begin(d)) continue;
        const p = this.push(tenant, d).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }
    }
  }

  /** Wait for the pushes now in flight (tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async push(tenant: Tenant, d: Delivery): Promise<void> {
    const started = Date.now();
    const sub = tenant.events.subscription(d.appKey);
    const secrets = sub && secretsOf(sub);
    let outcome: PushOutcome;
    if (!sub?.http || !secrets) {
      outcome = { ok: false, reason: 'the app no longer has a callback URL', reasonZh: '应用已无回调地址' };
    } else {
      const rule = tenant.faults.fire({
        host: 'event',
        route: EVENT_HTTP_ROUTE,
        appKey: d.appKey,
        fields: { eventType: d.event.eventType },
      });
      const shaping: Shaping = {};
      if (rule?.action.type === 'wrongSignature') shaping.wrongSignature = true;
      if (rule?.action.type === 'wrongKey') shaping.wrongKey = true;
      if (rule?.action.type === 'delay') shaping.delayMs = rule.action.ms;
      outcome = await pushSealed(sub.http.url, secrets, JSON.stringify(httpPayload(d.event)), {
        timeoutMs: this.options.timeoutMs ?? PUSH_TIMEOUT_MS,
        ...shaping,
      });
      if (rule) {
        outcome = {
          ...outcome,
          reason: `${outcome.reason} (fault rule ${rule.id}: ${rule.action.type})`,
          reasonZh: `${outcome.reasonZh}（故障规则 ${rule.id}：${rule.action.type}）`,
        };
      }
    }
    const attempt: DeliveryAttempt = { at: tenant.clock.now(), ...outcome };
    tenant.events.settle(d, attempt);
    const url = sub?.http ? new URL(sub.http.url) : null;
    tenant.journal.record({
      at: attempt.at,
      requestId: d.id.replaceAll('-', '').slice(0, 14),
      host: 'event',
      method: 'POST',
      path: url ? `${url.origin}${url.pathname}` : '(no callback URL)',
      route: EVENT_HTTP_ROUTE,
      status: outcome.status ?? 0,
      outcome: outcome.ok ? 'ok' : 'refused',
      ...(outcome.ok
        ? {}
        : {
            code: d.state === 'failed' ? 'eventFailed' : 'eventRetry',
            reason: `${d.event.eventType} ${d.event.eventId} → app ${d.appKey}: ${outcome.reason}${d.state === 'failed' ? '; no retries left: kept for get_call_back_failed_result' : `; next try at ${new Date(d.nextAt).toISOString()}`}`,
            reasonZh: `${d.event.eventType} 推送给应用 ${d.appKey} 失败：${outcome.reasonZh}`,
          }),
      appKey: d.appKey,
      durationMs: Date.now() - started,
    });
  }
}
