/**
 * Every request's id and host (newCallState), and its one journal entry when it ends (recordCall):
 * for DingTalk's hosts the pipeline does both (pipeline/index.ts); for the sandbox's own pages, served
 * by koa, the outermost middleware here (an admin call is journaled only when it acts as a person).
 */
import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { JournalEntry, Outcome } from '../../domain/journal/journal.ts';
import { newRequestId } from '../../domain/ids.ts';
import { redactUrl } from '../../domain/journal/redact.ts';
import type { CallState, Host } from '../route.ts';
import { reasonZhOf } from '../reason-zh.ts';

const HOST_NAMES: Record<string, Host> = {
  'oapi.dingtalk.com': 'oapi',
  'api.dingtalk.com': 'api',
  'login.dingtalk.com': 'login',
};

/**
 * Which DingTalk host a request is for. When the Host header names a real DingTalk host (in-process
 * interception), that decides; otherwise the path does, since the hosts' paths do not collide.
 */
export function detectHost(hostHeader: string | undefined, path: string): Host {
  const header = hostHeader ?? '';
  const colon = header.indexOf(':');
  const named = HOST_NAMES[(colon < 0 ? header : header.slice(0, colon)).toLowerCase()];
  if (named) return named;
  // `/__sandbox` and what is under it; not `/__sandbox%2F…` or `/__sandboxx`, which the admin router
  // would not match either (koa's bare text 404): those are unknown DingTalk paths.
  if (path.startsWith('/__sandbox') && (path.length === 10 || path[10] === '/')) return 'admin';
  if (path.startsWith('/v1.0/')) return 'api';
  if (path.startsWith('/oauth2/') || path.startsWith('/login/')) return 'login';
  return 'oapi';
}

export function callState(ctx: Context): CallState {
  return ctx.state.call as CallState;
}

/** The caller's address (what koa's `ctx.ip` is without a proxy: the socket's remote address). */
export function clientIpOf(req: IncomingMessage): string {
  return plainIp(req.socket?.remoteAddress ?? '');
}

/** The same for a request koa serves. */
export function clientIp(ctx: Context): string {
  return clientIpOf(ctx.req);
}

/** An IPv4 address without its IPv6 mapping prefix. */
export function plainIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** A request's state before any route has seen it. */
export function newCallState(hostHeader: string | undefined, path: string, ip: string): CallState {
  return {
    requestId: newRequestId(),
    host: detectHost(hostHeader, path),
    ip,
    startedAt: performance.now(),
    routeId: null,
    legacyStyle: path.startsWith('/topapi/') ? 'topapi' : 'plain',
  };
}

/**
 * The outermost middleware of the sandbox's own pages (koa serves nothing else): the call's state,
 * errors thrown past the admin router answered by `answerError` (envelope.ts), the journal entry of an
 * admin call that acts as a person (a phone's scan), and persistence told of every write.
 */
export function requestContext(
  sandbox: Sandbox,
  onChange?: (acknowledged?: boolean) => void,
  answerError?: (ctx: Context, thrown: unknown) => void,
) {
  return async function requestContextMiddleware(ctx: Context, next: Next): Promise<void> {
    const state = newCallState(ctx.get('host'), ctx.path, clientIp(ctx));
    ctx.state.call = state;
    try {
      await next();
    } catch (thrown) {
      if (!answerError) throw thrown;
      answerError(ctx, thrown);
    } finally {
      if (state.journal && !state.silent) {
        state.answered ??= ctx.body;
        recordCall(sandbox, state, { method: ctx.method, url: ctx.originalUrl, status: ctx.status });
      }
      // An admin or console write is saved before its answer leaves (persistence.ts).
      if (onChange && ctx.method !== 'GET') onChange(true);
    }
  };
}

/** What the journal keeps of a request and its answer, besides the call's state (its ip, its `answered` body). */
export interface Answered {
  method: string;
  url: string;
  status: number;
}

/** The call's one journal entry, from what was answered. */
export function recordCall(
  sandbox: Sandbox,
  state: CallState,
  answered: Answered,
  onCall?: (entry: Omit<JournalEntry, 'seq'>) => void,
): void {
  const { method, url, status } = answered;
  const body = state.answered;
  const journal = state.tenant?.journal ?? sandbox.unattributed;
  const outcome: Outcome = state.crashed
    ? 'error'
    : state.fault
      ? 'fault'
      : state.error || state.refusal
        ? 'refused'
        : 'ok';
  const code = state.error || state.fault ? wireCode(body) : state.refusal?.code;
  // Built by assignment, not by spreading optional parts: this runs on every call, and object
  // spread was a measurable share of a request's CPU time (npm run bench). Field order is kept.
  const entry: Omit<JournalEntry, 'seq' | 'durationMs'> & { durationMs?: number } = {
    at: state.tenant ? state.tenant.clock.now() : Date.now(),
    requestId: state.requestId,
    host: state.host,
    method,
    path: redactUrl(url),
    route: state.routeId,
    status,
    outcome,
  };
  if (code !== undefined) entry.code = code;
  const reason = reasonOf(state);
  if (reason !== undefined) entry.reason = reason;
  const reasonZh = reason !== undefined ? reasonZhOf(state) : undefined;
  if (reasonZh !== undefined) entry.reasonZh = reasonZh;
  if (state.app) entry.appKey = state.app.appKey;
  if (state.userid) entry.userid = state.userid;
  entry.ip = state.ip;
  entry.durationMs = Math.round((performance.now() - state.startedAt) * 100) / 100;
  journal.record(entry as Omit<JournalEntry, 'seq'>);
  if (onCall) onCall(entry as Omit<JournalEntry, 'seq'>);
}

function reasonOf(state: CallState): string | undefined {
  if (state.fault) return `${state.fault.explanation}${state.error ? ` — ${state.error.reason}` : ''}`;
  if (state.error) return state.error.reason;
  if (state.crashed) return String(state.crashed);
  if (state.refusal) return state.refusal.reason;
  return undefined;
}

/** errcode (with sub_code) or code of an error body, for the journal. */
function wireCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.code === 'string') return b.code;
  if (typeof b.errcode === 'number')
    return b.sub_code ? `${b.errcode}/${String(b.sub_code)}` : String(b.errcode);
  return undefined;
}
