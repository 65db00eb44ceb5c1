// Unmodified client: a `ws` WebSocket to DingTalk Stream's gateway with a ticket it never got:
// prints the refused upgrade's HTTP answer (or the error) once the TLS handshake has been made.
import WebSocket from 'ws';
const ws = new WebSocket('wss://wss-open-connection.dingtalk.com/connect?ticket=sandbox-test');
ws.on('upgrade', () => console.log(JSON.stringify({ upgraded: true })));
ws.on('open', () => ws.close());
ws.on('unexpected-response', (_req, res) => {
  let body = '';
  res.on('data', (d) => (body += d));
  res.on('end', () => {
    console.log(JSON.stringify({ status: res.statusCode, body }));
    process.exit(0);
  });
});
ws.on('error', (e) => {
  console.log(JSON.stringify({ error: e.message }));
  process.exit(0);
});
