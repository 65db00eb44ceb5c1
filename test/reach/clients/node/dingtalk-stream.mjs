// Unmodified client: the dingtalk-stream SDK (hard-coded oapi/api URLs). Its access token comes from
// https://oapi.dingtalk.com/gettoken; the gateway (Stream) is not in the sandbox yet, so the
// connection request gets the sandbox's own answer.
import { DWClient } from 'dingtalk-stream';
const { APPKEY: clientId, APPSECRET: clientSecret } = process.env;
const client = new DWClient({ clientId, clientSecret, autoReconnect: false });
const legacy = await client.getAccessToken();
const gateway = await client.getEndpoint().then(
  () => ({ status: 200 }),
  (e) => ({ status: e.response?.status, body: e.response?.data }),
);
console.log(JSON.stringify({ legacy, gateway }));
