/**
 * Stream mode's WebSocket endpoint (`GET /connect?ticket=`, docs/dingtalk/stream.md), attached to the
 * `upgrade` event of the sandbox's listeners: plain (`ws://127.0.0.1:3700/connect`), TLS
 * (`wss://wss-open-connection.dingtalk.com/connect` via the register hook or a hosts file) and the
 * proxy's tunnels. The ticket names the tenant and app; a missing, unknown, used or expired ticket is
 * refused before the handshake (401 authFailed in the new host's envelope, U) and journaled with why.
 * What flows afterwards is the tenant's StreamHub's business (domain/bots/stream-hub.ts); this file
 * only turns a socket into a StreamLink and text frames into acks.
 */
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseAck } from '../../domain/bots/stream-frames.ts';
import { STREAM_DEFAULTS, type StreamLink } from '../../domain/bots/stream-hub.ts';
import type { StreamTicket } from '../../domain/bots/stream-tickets.ts';
import { because, type Reason } from '../../domain/errors.ts';
import { newRequestId } from '../../domain/ids.ts';
import type { Journal } from '../../domain/journal/journal.ts';
import { redactUrl } from '../../domain/journal/redact.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { apiBody } from '../../errcodes.ts';
import { isDingTalkHost } from '../../tls/names.ts';

export const STREAM_PATH = '/connect';

export interface StreamServer {
  /** For a server's (or the proxy's) `upgrade` event. */
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Every Stream socket closed (the sandbox stops). */
  close(): void;
}

export function createStreamServer(opts: {
  sandbox: Sandbox;
  logger?: Logger;
  /** Largest upstream frame (default: the hub's `maxFrameBytes`, 1 MiB). */
  maxFrameBytes?: number;
  /**
   * The listener's own request handler: a request on any other path that merely carries `Upgrade:`
   * is an ordinary HTTP request (Node hands every Upgrade request to `upgrade`, not `request`).
   */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
}): StreamServer {
  const { sandbox, logger } = opts;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: opts.maxFrameBytes ?? sandbox.options.bots?.maxFrameBytes ?? STREAM_DEFAULTS.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: true,
  });

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const secure = Boolean((socket as Duplex & { encrypted?: boolean }).encrypted);
    const host = req.headers.host ?? '';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    } catch {
      // A target that is no URL: refused as the request listener refuses one (http/app.ts), and as
      // Node refuses what its parser cannot read — 400, no body, the connection closed.
      return refuseUnreadable(socket);
    }
    if (url.pathname !== STREAM_PATH) {
      if (opts.fallback) return answerPlainly(req, socket, head, opts.fallback);
      const { status, body } = apiBody('unknownApi', {});
      return refuse(socket, status, body);
    }
    const ticket = url.searchParams.get('ticket') ?? '';
    const found = findTicket(sandbox, ticket);
    if (!found) {
      const why = ticket
        ? because(
            `ticket ${ticket} 不是本沙箱发放的（或早已过期被清理）`,
            `ticket ${ticket} was never issued by this sandbox (or expired long ago)`,
          )
        : because('连接地址缺少 ticket 参数', 'the connection URL has no ticket parameter');
      const t = sandbox.defaultTenant;
      journalHandshake(t?.journal ?? sandbox.unattributed, t?.clock.now() ?? Date.now(), req, why);
      return refuse(socket, 401, apiBody('streamAuthFailed', {}).body);
    }
    const { tenant } = found;
    const redeemed = tenant.bots.tickets.redeem(ticket, tenant.clock.now());
    if (!redeemed.ok) {
      journalHandshake(tenant.journal, tenant.clock.now(), req, redeemed.why);
      return refuse(socket, 401, apiBody('streamAuthFailed', {}).body);
    }
    const oapiBase = isDingTalkHost(host.replace(/:\d+$/, ''))
      ? `${secure ? 'https' : 'http'}://oapi.dingtalk.com`
      : `${secure ? 'https' : 'http'}://${host}`;
    wss.handleUpgrade(req, socket, head, (ws) =>
      serve(ws, { tenant, ticket: redeemed.ticket, oapiBase, logger }),
    );
  }

  return {
    onUpgrade,
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function serve(
  ws: WebSocket,
  {
    tenant,
    ticket,
    oapiBase,
    logger,
  }: { tenant: Tenant; ticket: StreamTicket; oapiBase: string; logger?: Logger },
): void {
  const hub = tenant.bots.hub;
  const link: StreamLink = {
    id: randomUUID(),
    appKey: ticket.appKey,
    subscriptions: ticket.subscriptions,
    oapiBase,
    send: (frame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    },
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
  };
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      hub.badFrame(
        link.id,
        because(
          '收到二进制帧：Stream 协议只使用 JSON 文本帧',
          'a binary frame: Stream speaks JSON text frames only',
        ),
      );
      return;
    }
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Buffer.concat(data as Buffer[]).toString('utf8');
    const parsed = parseAck(text);
    if (parsed.ok) hub.ack(link.id, parsed.ack);
    else hub.badFrame(link.id, parsed.why);
  });
  let why: Reason | undefined;
  ws.on('error', (err: Error & { code?: string }) => {
    // ws closes the socket itself after these (1009 for an oversized frame, 1002 for a protocol error).
    why =
      err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
        ? because(
            `上行帧超过 ${hub.options.maxFrameBytes} 字节，连接以 1009 关闭`,
            `an upstream frame over ${hub.options.maxFrameBytes} bytes: the connection is closed with 1009`,
          )
        : because(
            `WebSocket 协议错误，连接关闭：${err.message}`,
            `WebSocket protocol error, connection closed: ${err.message}`,
          );
    hub.badFrame(link.id, why);
    logger?.debug({ err: err.message, code: err.code }, 'stream: socket error');
  });
  ws.on('close', (code: number) => {
    hub.detach(link.id, why ?? because(`Stream 连接已关闭（${code}）`, `Stream connection closed (${code})`));
  });
  hub.attach(link);
}

/** The tenant (and app) that issued a ticket. */
function findTicket(sandbox: Sandbox, ticket: string): { tenant: Tenant } | undefined {
  if (!ticket) return undefined;
  for (const tenant of sandbox.listTenants()) if (tenant.bots.tickets.has(ticket)) return { tenant };
  return undefined;
}

/** A refused handshake in the journal (the ticket masked: it is a credential for 90 s). */
function journalHandshake(journal: Journal, at: number, req: IncomingMessage, why: Reason): void {
  journal.record({
    at,
    requestId: newRequestId(),
    host: 'stream',
    method: 'GET',
    path: redactUrl(req.url ?? ''),
    route: 'stream.connect',
    status: 401,
    outcome: 'refused',
    code: 'authFailed',
    reason: why.en,
    reasonZh: why.zh,
    ip: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
    durationMs: 0,
  });
}

/** A refused handshake: the status and a JSON body with a requestid, then the socket is closed. */
function refuse(socket: Duplex, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify({ ...body, requestid: newRequestId() });
  const reason = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Bad Request';
  endWith(
    socket,
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json;charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

/** What Node answers a request its parser cannot read: 400, no body, the socket closed. */
function refuseUnreadable(socket: Duplex): void {
  endWith(socket, 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}

/** Writes a whole raw answer and closes the socket once it is out (at once when it cannot be written). */
function endWith(socket: Duplex, answer: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(answer);
}

/** The response of an earlier request on this connection that is still being written, if any. */
function answerOwning(socket: Duplex): ServerResponse | null | undefined {
  return (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
}

/**
 * Answer an Upgrade request as the plain HTTP request it also is. Node has stopped parsing at the
 * headers (the request reads as empty, the body sits in `head` and on the socket), so the handler gets
 * a copy of the request carrying the body, and the answer is written on a response made for it; the
 * connection closes after.
 */
function answerPlainly(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  const length = Number.isSafeInteger(declared) && declared > 0 ? Math.min(declared, 1 << 20) : 0;
  const chunks: Buffer[] = [head];
  let got = head.length;
  const run = () => {
    const copy = new IncomingMessage(socket as Socket);
    Object.assign(copy, {
      method: req.method,
      url: req.url,
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      httpVersion: req.httpVersion,
      httpVersionMajor: req.httpVersionMajor,
      httpVersionMinor: req.httpVersionMinor,
      complete: true,
    });
    if (length > 0) copy.push(Buffer.concat(chunks).subarray(0, length));
    copy.push(null);
    const res = new ServerResponse(copy);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.on('finish', () => {
      res.detachSocket(socket as Socket);
      socket.end();
    });
    handler(copy, res);
  };
  // An Upgrade request pipelined behind ordinary ones: their answers still own the socket in turn
  // (Node throws on a second response), so this one is answered once the last of them is out — in
  // order, as HTTP/1.1 answers pipelined requests. (Node's own 'finish' listener, added first, frees
  // the socket or hands it to the next answer.)
  const whenFree = (): void => {
    const owner = answerOwning(socket);
    if (!owner) return run();
    owner.once('finish', () => (answerOwning(socket) === owner ? socket.destroy() : whenFree()));
  };
  const more = (chunk: Buffer) => {
    chunks.push(chunk);
    got += chunk.length;
    if (got >= length) {
      socket.off('data', more);
      whenFree();
    }
  };
  if (got >= length) return whenFree();
  // A client that never sends the body it announced is let go (no parser timeout guards this socket).
  (socket as Socket).setTimeout(10_000, () => socket.destroy());
  socket.on('data', more);
}
