// Unmodified client: axios on DingTalk's real URLs. Prints {legacy, modern} tokens.
import axios from 'axios';
const { APPKEY: key, APPSECRET: secret } = process.env;
const legacy = await axios.get(`https://oapi.dingtalk.com/gettoken?appkey=${key}&appsecret=${secret}`);
const modern = await axios.post('https://api.dingtalk.com/v1.0/oauth2/accessToken', {
  appKey: key,
  appSecret: secret,
});
console.log(JSON.stringify({ legacy: legacy.data.access_token, modern: modern.data.accessToken }));
