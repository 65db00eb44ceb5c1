/**
 * DingTalk routes that have no parameter schema (route.params): what their handlers read, described
 * here by hand as zod schemas, so the document states it in the same terms as the routes that do. A
 * route with neither a schema nor an entry here fails the document's generation (test/contract/openapi).
 */
import * as z from 'zod';
import { ROBOT_MSG_TYPES } from '../domain/messaging/robot-message.ts';

/** What a page route answers: an HTML page, a script, or a redirect (302/303). */
export type PageAnswer = 'html' | 'script' | 'redirect' | 'file';

export interface ByHand {
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Page routes only. */
  answers?: readonly PageAnswer[];
  /** A sentence for the operation's description. */
  note?: string;
}

const text = () => z.string();

/** The legacy web login's request (扫码登录第三方网站, sns). */
const snsLogin = z.object({
  appid: text().describe('the app’s AppKey'),
  response_type: z.literal('code'),
  scope: z.literal('snsapi_login'),
  state: text().optional(),
  redirect_uri: text().describe('a URL on one of the app’s registered redirect domains'),
});

/** The new web login's request (登录第三方网站, OAuth 2.0). */
const oauthLogin = z.object({
  client_id: text().describe('the app’s Client ID (AppKey)'),
  redirect_uri: text(),
  response_type: z.literal('code'),
  scope: text().describe('e.g. "openid" or "openid corpid"'),
  state: text().optional(),
  prompt: text().optional().describe('"consent" asks the person again (授权个人信息)'),
  org_type: text().optional(),
  corpId: text().optional(),
  exclusiveLogin: text().optional(),
  exclusiveCorpId: text().optional(),
});

const sid = z.object({ sid: text().describe('the QR login session') });

export const BY_HAND: Readonly<Record<string, ByHand>> = {
  'oapi.gettoken': {
    query: z.object({
      appkey: text().optional(),
      appsecret: text().optional(),
      corpid: text().optional().describe('the older pair: corpid + corpsecret'),
      corpsecret: text().optional(),
    }),
    note: 'appkey and appsecret (or the older corpid and corpsecret).',
  },
  'oapi.connect.qrconnect': { query: snsLogin, answers: ['html'] },
  'oapi.connect.sns_authorize': {
    query: snsLogin.extend({ loginTmpCode: text().optional() }),
    answers: ['redirect', 'html'],
    note: 'With loginTmpCode: 302 to redirect_uri?code=&state=; without it, the QR page.',
  },
  'oapi.get_jsapi_ticket': { note: 'Takes only the access token.' },
  'oapi.robot.send': {
    query: z.object({
      access_token: text().describe('the robot’s own webhook token, not an app’s'),
      timestamp: text().optional().describe('加签: milliseconds'),
      sign: text().optional().describe('加签: base64 HMAC-SHA256 of "timestamp\\nsecret", URL-encoded'),
    }),
    body: z.looseObject({
      msgtype: z.enum(ROBOT_MSG_TYPES),
      at: z
        .object({
          atMobiles: z.array(text()),
          atUserIds: z.array(text()),
          isAtAll: z.boolean(),
        })
        .partial()
        .optional(),
    }),
    note: 'The body carries one object named after msgtype (text, markdown, link, actionCard, feedCard).',
  },
  'oapi.robot.sendBySession': {
    query: z.object({ session: text().describe('from a pushed message’s sessionWebhook') }),
    body: z.looseObject({
      msgtype: z.enum(ROBOT_MSG_TYPES),
      at: z
        .object({ atUserIds: z.array(text()), atMobiles: z.array(text()), isAtAll: z.boolean() })
        .partial()
        .optional(),
    }),
    note: 'A bot’s reply to the message whose sessionWebhook this is; no access token. Expired or unknown session: 300001.',
  },
  'api.robot.messageFiles.content': {
    answers: ['file'],
    note: 'The downloadUrl of /v1.0/robot/messageFiles/download (DingTalk serves it from its object storage): the exact bytes a person sent, for an hour on the tenant’s clock.',
  },
  'api.contact.users.get': { note: 'unionId: "me" (or the token’s own user’s unionId).' },
  'api.oauth2.jsapiTickets': { note: 'DingTalk documents no body; none is needed.' },
  'login.oauth2.auth': {
    query: oauthLogin,
    answers: ['redirect', 'html'],
    note: 'In a browser: 302 to the QR card; inside the DingTalk client: consent, or straight back with the code.',
  },
  'login.oauth2.challenge': { query: oauthLogin, answers: ['html'] },
  'login.oauth2.continue': { query: sid, answers: ['redirect', 'html'] },
  'login.oauth2.consent': {
    body: sid.extend({ decision: z.enum(['agree', 'deny']).describe('同意 or 拒绝') }),
    answers: ['redirect', 'html'],
  },
  'login.shim.ddlogin': { answers: ['script'], note: 'A stand-in for DingTalk’s DTFrameLogin script.' },
  'login.qrcode': {
    query: z.object({ goto: text().describe('the sns_authorize URL, URL-encoded') }),
    answers: ['html'],
  },
  'login.shim.ddLogin': { answers: ['script'], note: 'A stand-in for DingTalk’s legacy DDLogin script.' },
  'login.phone': {
    query: sid.extend({ q: text().optional().describe('filter the people to pick') }),
    answers: ['html'],
    note: 'The sandbox’s simulated phone (what the QR code opens).',
  },
  'login.phone.scan': { body: sid.extend({ userid: text() }), answers: ['redirect', 'html'] },
  'login.phone.confirm': { body: sid, answers: ['redirect', 'html'] },
  'login.phone.cancel': { body: sid, answers: ['redirect', 'html'] },
};
