// Unmodified client: the official @alicloud/dingtalk SDK with its default endpoint (api.dingtalk.com, https).
import openapi from '@alicloud/openapi-client';
import oauth2 from '@alicloud/dingtalk/dist/oauth2_1_0/client.js';
const { APPKEY: key, APPSECRET: secret } = process.env;
const config = new openapi.Config({});
config.protocol = 'https';
config.regionId = 'central';
const client = new oauth2.default(config);
const res = await client.getAccessToken(new oauth2.GetAccessTokenRequest({ appKey: key, appSecret: secret }));
console.log(JSON.stringify({ modern: res.body.accessToken }));
