/**
 * startProxy(options) → { url, port, server, stop }: an HTTP proxy for clients that honour
 * HTTPS_PROXY / HTTP_PROXY (curl, Python, Java, Go …), answering DingTalk's hosts from the sandbox.
 *
 * - `CONNECT oapi.dingtalk.com:443` (any `*.dingtalk.com`): 200, then TLS is terminated here with the
 *   sandbox CA's leaf certificate and the decrypted requests go to the sandbox's request listener,
 *   their Host header still naming the DingTalk host (which the app routes by).
 * - `GET http://oapi.dingtalk.com/…` (absolute form) and `CONNECT <dingtalk host>:80`: the same, plain.
 * - Anything else: 403 (400 when malformed) with one line saying why. The proxy never opens a
 *   connection anywhere: every answer comes from the sandbox in this process.
 */
import { once } from 'node:events';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { absoluteTarget, connectTarget } from './targets.ts';

export interface ProxyOptions {
  /** The sandbox's request listener (`createSandbox().handler`, the running server's). */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Key and certificate (PEM) for the DingTalk host names — the sandbox CA's leaf
   * (`authority.serverOptions()`). Without them a CONNECT to port 443 is refused (503).
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** WebSocket upgrades inside a tunnel (Stream's gateway, once the sandbox has one). */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  port?: number;
  /** Interface to listen on; loopback by default. */
  host?: string;
  logger?: Logger;
}

export interface RunningProxy {
  /** The proxy's URL, for HTTPS_PROXY / HTTP_PROXY: `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const { handler, logger } = options;
  // Never listening: they get the tunnels' sockets ('connection') and parse what comes through.
  const plain = createServer(handler);
  const secure = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : null;
  const inner = secure ? [plain, secure] : [plain];
  for (const s of inner) {
    s.on('clientError', (_err, socket: Duplex) => socket.destroy());
    if (options.onUpgrade) s.on('upgrade', options.onUpgrade);
  }
  secure?.on('tlsClientError', (err: Error, socket: Duplex) => {
    logger?.debug(
      { err: err.message },
      'proxy: TLS handshake failed (does the client trust the sandbox CA?)',
    );
    socket.destroy();
  });

  const refused = (how: string, status: number, reason: string): void => {
    logger?.info({ status }, `proxy: ${how} ${reason}`);
  };

  const proxy = createServer((req, res) => {
    const decision = absoluteTarget(req.url ?? '');
    if (!decision.ok) {
      refused(req.method ?? 'GET', decision.status, decision.reason);
      res.writeHead(decision.status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(`${decision.reason}\n`);
      return;
    }
    req.url = decision.path;
    req.headers.host = decision.target.host;
    delete req.headers['proxy-connection'];
    delete req.headers['proxy-authorization'];
    handler(req, res);
  });
  proxy.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const decision = connectTarget(req.url ?? '');
    if (!decision.ok) {
      refused('CONNECT', decision.status, decision.reason);
      refuseTunnel(socket, decision.status, decision.reason);
      return;
    }
    const { tls } = decision.target;
    if (tls && !secure) {
      const reason =
        'no certificate for the DingTalk hosts: start the proxy with the sandbox CA (serve --proxy)';
      refused('CONNECT', 503, reason);
      refuseTunnel(socket, 503, reason);
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    (tls ? secure! : plain).emit('connection', socket);
  });
  proxy.on('clientError', (_err, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });
  const sockets = new Set<Socket>();
  proxy.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  proxy.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  try {
    await once(proxy, 'listening');
  } catch (e) {
    // Which option names this port, for the CLI's one-line error (config/failure.ts).
    throw Object.assign(e as Error, { option: '--proxy-port' });
  }
  const { port } = proxy.address() as AddressInfo;
  const host =
    options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  let stopped: Promise<void> | null = null;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server: proxy,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        for (const s of [proxy, ...inner]) s.closeIdleConnections();
        // Tunnels are raw sockets to the proxy: in-flight requests get a moment, then they go.
        setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 1_000).unref();
      });
      return stopped;
    },
  };
}

/** A refused CONNECT: the status and one line of text, then the connection is closed. */
function refuseTunnel(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}
