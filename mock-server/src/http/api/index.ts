/**
 * The new host, api.dingtalk.com (/v1.0/…) — its endpoints in the order of DingTalk's documentation.
 */
import type { RouteDef } from '../route.ts';
import { jsapiTickets } from './jsapi-tickets.ts';
import { accessToken, corpToken } from './oauth2.ts';

export const apiRoutes: RouteDef[] = [
  // 身份验证(OAuth 2.0)
  accessToken, //   POST /v1.0/oauth2/accessToken        —
  corpToken, //     POST /v1.0/oauth2/{corpId}/token      —
  jsapiTickets, //  POST /v1.0/oauth2/jsapiTickets        — (no body)
];
