// Unmodified client: Node's fetch (undici) on DingTalk's real URLs. Prints {legacy, modern} tokens.
const { APPKEY: key, APPSECRET: secret } = process.env;
const legacy = await fetch(`https://oapi.dingtalk.com/gettoken?appkey=${key}&appsecret=${secret}`).then((r) =>
  r.json(),
);
const modern = await fetch('https://api.dingtalk.com/v1.0/oauth2/accessToken', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ appKey: key, appSecret: secret }),
}).then((r) => r.json());
console.log(JSON.stringify({ legacy: legacy.access_token, modern: modern.accessToken }));
