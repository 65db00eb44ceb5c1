// The Stream benchmark's reference: a bare `ws` server (no tickets, no hub, no journal, no chats) that
// pushes a frame of the same size as the sandbox's CALLBACK — the captured frame itself, its messageId
// replaced — to the one connected client and reads its acks. Started like the sandbox: node on plain
// JS, under fork().
//   node scripts/bench/bare-ws.mjs
// Reports {type:'ready', port, url}; answers {type:'usage'}, {type:'stop'} and
// {type:'streamPush', count, window, frame} with {type:'streamPushed', …} (push-loop.mjs).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';
import { WebSocketServer } from 'ws';
import { pushLoop } from './push-loop.mjs';

const server = createServer((req, res) => {
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
let client;
let loop;
wss.on('connection', (ws) => {
  client = ws;
  ws.on('message', (data) => {
    // Read the ack as the sandbox reads one: JSON, headers.messageId.
    let messageId;
    try {
      messageId = JSON.parse(data.toString('utf8'))?.headers?.messageId;
    } catch {
      return;
    }
    if (typeof messageId === 'string') loop?.acked(messageId);
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.send?.({ type: 'ready', port, url: `http://127.0.0.1:${port}` });
});

/** An id as long as the sandbox's (`212b9d7c_165f_19bfa1a500a_1461def`). */
const idOf = (i, length) => `${i.toString(16)}_${randomUUID()}`.slice(0, length).padEnd(length, '0');

process.on('message', (msg) => {
  if (msg?.type === 'streamPush') {
    const frame = msg.frame;
    const length = frame.headers.messageId.length;
    loop = pushLoop({
      count: msg.count,
      window: msg.window,
      push: (i) => {
        const id = idOf(i, length);
        frame.headers.messageId = id;
        frame.headers.time = String(Date.now());
        client?.send(JSON.stringify(frame));
        return id;
      },
    });
    void loop.done.then((r) => process.send?.({ type: 'streamPushed', ...r }));
  }
  if (msg?.type === 'usage') {
    if (msg.gc && typeof globalThis.gc === 'function') globalThis.gc();
    const cpu = process.cpuUsage();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ type: 'usage', rss, heapUsed, cpuUs: cpu.user + cpu.system });
  }
  if (msg?.type === 'stop') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
