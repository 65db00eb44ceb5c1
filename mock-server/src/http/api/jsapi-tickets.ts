/** 身份验证(OAuth 2.0) > 获取jsapiTicket on api.dingtalk.com (docs/dingtalk/tokens.md, docs/dingtalk/in-app-login.md). */
import { JSAPI_TICKET_TTL_SECONDS } from '../../domain/in-app/jsapi-tickets.ts';
import { tokenRoute } from '../route.ts';

/** 获取jsapiTicket — POST /v1.0/oauth2/jsapiTickets, header token, no body (C[S1]) */
export const jsapiTickets = tokenRoute({
  id: 'api.oauth2.jsapiTickets',
  method: 'POST',
  path: '/v1.0/oauth2/jsapiTickets',
  host: 'api',
  noBody: true,
  handle(call) {
    const t = call.tenant.jsapiTickets.issue(call.app.appKey, call.tenant.clock.now());
    return { jsapiTicket: t.ticket, expireIn: JSAPI_TICKET_TTL_SECONDS };
  },
});
