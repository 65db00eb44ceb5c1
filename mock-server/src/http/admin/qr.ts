/**
 * Admin API for QR logins, for clients without a browser: list a tenant's pending QR sessions (to
 * find the sid the login page shows) and act as the phone — scan as a user, confirm, cancel. These
 * calls act as a person, so unlike the rest of the admin API they are journaled in the tenant. The
 * steps are the web-login machine's (domain/login/web-login), the same the simulated phone takes.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { QrLogin } from '../../domain/login/qr-logins.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { cannotScanAs, phoneStep, type PhoneAction } from '../../domain/login/web-login/index.ts';
import { anyBody } from '../middleware/body.ts';
import { callState } from '../middleware/request-context.ts';
import { AdminError, requireTenant } from './errors.ts';

export function qrView(tenant: Tenant, s: QrLogin) {
  const app = tenant.getApp(s.appKey);
  return {
    sid: s.sid,
    generation: s.generation,
    appKey: s.appKey,
    appName: app?.name ?? null,
    status: tenant.qrLogins.statusOf(s, tenant.clock.now()),
    userid: s.userid,
    redirectUri: s.redirectUri,
    state: s.state,
    scopes: s.scopes,
    consent: s.consent,
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
    ...(s.refusal ? { refusal: { error: s.refusal.error, message: s.refusal.message } } : {}),
  };
}

const STATUS_OF_FAILURE: Record<string, number> = { unknown: 404, refused: 409 };

export function mountQrAdmin(router: Router, sandbox: Sandbox): void {
  /** GET /__sandbox/api/tenants/:corpId/qr[?all=1] — pending sessions, newest first. */
  router.get('/api/tenants/:corpId/qr', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const list = ctx.query.all ? t.qrLogins.all() : t.qrLogins.pending(t.clock.now());
    ctx.body = { sessions: list.map((s) => qrView(t, s)) };
  });

  router.get('/api/tenants/:corpId/qr/:sid', (ctx) => {
    const t = requireTenant(sandbox, ctx.params.corpId);
    const s = t.qrLogins.get(ctx.params.sid ?? '');
    if (!s) throw new AdminError(404, 'qrSessionNotFound', `no QR session ${ctx.params.sid} in ${t.corpId}`);
    ctx.body = qrView(t, s);
  });

  for (const action of ['scan', 'confirm', 'cancel'] as const) {
    router.post(`/api/tenants/:corpId/qr/:sid/${action}`, (ctx) => act(ctx, sandbox, action));
  }
}

/** POST …/qr/:sid/scan {userid} | …/confirm | …/cancel → the session after the action. */
function act(
  ctx: Context & { params: Record<string, string | undefined> },
  sandbox: Sandbox,
  action: PhoneAction,
): void {
  const t = requireTenant(sandbox, ctx.params.corpId);
  const sid = ctx.params.sid ?? '';
  const state = callState(ctx);
  state.journal = true;
  state.tenant = t;
  state.routeId = `admin.qr.${action}`;
  const body = anyBody(ctx);
  const userid = typeof body.userid === 'string' ? body.userid : undefined;
  const unknownUser = action === 'scan' ? cannotScanAs(t, userid) : null;
  if (unknownUser) {
    state.refusal = { code: 'phone.scan', reason: unknownUser.en, reasonZh: unknownUser.zh };
    throw new AdminError(400, 'userNotFound', unknownUser.en);
  }
  const result = phoneStep(t, sid, action, userid);
  const s = t.qrLogins.get(sid);
  const app = s ? t.getApp(s.appKey) : undefined;
  if (app) state.app = app;
  if (s?.userid) state.userid = s.userid;
  if (!result.ok) {
    const { refusal } = result;
    state.refusal = { code: refusal.code, reason: refusal.why.en, reasonZh: refusal.why.zh };
    throw new AdminError(
      STATUS_OF_FAILURE[result.status] ?? 409,
      result.status === 'refused'
        ? 'loginRefused'
        : result.status === 'unknown'
          ? 'qrSessionNotFound'
          : 'qrSessionNotReady',
      refusal.why.en,
    );
  }
  ctx.body = qrView(t, result.session);
}
