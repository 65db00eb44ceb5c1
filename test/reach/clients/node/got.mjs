// Unmodified client: got on DingTalk's real URLs. Prints {legacy, modern} tokens.
import got from 'got';
const { APPKEY: key, APPSECRET: secret } = process.env;
const legacy = await got(`https://oapi.dingtalk.com/gettoken?appkey=${key}&appsecret=${secret}`).json();
const modern = await got
  .post('https://api.dingtalk.com/v1.0/oauth2/accessToken', { json: { appKey: key, appSecret: secret } })
  .json();
console.log(JSON.stringify({ legacy: legacy.access_token, modern: modern.accessToken }));
