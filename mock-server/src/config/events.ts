/**
 * An app's `events` block in the config file (事件订阅, docs/config.md): the same fields as
 * POST …/apps/{appKey}/event-subscription, plus `verify`. An HTTP subscription is registered as written,
 * without the check_url handshake — the receiver is often started after the sandbox — unless
 * `verify: true`, when `serve` sends check_url at start and refuses to start if the URL does not answer
 * the encrypted "success" within 1500 ms.
 */
import * as z from 'zod';
import type { EventSubscription } from '../domain/events/event-outbox.ts';
import type { Tenant, TenantSnapshot } from '../domain/tenancy/tenant.ts';
import { checkUrl, CHECK_URL_TIMEOUT_MS } from '../events/http-pusher.ts';
import { subscriptionBody } from '../events/register.ts';
import type { TenantConfig } from './schema.ts';
import { StartupError } from './startup-error.ts';

export const eventsConfig = subscriptionBody
  .extend({
    verify: z
      .boolean()
      .default(false)
      .describe(
        'HTTP only: send check_url at start and refuse to start unless the URL answers the encrypted "success" (default false: registered without the handshake)',
      ),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.channel !== 'http') return;
    for (const field of ['url', 'token', 'aesKey'] as const)
      if (!v[field]) ctx.addIssue({ code: 'custom', path: [field], message: `HTTP push needs ${field}` });
  });
export type EventsConfig = z.infer<typeof eventsConfig>;

/**
 * Subscribe a config file's app as written. An HTTP subscription's `verifiedAt` is 0: registered without
 * check_url (`verifyConfigEvents` stamps the ones it checked).
 */
export function subscribeFromConfig(t: Tenant, appKey: string, events: EventsConfig): EventSubscription {
  const eventTypes = events.eventTypes as EventSubscription['eventTypes'];
  const sub: EventSubscription =
    events.channel === 'http'
      ? {
          appKey,
          channel: 'http',
          eventTypes,
          http: { url: events.url!, token: events.token!, aesKey: events.aesKey!, verifiedAt: 0 },
        }
      : { appKey, channel: 'stream', eventTypes };
  t.events.subscribe(sub);
  return sub;
}

/**
 * `verify: true`: send check_url to each such app's URL (all at once) and stamp the subscriptions in
 * `snapshots` (built from `tenants`, same order); the first URL that fails stops the start, in one line.
 */
export async function verifyConfigEvents(
  tenants: readonly TenantConfig[],
  snapshots: TenantSnapshot[],
  opts: { file: string; timeoutMs?: number; now?: () => number },
): Promise<void> {
  const checks = tenants.flatMap((tc, i) =>
    tc.apps.flatMap((a, j) => {
      const ev = a.events;
      if (!ev?.verify || ev.channel !== 'http' || !a.appKey) return [];
      const appKey = a.appKey;
      const at = `tenants[${i}].apps[${j}].events`;
      return [
        checkUrl(
          ev.url!,
          { token: ev.token!, aesKey: ev.aesKey!, ownerKey: appKey },
          opts.timeoutMs ?? CHECK_URL_TIMEOUT_MS,
        ).then((outcome) => ({ outcome, at, snapshot: snapshots[i]!, appKey })),
      ];
    }),
  );
  for (const { outcome, at, snapshot, appKey } of await Promise.all(checks)) {
    if (!outcome.ok) {
      const said = outcome.status !== undefined ? ` (it answered HTTP ${outcome.status})` : '';
      throw new StartupError(
        `${opts.file}: ${at}: the URL failed the check_url handshake: ${outcome.reason.replace(/\s+/g, ' ')}${said}`,
        'start the receiver before the sandbox, or drop "verify": true',
      );
    }
    const sub = snapshot.eventSubscriptions?.find((s) => s.appKey === appKey);
    if (sub?.http) sub.http.verifiedAt = (opts.now ?? Date.now)();
  }
}
