// A host that is not DingTalk's stays where the client sends it: https://localhost:<OTHER_PORT>.
import fs from 'node:fs';
import https from 'node:https';
https
  .get(
    `https://localhost:${process.env.OTHER_PORT}/`,
    { ca: fs.readFileSync(process.env.OTHER_CA) },
    (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => console.log(JSON.stringify({ status: res.statusCode, body })));
    },
  )
  .on('error', (e) => console.log(JSON.stringify({ error: e.message })));
