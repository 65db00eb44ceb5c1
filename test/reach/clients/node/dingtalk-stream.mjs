// Unmodified client: the dingtalk-stream SDK's own robot example (open-dingtalk/dingtalk-stream-sdk-nodejs,
// example/index.js), its credentials from the environment instead of config.json, and one line added
// to report the reply's answer and exit. Its gateway URL (https://api.dingtalk.com) and the
// sessionWebhook it replies to (https://oapi.dingtalk.com) reach the sandbox through the register hook.
import { DWClient, TOPIC_ROBOT } from 'dingtalk-stream';
import axios from 'axios';

const config = { clientId: process.env.APPKEY, clientSecret: process.env.APPSECRET };

const client = new DWClient({
  clientId: config.clientId,
  clientSecret: config.clientSecret,
});
client
  .registerCallbackListener(TOPIC_ROBOT, async (res) => {
    // 注册机器人回调事件
    console.log('收到消息');
    // const {messageId} = res.headers;
    const { text, senderStaffId, sessionWebhook } = JSON.parse(res.data);
    const body = {
      at: {
        atUserIds: [senderStaffId],
        isAtAll: false,
      },
      text: {
        content: 'nodejs-getting-started say : 收到，' + text?.content || '钉钉,让进步发生',
      },
      msgtype: 'text',
    };

    const result = await axios({
      url: sessionWebhook,
      method: 'POST',
      responseType: 'json',
      data: body,
      headers: {
        'x-acs-dingtalk-access-token': client.getConfig().access_token,
      },
    });

    console.log(JSON.stringify({ sessionWebhook, reply: result.data }));
    process.exit(0); // (added)
    return result.data;
  })
  .connect();
