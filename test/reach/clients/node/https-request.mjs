// Unmodified client: node:https request() on DingTalk's real URLs. Prints {legacy, modern} tokens.
import https from 'node:https';
const { APPKEY: key, APPSECRET: secret } = process.env;
function call(url, body) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body && JSON.stringify(body));
  });
}
const legacy = await call(`https://oapi.dingtalk.com/gettoken?appkey=${key}&appsecret=${secret}`);
const modern = await call('https://api.dingtalk.com/v1.0/oauth2/accessToken', {
  appKey: key,
  appSecret: secret,
});
console.log(JSON.stringify({ legacy: legacy.access_token, modern: modern.accessToken }));
