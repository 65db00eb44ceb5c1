/**
 * Stream mode's gateway (docs/dingtalk/stream.md): `POST /v1.0/gateway/connections/open` on
 * api.dingtalk.com — the app's clientId and clientSecret and its subscriptions → `{endpoint, ticket}`,
 * the ticket good for one WebSocket connection within 90 s on the tenant's clock. A wrong clientId or
 * secret is DingTalk's `401 authFailed 鉴权失败` (O).
 *
 * The endpoint is the one the client can reach: DingTalk's own
 * `wss://wss-open-connection.dingtalk.com:443/connect` when it called DingTalk's name (the register
 * hook, the proxy, a hosts file — each routes that name back here too), else the WebSocket URL of the
 * sandbox origin it called (`ws://127.0.0.1:3700/connect`, a base-URL client).
 */
import * as z from 'zod';
import { authenticateApp } from '../../domain/apps/authenticate.ts';
import { DingTalkError, isDingTalkError } from '../../domain/errors.ts';
import { SUBSCRIPTION_TYPES } from '../../domain/bots/stream-tickets.ts';
import { isDingTalkHost } from '../../tls/names.ts';
import { str } from '../params.ts';
import { openRoute, type RouteRequest } from '../route.ts';

/** Where DingTalk's gateway sends clients (C: the protocol doc's sample answer). */
export const DINGTALK_STREAM_ENDPOINT = 'wss://wss-open-connection.dingtalk.com:443/connect';

/** The WebSocket endpoint for a client that made this request. */
export function streamEndpoint(request: Pick<RouteRequest, 'origin'>): string {
  const url = new URL(request.origin);
  const secure = url.protocol === 'https:';
  if (isDingTalkHost(url.hostname))
    return secure ? DINGTALK_STREAM_ENDPOINT : 'ws://wss-open-connection.dingtalk.com/connect';
  return `${secure ? 'wss' : 'ws'}://${url.host}/connect`;
}

/** 建立 Stream 连接 — POST /v1.0/gateway/connections/open */
export const gatewayConnectionsOpen = openRoute({
  id: 'api.gateway.connections.open',
  method: 'POST',
  path: '/v1.0/gateway/connections/open',
  host: 'api',
  // Unknown keys (Go's `extras`) are accepted and ignored; `ua` and `localIp` are optional (C).
  params: z.object({
    clientId: str(),
    clientSecret: str(),
    subscriptions: z
      .array(z.object({ type: z.enum(SUBSCRIPTION_TYPES), topic: z.string().min(1).max(200) }))
      .min(1)
      .max(100),
    ua: z.string().max(200).optional(),
    localIp: z.string().max(500).optional(),
  }),
  handle(call) {
    const { clientId, clientSecret, subscriptions, ua, localIp } = call.params;
    let found;
    try {
      found = authenticateApp(call.sandbox, {
        key: clientId,
        secret: clientSecret,
        ip: call.ip,
        names: { key: { zh: 'clientId', en: 'clientId' }, secret: 'clientSecret' },
      });
    } catch (e) {
      // The gateway answers every credential refusal with its own 401 (O); the reason stays.
      if (isDingTalkError(e) && e.kind === 'invalidAppCredentials')
        throw new DingTalkError('streamAuthFailed', { zh: e.reasonZh, en: e.reason });
      throw e;
    }
    const { tenant, app } = found;
    const t = tenant.bots.tickets.issue(
      { appKey: app.appKey, subscriptions, ua: ua ?? '', localIp: localIp ?? '' },
      tenant.clock.now(),
    );
    return { endpoint: streamEndpoint(call.request), ticket: t.ticket };
  },
});
