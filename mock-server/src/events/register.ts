/**
 * An app's event subscription (开发者后台 › 事件订阅), shared by the admin API, the console and the
 * config file: one validation, one check_url handshake. HTTP push is registered only when the URL
 * answers the encrypted `check_url` with an encrypted `success` within 1500 ms (docs/dingtalk/events.md);
 * Stream push needs nothing but the choice.
 */
import * as z from 'zod';
import { validAesKey } from '../domain/events/callback-crypto.ts';
import { EVENT_TYPES } from '../domain/events/directory-events.ts';
import type { EventSubscription } from '../domain/events/event-outbox.ts';
import type { Tenant } from '../domain/tenancy/tenant.ts';
import { checkUrl, CHECK_URL_TIMEOUT_MS } from './http-pusher.ts';

export const subscriptionBody = z
  .object({
    channel: z.enum(['http', 'stream']),
    /** The event types ticked; '*' (default) for all. */
    eventTypes: z
      .union([z.literal('*'), z.array(z.enum(EVENT_TYPES as [string, ...string[]])).min(1)])
      .default('*'),
    url: z
      .string()
      .max(2000)
      .refine(
        (u) => /^https?:\/\/[^\s/]+/.test(u) && URL.canParse(u),
        'url must be an http:// or https:// URL',
      )
      .optional(),
    token: z.string().min(1).max(128).optional(),
    aesKey: z
      .string()
      .refine(validAesKey, 'aes_key must be 43 letters or digits (the console generates one)')
      .optional(),
  })
  .strict();
export type SubscriptionBody = z.infer<typeof subscriptionBody>;

export type RegisterOutcome =
  | { ok: true; subscription: EventSubscription }
  | { ok: false; reason: string; reasonZh: string; answer?: string; status?: number };

/** Subscribe an app; for HTTP, only after its URL passed the check_url handshake. */
export async function registerSubscription(
  tenant: Tenant,
  appKey: string,
  body: SubscriptionBody,
  timeoutMs = CHECK_URL_TIMEOUT_MS,
): Promise<RegisterOutcome> {
  const eventTypes = body.eventTypes as EventSubscription['eventTypes'];
  if (body.channel === 'stream') {
    const subscription: EventSubscription = { appKey, channel: 'stream', eventTypes };
    tenant.events.subscribe(subscription);
    return { ok: true, subscription };
  }
  if (!body.url || !body.token || !body.aesKey) {
    return {
      ok: false,
      reason: 'HTTP push needs url, token and aesKey',
      reasonZh: 'HTTP 推送需要填写请求网址、签名 token 和加密 aes_key',
    };
  }
  const check = await checkUrl(
    body.url,
    { token: body.token, aesKey: body.aesKey, ownerKey: appKey },
    timeoutMs,
  );
  if (!check.ok) {
    return {
      ok: false,
      reason: `the URL failed the check_url handshake: ${check.reason}`,
      reasonZh: `请求网址未通过 check_url 校验：${check.reasonZh}`,
      ...(check.answer !== undefined ? { answer: check.answer.slice(0, 500) } : {}),
      ...(check.status !== undefined ? { status: check.status } : {}),
    };
  }
  const subscription: EventSubscription = {
    appKey,
    channel: 'http',
    eventTypes,
    http: { url: body.url, token: body.token, aesKey: body.aesKey, verifiedAt: tenant.clock.now() },
  };
  tenant.events.subscribe(subscription);
  return { ok: true, subscription };
}

/** A subscription as the admin API shows it: the aes_key and token are secrets, shown masked. */
export function subscriptionView(sub: EventSubscription) {
  return {
    appKey: sub.appKey,
    channel: sub.channel,
    eventTypes: sub.eventTypes,
    ...(sub.http
      ? {
          url: sub.http.url,
          token: `${sub.http.token.slice(0, 2)}…`,
          aesKey: `${sub.http.aesKey.slice(0, 4)}…`,
          verifiedAt: sub.http.verifiedAt,
        }
      : {}),
  };
}
