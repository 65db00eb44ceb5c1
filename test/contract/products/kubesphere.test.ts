/**
 * KubeSphere's notification-manager (kubesphere/notification-manager) sending alerts to DingTalk,
 * replaying its own requests from pkg/notify/notifier/dingtalk/dingtalk.go with pkg/utils/json.go and
 * pkg/utils/http.go:
 *
 * - getToken(): `GET https://oapi.dingtalk.com/gettoken?appkey=…&appsecret=…` built by
 *   url.Values.Encode (keys sorted), with a `Content-Type: application/json` header and no body; it
 *   reads `errcode`, `errmsg`, `access_token`.
 * - sendToConversation(): `POST /chat/send?access_token=…`, Content-Type application/json, the body
 *   written by json-iterator's Encoder (ConfigDefault: `<`, `>`, `&` escaped as \u003c \u003e \u0026,
 *   a trailing newline) from the struct {text|markdown, chatid, msgtype, at} — the 2015 flat form,
 *   no `msg` wrapper, `"at":{}` since a struct is never omitted; it reads `errcode`, `errmsg`.
 * - sendToChatBot(): `POST <webhook>&timestamp=…&sign=…` where calcSign() URL-escapes the base64
 *   HMAC and UrlWithParameters() escapes it again (values.Encode), and `atMobiles` are the 11
 *   characters after each "@" of the message; it reads `errcode`, `errmsg`, `status`.
 */
import { describe, expect, it } from 'vitest';
import { robotSign } from '../../../mock-server/src/domain/signatures/robot.ts';
import { makeSandbox, type TestSandbox } from '../../helpers/sandbox.ts';

/** What Go's net/http client puts on a request. */
const GO_HEADERS = { 'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'gzip' };

/** json-iterator ConfigDefault's Encoder.Encode: compact, HTML characters escaped, a newline after. */
function jsoniterEncode(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026') + '\n';
}

/** Go's url.QueryEscape (space as "+", the unreserved set left alone). */
const goQueryEscape = (s: string) =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');

async function kubesphereToken(s: TestSandbox): Promise<string> {
  const q = `appkey=${goQueryEscape(s.main.appKey)}&appsecret=${goQueryEscape(s.main.appSecret)}`;
  const r = await s.request('GET', `/gettoken?${q}`, {
    headers: { ...GO_HEADERS, 'content-type': 'application/json' },
  });
  const res = r.json() as { errcode: number; errmsg: string; access_token: string };
  expect(r.statusCode).toBe(200);
  expect(res.errcode).toBe(0);
  return res.access_token;
}

/** sendToConversation's send(chatID, msg): the res.Code != 0 check is all it looks at. */
async function sendToConversation(s: TestSandbox, token: string, body: unknown) {
  const r = await s.request('POST', `/chat/send?access_token=${goQueryEscape(token)}`, {
    body: jsoniterEncode(body),
    headers: { ...GO_HEADERS, 'content-type': 'application/json' },
  });
  expect(r.statusCode).toBe(200);
  return r.json() as { errcode: number; errmsg: string };
}

const ALERT = '[1] Firing\nalertname = KubePodCrashLooping\npod <nginx-7d9> restarts > 5 & rising';

describe('KubeSphere notification-manager → DingTalk (pkg/notify/notifier/dingtalk/dingtalk.go)', () => {
  it('sendToConversation: a text alert in the flat {text, chatid, msgtype, at} form lands in the group as the app', async () => {
    const s = makeSandbox();
    s.main.scopes.push('qyapi_chat_manage');
    const token = await kubesphereToken(s);
    const chat = s.tenant.messaging.chats.list()[0]!;
    const res = await sendToConversation(s, token, {
      text: { content: ALERT },
      chatid: chat.chatid,
      msgtype: 'text',
      at: {},
    });
    expect(res).toMatchObject({ errcode: 0, errmsg: 'ok' });
    const [m] = s.tenant.messaging.chats.messagesOf(chat.openConversationId);
    expect(m!.content).toEqual({ type: 'text', content: ALERT });
    expect(m!.sender).toMatchObject({ kind: 'app', appKey: s.main.appKey, name: '观远BI' });
  });

  it('sendToConversation: tmplType markdown sends {markdown{title "Alert Notice", text}, chatid, msgtype, at}', async () => {
    const s = makeSandbox();
    s.main.scopes.push('qyapi_chat_manage');
    const token = await kubesphereToken(s);
    const chat = s.tenant.messaging.chats.list()[0]!;
    const text = '### KubePodCrashLooping\n- **pod**: <nginx-7d9>\n- restarts > 5 & rising';
    const res = await sendToConversation(s, token, {
      markdown: { title: 'Alert Notice', text },
      chatid: chat.chatid,
      msgtype: 'markdown',
      at: {},
    });
    expect(res.errcode).toBe(0);
    const [m] = s.tenant.messaging.chats.messagesOf(chat.openConversationId);
    expect(m!.content).toEqual({ type: 'markdown', title: 'Alert Notice', text });
  });

  it('sendToConversation: messages split at ConversationMessageMaxSize (5000) are taken whole', async () => {
    const s = makeSandbox();
    s.main.scopes.push('qyapi_chat_manage');
    const token = await kubesphereToken(s);
    const chat = s.tenant.messaging.chats.list()[0]!;
    const res = await sendToConversation(s, token, {
      text: { content: 'x'.repeat(5000) },
      chatid: chat.chatid,
      msgtype: 'text',
      at: {},
    });
    expect(res.errcode).toBe(0);
  });

  it('sendToConversation: a chatid the sandbox never made answers 34013, which notification-manager logs as errcode/errmsg', async () => {
    const s = makeSandbox();
    s.main.scopes.push('qyapi_chat_manage');
    const token = await kubesphereToken(s);
    const res = await sendToConversation(s, token, {
      text: { content: ALERT },
      chatid: `chat${'ab'.repeat(16)}`,
      msgtype: 'text',
      at: {},
    });
    expect(res).toMatchObject({ errcode: 34013, errmsg: '找不到群会话对象' });
  });

  it('sendToConversation: an app without qyapi_chat_manage is refused 88/60011 naming the point', async () => {
    const s = makeSandbox();
    const token = await kubesphereToken(s);
    const chat = s.tenant.messaging.chats.list()[0]!;
    const res = await sendToConversation(s, token, {
      text: { content: ALERT },
      chatid: chat.chatid,
      msgtype: 'text',
      at: {},
    });
    expect(res.errcode).toBe(88);
    expect(JSON.stringify(res)).toContain('requiredScopes=[qyapi_chat_manage]');
  });

  it('sendToChatBot: the signed robot takes the sign calcSign() escapes and UrlWithParameters() escapes again', async () => {
    const s = makeSandbox();
    const robot = s.tenant.messaging.robots.listRobots().find((r) => r.secret)!;
    const timestamp = String(s.tenant.clock.now());
    // calcSign(): url.QueryEscape(base64(hmac)); then values.Set + values.Encode() escapes it once more.
    // (A 32-byte HMAC in base64 always ends in "=", so the double escape always shows: %253D.)
    const sign = goQueryEscape(robotSign(robot.secret, timestamp));
    const query = `access_token=${robot.accessToken}&sign=${goQueryEscape(sign)}&timestamp=${timestamp}`;
    const body = jsoniterEncode({
      text: { content: `${ALERT}\n@13800000000` },
      msgtype: 'text',
      at: { atMobiles: ['13800000000'] },
    });
    const r = await s.request('POST', `/robot/send?${query}`, {
      body,
      headers: { ...GO_HEADERS, 'content-type': 'application/json' },
    });
    const res = r.json() as { errcode: number; errmsg: string; status?: number };
    expect(res).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(res.status ?? 0).toBe(0);
  });
});
