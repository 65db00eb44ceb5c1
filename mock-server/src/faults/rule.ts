/**
 * A fault rule is data: `{ match, action, times | probability }`, serialisable, validated when added
 * (an unknown route, action or error kind is refused with the list of valid ones), explained in words.
 * Rules are the second way — beside misconfiguring the console — to reproduce every documented error.
 */
import * as z from 'zod';
import { ERROR_KINDS } from '../domain/errors.ts';

export const FAULT_ACTIONS = [
  'error',
  'missingScope',
  'status',
  'delay',
  'timeout',
  'reset',
  'malformed',
  'rateLimit',
  'disconnect',
  'wrongSignature',
  'wrongKey',
] as const;
export type FaultActionType = (typeof FAULT_ACTIONS)[number];

/**
 * Where a rule applies: DingTalk's `oapi`, `api` and `login` hosts (the request pipeline); `stream`:
 * pushes over Stream connections — a bot's callbacks (route stream.callback) and event pushes (route
 * stream.event, 事件订阅 › Stream模式推送) — where only `disconnect` applies; `event`: HTTP event pushes
 * (route event.http.push), where only `wrongSignature`, `wrongKey` and `delay` apply.
 */
export const HOSTS = ['oapi', 'api', 'login', 'stream', 'event'] as const;

const action = z.discriminatedUnion('type', [
  /** Answer a catalogued DingTalk error, wrapped in the host's envelope. */
  z.object({ type: z.literal('error'), kind: z.enum(ERROR_KINDS) }),
  /** Answer the missing-permission error for this permission point. */
  z.object({ type: z.literal('missingScope'), scope: z.string().min(1) }),
  /** Answer this HTTP status and raw body (e.g. a 502 from a proxy). */
  z.object({
    type: z.literal('status'),
    status: z.number().int().min(100).max(599),
    body: z.string().max(100_000).default(''),
    contentType: z.string().default('text/html; charset=utf-8'),
  }),
  /** Wait, then answer normally. */
  z.object({ type: z.literal('delay'), ms: z.number().int().min(0).max(120_000) }),
  /** Never answer; the connection is dropped after `ms` (bounded, so nothing hangs forever). */
  z.object({ type: z.literal('timeout'), ms: z.number().int().min(0).max(300_000).default(30_000) }),
  /** Reset the connection without an answer. */
  z.object({ type: z.literal('reset') }),
  /** HTTP 200 with a truncated JSON body. */
  z.object({ type: z.literal('malformed') }),
  /** DingTalk's rate limit: legacy 90018, new host 403 QpsLimitForAppkeyAndApi. */
  z.object({ type: z.literal('rateLimit') }),
  /**
   * Stream only: before a push, the server ends the bot's connection — SYSTEM disconnect, then the
   * socket closes after the grace period; or, with `drop`, the TCP connection is dropped at once.
   */
  z.object({
    type: z.literal('disconnect'),
    drop: z.boolean().default(false),
    reason: z.string().max(200).default('connection is expired'),
  }),
  /** HTTP event push only: sign the push with a wrong msg_signature (a correct receiver refuses it). */
  z.object({ type: z.literal('wrongSignature') }),
  /** HTTP event push only: encrypt the push with another aes_key (a correct receiver cannot decrypt it). */
  z.object({ type: z.literal('wrongKey') }),
]);

const match = z
  .object({
    host: z.enum(HOSTS).optional(),
    /** Route id, e.g. oapi.v2.user.get (see GET /__sandbox/api/routes). */
    route: z.string().min(1).optional(),
    /** The calling app's AppKey / Client ID. */
    appKey: z.string().min(1).optional(),
    /** The userid the call is about (body or query field `userid`, or the user the call resolved). */
    userid: z.string().min(1).optional(),
    /** Body or query fields that must equal these values (compared as strings). */
    body: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict()
  .default({});

export const faultRuleInput = z
  .object({
    id: z.string().min(1).max(64).optional(),
    description: z.string().max(500).optional(),
    match,
    action,
    /** How many times it fires: once, always, or a number of times. Default once. */
    times: z.union([z.literal('once'), z.literal('always'), z.number().int().min(1)]).default('once'),
    /** Fire with this probability instead of every time (0–1); still bounded by `times`. */
    probability: z.number().min(0).max(1).optional(),
    /** Seed for the probability's random numbers, so a flaky rule is reproducible. */
    seed: z.number().int().optional(),
  })
  .strict();

export type FaultRuleInput = z.input<typeof faultRuleInput>;
export type FaultAction = z.infer<typeof action>;
export type FaultMatch = z.infer<typeof match>;

export interface FaultRule extends z.infer<typeof faultRuleInput> {
  id: string;
  /** Times it fired. */
  hits: number;
  /** Matching calls seen, fired or not (probability). */
  seen: number;
}
