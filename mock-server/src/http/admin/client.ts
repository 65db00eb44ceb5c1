/**
 * Admin endpoints for the in-app half: the DingTalk client's native side (what the browser shim
 * forwards bridge calls to), in-app codes without a browser, and jsapi ticket rotation.
 *
 *   POST /__sandbox/api/client/invoke                               one bridge call → native reply
 *   GET  /__sandbox/api/client/session?corpId&userid[&appKey|agentId] check a client session
 *   POST /__sandbox/api/tenants/:corpId/inapp-codes {appKey|agentId, userid} → {code, expiresAt}
 *   POST /__sandbox/api/tenants/:corpId/apps/:appKey/jsapi-ticket/rotate → new ticket, old one stale
 *
 * The client endpoints answer CORS so a shim injected without Playwright can call them by fetch.
 */
import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import * as z from 'zod';
import type { App } from '../../domain/apps/apps.ts';
import {
  CLIENT_PLATFORMS,
  invokeNative,
  userBarred,
  type ClientSession,
  type NativeOutcome,
} from '../../domain/in-app/client-native.ts';
import { newRequestId } from '../../domain/ids.ts';
import { redactUrl } from '../../domain/journal/redact.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { clientIp } from '../middleware/request-context.ts';
import { AdminError } from './errors.ts';

const agentId = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z.number().int().positive(),
);

const sessionSchema = z.object({
  corpId: z.string().min(1),
  appKey: z.string().min(1).optional(),
  agentId: agentId.optional(),
  userid: z.string().min(1),
  platform: z.enum(CLIENT_PLATFORMS as [ClientSession['platform'], ...ClientSession['platform'][]]),
  version: z.string().min(1).max(40).optional(),
});

export const invokeSchema = z.object({
  session: sessionSchema,
  method: z.string().min(1).max(200),
  params: z.record(z.string(), z.unknown()).default({}),
  url: z.string().max(8192).default(''),
});

export const codeSchema = z.object({
  appKey: z.string().min(1).optional(),
  agentId: agentId.optional(),
  userid: z.string().min(1),
});

type AdminRouter = Router;

export function mountClientAdmin(router: AdminRouter, sandbox: Sandbox): void {
  router.use('/api/client', cors(sandbox));
  router.options('/api/client/{*rest}', (ctx) => {
    ctx.status = 204;
  });

  // One bridge call of a DingTalk client session, answered as the native side would.
  router.post('/api/client/invoke', (ctx) => {
    const body = parse(invokeSchema, jsonOrText(ctx));
    const outcome = invokeNative(sandbox, body.session, {
      method: body.method,
      params: body.params,
      pageUrl: body.url,
    });
    journal(sandbox, ctx, body, outcome);
    ctx.body = outcome.reply;
  });

  // Whether a session (corp, app, user) exists, with the app's home URLs: the shim helpers check first.
  router.get('/api/client/session', (ctx) => {
    const q = ctx.query;
    const input = parse(codeSchema.extend({ corpId: z.string().min(1) }), {
      corpId: q.corpId,
      userid: q.userid,
      ...(q.appKey ? { appKey: q.appKey } : {}),
      ...(q.agentId ? { agentId: q.agentId } : {}),
    });
    const tenant = requireTenant(sandbox, input.corpId);
    const app = requireApp(tenant, input);
    const user = tenant.directory.getUser(input.userid);
    if (!user)
      throw new AdminError(404, 'userNotFound', `corp ${tenant.corpId} has no user "${input.userid}"`);
    const barred = userBarred(app, user, tenant);
    ctx.body = {
      corpId: tenant.corpId,
      app: { appKey: app.appKey, agentId: app.agentId, name: app.name, webApp: app.webApp },
      user: { userid: user.userid, name: user.name, resigned: user.resigned },
      barred: barred ? barred.reason : null,
    };
  });

  // An in-app 免登 code for a chosen user and app, without a browser (what requestAuthCode returns).
  router.post('/api/tenants/:corpId/inapp-codes', (ctx) => {
    const tenant = requireTenant(sandbox, ctx.params.corpId);
    const input = parse(codeSchema, jsonOrText(ctx));
    const app = requireApp(tenant, input);
    const user = tenant.directory.getUser(input.userid);
    if (!user)
      throw new AdminError(404, 'userNotFound', `corp ${tenant.corpId} has no user "${input.userid}"`);
    const barred = userBarred(app, user, tenant);
    if (barred) throw new AdminError(403, user.resigned ? 'userResigned' : 'userOutOfRange', barred.reason);
    const now = tenant.clock.now();
    const code = tenant.authCodes.issue('inapp', { appKey: app.appKey, userid: user.userid }, now);
    ctx.status = 201;
    ctx.body = {
      code: code.code,
      kind: code.kind,
      appKey: app.appKey,
      agentId: app.agentId,
      userid: user.userid,
      expiresAt: code.expiresAt,
      expiresIn: Math.round((code.expiresAt - now) / 1000),
    };
  });

  // Re-issue an app's jsapi ticket now: pages signed with the old one get 52013 (stale ticket, X5).
  router.post('/api/tenants/:corpId/apps/:appKey/jsapi-ticket/rotate', (ctx) => {
    const tenant = requireTenant(sandbox, ctx.params.corpId);
    const app = requireApp(tenant, { appKey: ctx.params.appKey });
    const previous = tenant.jsapiTickets.current(app.appKey);
    const t = tenant.jsapiTickets.rotate(app.appKey, tenant.clock.now());
    ctx.body = { ticket: t.ticket, expiresAt: t.expiresAt, replaced: previous?.ticket ?? null };
  });
}

/**
 * CORS for a shim injected without Playwright: only pages the sandbox has reason to trust may call —
 * loopback origins and the origins of the tenants' apps (home and redirect URLs). Any other page
 * is refused before anything happens, so a random website cannot mint codes on a developer's laptop.
 */
function cors(sandbox: Sandbox) {
  return async function corsMiddleware(ctx: Context, next: Next): Promise<void> {
    const origin = ctx.get('origin');
    if (origin && !originAllowed(sandbox, origin)) {
      throw new AdminError(
        403,
        'originNotAllowed',
        `the DingTalk client endpoints do not answer pages from ${origin}`,
      );
    }
    if (origin) ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    ctx.set('Access-Control-Allow-Headers', 'content-type');
    ctx.set('Vary', 'Origin');
    await next();
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function originAllowed(sandbox: Sandbox, origin: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (LOOPBACK.has(parsed.hostname)) return true;
  for (const tenant of sandbox.listTenants()) {
    for (const app of tenant.listApps()) {
      for (const url of [app.webApp.pcHomeUrl, app.webApp.mobileHomeUrl, ...app.redirectUrls]) {
        try {
          if (url && new URL(url.replace('$CORPID$', 'corp')).origin === parsed.origin) return true;
        } catch {
          /* not a URL */
        }
      }
    }
  }
  return false;
}

/** A JSON body, or JSON sent as text/plain (a CORS "simple request" from the shim's fetch). */
function jsonOrText(ctx: Context): unknown {
  const b = (ctx.request as unknown as { body?: unknown }).body;
  if (typeof b !== 'string') return b ?? {};
  try {
    return JSON.parse(b) as unknown;
  } catch {
    throw new AdminError(400, 'invalidBody', 'the body is not JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AdminError(400, 'invalidBody', z.prettifyError(r.error));
  return r.data;
}

function requireTenant(sandbox: Sandbox, corpId: string | undefined): Tenant {
  const t = corpId === undefined ? undefined : sandbox.getTenant(corpId);
  if (!t) throw new AdminError(404, 'tenantNotFound', `no tenant with corpId ${corpId}`);
  return t;
}

/** The app named by AppKey or AgentId; the corp's first app when neither is given. */
function requireApp(tenant: Tenant, by: { appKey?: string | undefined; agentId?: number | undefined }): App {
  const app = by.appKey
    ? tenant.getApp(by.appKey)
    : by.agentId !== undefined
      ? tenant.findAppByAgentId(by.agentId)
      : tenant.listApps()[0];
  if (!app) {
    const which = by.appKey
      ? `AppKey ${by.appKey}`
      : by.agentId !== undefined
        ? `AgentId ${by.agentId}`
        : 'any app';
    throw new AdminError(404, 'appNotFound', `corp ${tenant.corpId} has no app with ${which}`);
  }
  return app;
}

/** Bridge calls go to the tenant's journal like API calls (host "client"), refusals with their reason. */
function journal(
  sandbox: Sandbox,
  ctx: Context,
  call: { session: ClientSession; method: string; url: string },
  outcome: NativeOutcome,
): void {
  const { session, method, url } = call;
  const tenant = outcome.tenant;
  const target = tenant?.journal ?? sandbox.unattributed;
  const refused = outcome.reply.errorCode !== '0';
  target.record({
    at: tenant ? tenant.clock.now() : Date.now(),
    requestId: newRequestId(),
    host: 'client',
    method: session.platform.toUpperCase(),
    path: `${method} @ ${redactUrl(url)}`,
    route: `client.${method}`,
    status: 200,
    outcome: refused ? 'refused' : 'ok',
    ...(refused && outcome.code ? { code: outcome.code } : {}),
    ...(refused && outcome.reason ? { reason: outcome.reason } : {}),
    ...(refused && outcome.reasonZh ? { reasonZh: outcome.reasonZh } : {}),
    ...(outcome.app ? { appKey: outcome.app.appKey } : {}),
    userid: outcome.userid ?? session.userid,
    ip: clientIp(ctx),
    durationMs: 0,
  });
}
