/** JS接口API: the jsapi_ticket that signs dd.config (docs/dingtalk/in-app-login.md), legacy host. */
import { JSAPI_TICKET_TTL_SECONDS } from '../../domain/in-app/jsapi-tickets.ts';
import { tokenRoute } from '../route.ts';

/** 获取jsapi_ticket — GET /get_jsapi_ticket?access_token=…[&type=jsapi] */
export const getJsapiTicket = tokenRoute({
  id: 'oapi.get_jsapi_ticket',
  method: 'GET',
  path: '/get_jsapi_ticket',
  host: 'oapi',
  style: 'plain',
  handle(call) {
    const t = call.tenant.jsapiTickets.issue(call.app.appKey, call.tenant.clock.now());
    return { ticket: t.ticket, expires_in: JSAPI_TICKET_TTL_SECONDS };
  },
});
