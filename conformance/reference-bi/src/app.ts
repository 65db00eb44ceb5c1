/**
 * The reference BI as a Koa app: createBiApp(options) (no socket) and startBi(options) → {url, stop}.
 * Middleware: errors → security headers → session → body → current user → Origin check → routes.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { pino, type Logger } from 'pino';
import { applyBootstrap } from './bootstrap.ts';
import { BiClock } from './clock.ts';
import { DEFAULT_PORT, DEFAULT_RETRY, REAL_DINGTALK, trimSlash, type BiOptions } from './config.ts';
import type { BiServices } from './context.ts';
import { openDatabase } from './db/database.ts';
import { markInterrupted } from './db/sync-runs.ts';
import { DingTalkService } from './dingtalk/service.ts';
import { registerAdminDingTalkRoutes } from './http/admin-dingtalk-routes.ts';
import { registerAdminRoutes } from './http/admin-routes.ts';
import { registerAuthRoutes } from './http/auth-routes.ts';
import { registerDingTalkLoginRoutes } from './http/dingtalk-login-routes.ts';
import { errorHandler } from './http/error-handler.ts';
import { registerEventRoutes } from './http/event-routes.ts';
import { registerMessagingRoutes } from './http/messaging-routes.ts';
import { loadUser, originCheck } from './http/security.ts';
import { registerStaticRoutes } from './http/static-routes.ts';
import { registerSyncRoutes } from './http/sync-routes.ts';
import { sessionMiddleware } from './login/session.ts';
import { Jobs } from './messaging/jobs.ts';
import { AccountSync } from './sync/account-sync.ts';

export interface BiApp {
  app: Koa;
  services: BiServices;
  /** Set the public URL once the listening port is known. */
  setPublicUrl(url: string): void;
  close(): void;
}

export function createLogger(level: BiOptions['logLevel'] = 'info'): Logger {
  return pino({
    level,
    base: { name: 'reference-bi' },
    redact: { paths: ['*.appSecret', '*.password', '*.secret', '*.token', '*.code'], censor: '***' },
  });
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function createBiApp(options: BiOptions): Promise<BiApp> {
  const logger = options.logger ?? createLogger(options.logLevel);
  const db = openDatabase(options.dbPath);
  const interrupted = markInterrupted(db, Date.now());
  if (interrupted)
    logger.warn({ interrupted }, 'sync runs left running by a previous process marked interrupted');
  if (options.bootstrap) await applyBootstrap(db, options.bootstrap, Date.now());

  const hosts = options.dingtalk ?? REAL_DINGTALK;
  const transport = {
    retry: { ...DEFAULT_RETRY, ...options.retry },
    timeoutMs: options.timeoutMs ?? 10_000,
    sleep: options.sleep ?? realSleep,
    logger,
  };
  let publicUrl = trimSlash(options.publicUrl ?? `http://127.0.0.1:${options.port ?? DEFAULT_PORT}`);
  const services = {
    db,
    clock: new BiClock(db),
    dingtalk: new DingTalkService(db, hosts, transport),
    hosts,
    transport,
    logger,
    options,
    publicUrl: () => publicUrl,
  } as BiServices;
  services.jobs = new Jobs(services);
  services.sync = new AccountSync(services);

  const app = new Koa();
  app.keys = options.keys?.length ? options.keys : [randomBytes(32).toString('base64url')];
  app.silent = true;
  const router = new Router();
  registerStaticRoutes(router);
  registerAuthRoutes(router, services);
  registerDingTalkLoginRoutes(router, services);
  registerAdminRoutes(router, services);
  registerAdminDingTalkRoutes(router, services);
  registerSyncRoutes(router, services);
  registerMessagingRoutes(router, services);
  registerEventRoutes(router, services);

  app.use(errorHandler(services));
  app.use(async (ctx, next) => {
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('referrer-policy', 'same-origin');
    await next();
  });
  app.use(sessionMiddleware(app, db, options.secureCookies ?? false));
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: '100kb', formLimit: '100kb' }));
  app.use(loadUser(services));
  app.use(originCheck(services));
  app.use(router.routes());
  app.use(router.allowedMethods());

  return {
    app,
    services,
    setPublicUrl(url) {
      if (!options.publicUrl) publicUrl = trimSlash(url);
    },
    close() {
      db.close();
    },
  };
}

export interface RunningBi {
  url: string;
  port: number;
  services: BiServices;
  stop(): Promise<void>;
}

export async function startBi(options: BiOptions): Promise<RunningBi> {
  const bi = await createBiApp(options);
  const server = createServer(bi.app.callback());
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  server.listen(options.port ?? DEFAULT_PORT, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  bi.setPublicUrl(url);
  const log = bi.services.logger;
  const timer =
    options.schedulerIntervalMs && options.schedulerIntervalMs > 0
      ? setInterval(() => {
          bi.services.jobs.runDue().catch((err: unknown) => log.error({ err }, 'scheduled jobs failed'));
        }, options.schedulerIntervalMs)
      : null;
  timer?.unref();
  let stopped: Promise<void> | null = null;
  return {
    url,
    port,
    services: bi.services,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        server.close(() => {
          bi.close();
          resolve();
        });
        server.closeIdleConnections();
        for (const s of sockets) s.destroy();
      });
      return stopped;
    },
  };
}
