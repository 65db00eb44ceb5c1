/**
 * A bot's Stream connection for the benchmark, on a raw `ws` client speaking the protocol
 * (docs/dingtalk/stream.md): `POST /v1.0/gateway/connections/open` with the app's credentials, then
 * `ws://…/connect?ticket=`; every CALLBACK and SYSTEM ping is acked by its messageId at once, as the
 * official SDK does. Optionally the client pings at the WebSocket level too (the SDK's keep-alive).
 */
import { once } from 'node:events';
import WebSocket from 'ws';
import { callJson } from './http.ts';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

export interface DownFrame {
  type: string;
  headers: Record<string, string>;
  data: string;
}

export interface BotClient {
  ws: WebSocket;
  /** CALLBACK frames acked, SYSTEM pings acked, WebSocket pongs received. */
  counts: { callbacks: number; pings: number; pongs: number };
  /** The first CALLBACK frame, as received (the bare server's template). */
  firstCallback?: DownFrame;
  close(): Promise<void>;
}

export async function connectBot(
  base: string,
  app: { appKey: string; appSecret: string },
  opts: { wsPingMs?: number } = {},
): Promise<BotClient> {
  const { status, body } = await callJson(base, {
    method: 'POST',
    path: '/v1.0/gateway/connections/open',
    json: {
      clientId: app.appKey,
      clientSecret: app.appSecret,
      subscriptions: [
        { type: 'SYSTEM', topic: '*' },
        { type: 'CALLBACK', topic: TOPIC_ROBOT },
      ],
      ua: 'dingtalk-sandbox-bench/1',
    },
  });
  const { endpoint, ticket } = body as { endpoint?: string; ticket?: string };
  if (status !== 200 || !endpoint || !ticket)
    throw new Error(`connections/open answered ${status} ${JSON.stringify(body).slice(0, 200)}`);
  const ws = new WebSocket(`${endpoint}?ticket=${encodeURIComponent(ticket)}`, { perMessageDeflate: false });
  await once(ws, 'open');
  const client = answering(ws);
  if (opts.wsPingMs) {
    const pinger = setInterval(() => ws.readyState === WebSocket.OPEN && ws.ping(), opts.wsPingMs);
    ws.on('close', () => clearInterval(pinger));
  }
  return client;
}

/** The bare echo server's client: the same acks, on a plain WebSocket URL. */
export async function connectBare(url: string): Promise<BotClient> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await once(ws, 'open');
  return answering(ws);
}

/** Ack every CALLBACK and SYSTEM ping by its messageId, at once; count what came. */
function answering(ws: WebSocket): BotClient {
  const client: BotClient = {
    ws,
    counts: { callbacks: 0, pings: 0, pongs: 0 },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      const closed = once(ws, 'close');
      ws.close(1000, 'bench done');
      await closed;
    },
  };
  const ack = (messageId: string, data: string) =>
    ws.send(
      JSON.stringify({
        code: 200,
        headers: { contentType: 'application/json', messageId },
        message: 'OK',
        data,
      }),
    );
  ws.on('message', (raw: Buffer) => {
    const frame = JSON.parse(raw.toString('utf8')) as DownFrame;
    if (frame.type === 'CALLBACK') {
      client.counts.callbacks++;
      client.firstCallback ??= frame;
      ack(frame.headers.messageId!, '{"response":null}');
    } else if (frame.type === 'SYSTEM' && frame.headers.topic === 'ping') {
      client.counts.pings++;
      ack(frame.headers.messageId!, frame.data);
    }
  });
  ws.on('pong', () => client.counts.pongs++);
  return client;
}
