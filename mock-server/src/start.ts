/**
 * startSandbox(options) → { url, sandbox, stop }: one process, one port, every DingTalk host.
 * Used by the CLI, the Playwright fixtures and the tests (port 0 picks a free port).
 */
import { once } from 'node:events';
import { type IncomingMessage, type ServerResponse, createServer, type Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { MessagingOptions } from './domain/messaging/messaging.ts';
import type { StreamOptions } from './domain/bots/stream-hub.ts';
import { STREAM_ROUTE_IDS } from './domain/bots/bots.ts';
import { createStreamServer } from './http/stream/ws-server.ts';
import { Sandbox } from './domain/tenancy/sandbox.ts';
import type { Tenant, TenantSnapshot } from './domain/tenancy/tenant.ts';
import { generateTenant } from './fixtures/generate.ts';
import { EVENT_HTTP_ROUTE, HttpEventPusher } from './events/http-pusher.ts';
import { ROBOT_HTTP_ROUTE, RobotHttpPusher, type RobotHttpOptions } from './events/robot-http-pusher.ts';
import { StreamEventPusher } from './events/stream-pusher.ts';
import { ALL_ROUTES, createApp } from './http/app.ts';
import { exposureNotice } from './http/admin/gate.ts';
import { createLogger, parserErrorFields } from './logger.ts';
import { readState, removeStaleTemps, StateFileError, StateStore } from './persistence.ts';
import { defaultSnapshot as committedDefault } from './snapshots.ts';

/** A Node request listener. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface SandboxOptions {
  port?: number;
  /** Bots in HTTP mode: push timeout, concurrency and queue bound (events/robot-http-pusher.ts). */
  robotHttp?: RobotHttpOptions;
  /** Interface to listen on; loopback by default so the admin API is not exposed. */
  host?: string;
  /** The default tenant: a snapshot object. Defaults to the committed default tenant. */
  snapshot?: TenantSnapshot;
  /** Instead of a snapshot, generate a default tenant of this many users. */
  users?: number;
  /**
   * Several tenants to start with (the config file's), the first being the default tenant and the one
   * new tenants are copied from; instead of `snapshot` / `users`. A saved state (statePath) wins.
   */
  tenants?: TenantSnapshot[];
  seed?: number;
  journalSize?: number;
  /** How often the QR login pages poll their status, in ms (default 500). */
  loginPollMs?: number;
  /** Inbox / delivery / chat caps, flow control and robot throttling per tenant. */
  messaging?: MessagingOptions;
  /** Stream mode: redelivery delay and count, queue bounds, ping and disconnect timing (domain/bots/). */
  bots?: StreamOptions;
  logger?: Logger;
  /**
   * Keep every tenant in this file across restarts (written atomically; admin and console changes
   * before they are answered, DingTalk calls within 250 ms); memory only when absent.
   */
  statePath?: string;
  /** Require this token (header `authorization: Bearer …` or `x-sandbox-admin-token`) on the admin API. */
  adminToken?: string;
  /**
   * Host names the admin API and the console answer besides loopback names and IP addresses (a
   * request naming any other host is refused: DNS rebinding). E.g. ['sandbox.qa.example'].
   */
  publicHosts?: string[];
  /**
   * Also listen with HTTPS for DingTalk's own host names (oapi/api/login/wss-open-connection and
   * *.dingtalk.com), with the local CA kept in `caDir` (default: tls/ca-dir.ts). Port 0 by default.
   */
  tls?: { port?: number; caDir?: string };
  /**
   * Also listen as an HTTP proxy for clients that honour HTTPS_PROXY / HTTP_PROXY (proxy/proxy.ts):
   * DingTalk's hosts answered here with the local CA's certificate, every other host refused, nothing
   * dialled. Port 0 by default; the CA folder is `tls.caDir`, else `proxy.caDir`, else the default.
   */
  proxy?: { port?: number; caDir?: string };
  /** The CA certificate GET /__sandbox/ca.pem serves (startSandbox sets it when `tls` is on). */
  caPem?: string;
}

export interface RunningSandbox {
  url: string;
  port: number;
  /** The listening HTTP server (its request listener is `createSandbox`'s handler). */
  server: Server;
  sandbox: Sandbox;
  /** The Koa application of the sandbox's own pages (console, admin API); DingTalk's hosts do not use it. */
  app: Koa;
  defaultTenant: Tenant;
  /** The HTTPS listener and the CA file, when started with `tls`. */
  tls?: { url: string; port: number; server: HttpsServer; caPath: string; caPem: string };
  /** The proxy (HTTPS_PROXY=url) and the CA file its clients trust, when started with `proxy`. */
  proxy?: { url: string; port: number; caPath: string };
  /** Pushes directory events as EVENT frames to apps subscribed with Stream push (tests tick it). */
  streamEventPusher: StreamEventPusher;
  stop(): Promise<void>;
}

/** The in-memory sandbox and its request listener, without a listening socket (for in-process use). */
export function createSandbox(options: SandboxOptions = {}): {
  sandbox: Sandbox;
  app: Koa;
  defaultTenant: Tenant;
  store: StateStore | null;
  /** The request listener (http/app.ts: the pipeline, or koa for /__sandbox/*): the server's, light-my-request's, intercept's. */
  handler: RequestHandler;
  /** Pushes directory events to apps' HTTP callback URLs (its timer never keeps the process alive). */
  eventPusher: HttpEventPusher;
  /** Pushes directory events over apps' Stream connections (EVENT frames; its timer never keeps the process alive). */
  streamEventPusher: StreamEventPusher;
  /** POSTs messages to bots in HTTP mode (their message URLs). */
  robotHttpPusher: RobotHttpPusher;
} {
  const logger = options.logger ?? createLogger('silent');
  const sandbox = new Sandbox({
    journalSize: options.journalSize,
    knownRoutes: () => [
      ...ALL_ROUTES.map((r) => r.id),
      ...STREAM_ROUTE_IDS,
      EVENT_HTTP_ROUTE,
      ROBOT_HTTP_ROUTE,
    ],
    loginPollMs: options.loginPollMs,
    messaging: options.messaging,
    bots: options.bots,
  });
  const snapshot =
    options.tenants?.[0] ??
    options.snapshot ??
    (options.users !== undefined
      ? generateTenant({ users: options.users, seed: options.seed })
      : committedDefault());
  if (options.statePath) {
    const removed = removeStaleTemps(options.statePath);
    if (removed.length) logger.info({ removed }, 'removed temporary state files of killed writers');
  }
  const saved = options.statePath ? readState(options.statePath) : null;
  if (saved && saved.tenants.length > 0) {
    for (const t of saved.tenants) {
      try {
        sandbox.addTenant(t);
      } catch (e) {
        const what = `tenant ${String(t?.corpId)}: ${e instanceof Error ? e.message : String(e)}`;
        throw new StateFileError(`state file ${options.statePath} cannot be loaded (${what})`, { cause: e });
      }
    }
    if (saved.defaultCorpId && sandbox.getTenant(saved.defaultCorpId))
      sandbox.defaultCorpId = saved.defaultCorpId;
  } else {
    for (const t of options.tenants?.length ? options.tenants : [snapshot]) sandbox.addTenant(t);
  }
  const store = options.statePath ? new StateStore(options.statePath, sandbox, logger) : null;
  // Admin and console writes are saved before they are answered; DingTalk calls soon after.
  const onChange = store
    ? (acknowledged?: boolean) => (acknowledged ? store.flushNow() : store.markDirty())
    : undefined;
  const { app, handler } = createApp({
    sandbox,
    logger,
    defaultSnapshot: () => snapshot,
    adminToken: options.adminToken,
    publicHosts: options.publicHosts,
    onChange,
    caPem: options.caPem,
  });
  store?.markDirty();
  const eventPusher = new HttpEventPusher(sandbox);
  eventPusher.start();
  const streamEventPusher = new StreamEventPusher(sandbox);
  streamEventPusher.start();
  const robotHttpPusher = new RobotHttpPusher(sandbox, options.robotHttp);
  robotHttpPusher.start();
  return {
    sandbox,
    app,
    defaultTenant: sandbox.defaultTenant!,
    store,
    handler,
    eventPusher,
    streamEventPusher,
    robotHttpPusher,
  };
}

/**
 * A request Node's HTTP parser refused (or a client that went away): logged at debug without its raw
 * bytes (logger.ts), then answered as Node does without a listener — 400, 431 or 408, and closed.
 */
function refuseClient(err: NodeJS.ErrnoException, socket: Socket, logger: Logger | undefined): void {
  if (err.code !== 'ECONNRESET') logger?.debug(parserErrorFields(err), 'request refused by the HTTP parser');
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !answering?.headersSent) {
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
          ? '413 Payload Too Large'
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? '408 Request Timeout'
            : '400 Bad Request';
    socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  }
  socket.destroy();
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  // TLS (tls/): loaded only when asked for, so a plain start reads none of it.
  const tlsKit = options.tls || options.proxy ? await import('./tls/index.ts') : null;
  const authority =
    tlsKit &&
    (await tlsKit.loadOrCreateAuthority(options.tls?.caDir ?? options.proxy?.caDir ?? tlsKit.defaultCaDir()));
  const { sandbox, app, defaultTenant, store, handler, eventPusher, streamEventPusher, robotHttpPusher } =
    createSandbox({
      ...options,
      caPem: authority?.caPem,
    });
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) =>
    refuseClient(err, socket, options.logger),
  );
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Stream mode's WebSocket (/connect?ticket=) on every listener: plain, TLS and the proxy's tunnels.
  const stream = createStreamServer({ sandbox, logger: options.logger, fallback: handler });
  server.on('upgrade', stream.onUpgrade);
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const tlsListener =
    tlsKit && authority && options.tls
      ? await tlsKit.listenTls({
          authority,
          handler,
          port: options.tls?.port ?? 0,
          host: options.host ?? '127.0.0.1',
        })
      : null;
  for (const s of tlsListener ? [tlsListener.server] : []) {
    s.on('upgrade', stream.onUpgrade);
    s.on('tlsClientError', (err: NodeJS.ErrnoException) =>
      options.logger?.debug({ err: err.message }, 'TLS handshake refused'),
    );
    s.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) =>
      refuseClient(err, socket, options.logger),
    );
    s.on('secureConnection', (c: Socket) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
    });
  }
  // The proxy (proxy/, loaded only when asked for): the same handler behind CONNECT; nothing dialled.
  const proxyKit = options.proxy ? await import('./proxy/proxy.ts') : null;
  const proxy =
    proxyKit && authority
      ? await proxyKit
          .startProxy({
            handler,
            tls: authority.serverOptions(),
            port: options.proxy?.port ?? 0,
            host: options.host ?? '127.0.0.1',
            logger: options.logger,
            onUpgrade: stream.onUpgrade,
          })
          .catch((e: unknown) => {
            // Not left half-started: the listeners already open close again (a port in use, say).
            server.close();
            tlsListener?.server.close();
            throw e;
          })
      : null;
  const exposure = exposureNotice(options.host ?? '127.0.0.1', options.adminToken);
  if (exposure) options.logger?.warn(exposure);
  const { port } = server.address() as AddressInfo;
  const host =
    options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let stopped: Promise<void> | null = null;
  return {
    url,
    port,
    server,
    sandbox,
    app,
    defaultTenant,
    streamEventPusher,
    ...(tlsListener && {
      tls: { ...tlsListener, caPath: authority!.caPath, caPem: authority!.caPem },
    }),
    ...(proxy && { proxy: { url: proxy.url, port: proxy.port, caPath: authority!.caPath } }),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        stream.close();
        tlsListener?.server.close();
        tlsListener?.server.closeIdleConnections();
        void proxy?.stop();
        void eventPusher.stop();
        void robotHttpPusher.stop();
        streamEventPusher.stop();
        server.close(() => {
          store?.flush();
          resolve();
        });
        // Idle keep-alive sockets would hold close() open; in-flight requests finish first.
        server.closeIdleConnections();
        setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 2_000).unref();
      });
      return stopped;
    },
  };
}
