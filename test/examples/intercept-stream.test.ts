/**
 * Example: a unit test of a bot built on the unmodified `dingtalk-stream` SDK, with the sandbox in the
 * same process (dingtalk-sandbox/intercept): the SDK's HTTPS calls to api.dingtalk.com and
 * oapi.dingtalk.com are intercepted, its WebSocket goes to the loopback port the gateway names.
 */
import axios from 'axios';
import { inject } from 'light-my-request';
import { DWClient, TOPIC_ROBOT } from 'dingtalk-stream';
import { afterEach, expect, it } from 'vitest';
import { interceptDingTalk, type Interception } from '../../mock-server/src/intercept.ts';

let dt: Interception | undefined;
let client: DWClient | undefined;
afterEach(() => {
  client?.disconnect();
  dt?.restore();
});

/** The bot under test: answers every message with its length, through the sessionWebhook. */
function startBot(clientId: string, clientSecret: string): DWClient {
  const bot = new DWClient({ clientId, clientSecret });
  bot.registerCallbackListener(TOPIC_ROBOT, async (res) => {
    const { text, sessionWebhook } = JSON.parse(res.data) as {
      text: { content: string };
      sessionWebhook: string;
    };
    bot.socketCallBackResponse(res.headers.messageId, { response: null });
    await axios.post(
      sessionWebhook,
      { msgtype: 'text', text: { content: `收到 ${text.content.trim().length} 个字` } },
      { headers: { 'x-acs-dingtalk-access-token': bot.getConfig().access_token } },
    );
  });
  return bot;
}

it('B3 in-process: the unmodified SDK connects, receives a person’s one-to-one message, and its reply lands in the chat', async () => {
  dt = interceptDingTalk({ allowNetConnect: /127\.0\.0\.1/ });
  const botApp = dt.defaultTenant.listApps().find((a) => a.robot)!;
  client = startBot(botApp.appKey, botApp.appSecret);
  await client.connect();
  expect(client.getConfig().endpoint).toMatchObject({
    endpoint: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/connect$/),
  });
  const deadline = Date.now() + 10_000;
  while (dt.defaultTenant.bots.hub.connections(botApp.appKey).length === 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
  // A person writes to the bot (the admin API; the console's chat page does the same).
  const sent = await inject(dt.handler, {
    method: 'POST',
    url: `/__sandbox/api/tenants/${dt.defaultTenant.corpId}/bots/${botApp.appKey}/messages`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ from: 'manager1471', conversation: { type: '1' }, text: '你好，沙箱' }),
  });
  expect(sent.statusCode).toBe(201);
  const { conversationId } = sent.json() as { conversationId: string };
  let replies: { content?: unknown }[] = [];
  while (replies.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    replies = dt.defaultTenant.bots.replies(conversationId, botApp.appKey) as { content?: unknown }[];
  }
  expect(JSON.stringify(replies[0])).toContain('收到 5 个字');
});
