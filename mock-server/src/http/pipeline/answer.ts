/**
 * Step "envelope" of the pipeline, for answers that are not errors (those are envelope.ts's): a
 * handler's fields in the host's success envelope, a page (HTML, a script, a redirect), or what a
 * fault rule answers instead (its status and body, or a connection held and dropped).
 */
import type { Context } from 'koa';
import type { CallState, PageResult, RouteDef } from '../route.ts';
import { sleep, type FaultAnswer } from './faults.ts';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The host's success envelope around a handler's fields (legacy: errcode 0, errmsg ok, request_id). */
export function successBody(route: RouteDef, state: CallState, result: unknown): unknown {
  if (route.host !== 'oapi') return result ?? {};
  const fields = result && typeof result === 'object' ? (result as Record<string, unknown>) : {};
  return state.legacyStyle === 'topapi'
    ? { errcode: 0, errmsg: 'ok', ...fields, request_id: state.requestId }
    : { errcode: 0, errmsg: 'ok', ...fields };
}

export function writeSuccess(ctx: Context, route: RouteDef, result: unknown): void {
  if (route.page) return writePage(ctx, result as PageResult);
  const state = ctx.state.call as CallState;
  writeJson(ctx, state, 200, successBody(route, state, result));
}

/**
 * A JSON envelope (success or error), written here rather than by koa's response: serialised once,
 * status and headers in one writeHead. Koa's body setter and `respond` read and set the same headers
 * through several getters per call, 2–3 µs of a call's ~40 µs of CPU (decision 0019). Headers set
 * earlier (`Connection: close`) are kept; Node leaves the body out for HEAD as koa does.
 */
export function writeJson(ctx: Context, state: CallState, status: number, body: unknown): void {
  state.answered = body;
  ctx.respond = false;
  // An answer already under way (a dropped connection) is not answered twice.
  if (ctx.res.headersSent) return;
  const text = JSON.stringify(body);
  ctx.res.writeHead(status, { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  ctx.res.end(text);
}

/** Pages are never cached: each carries a fresh QR session or a one-time code. */
function writePage(ctx: Context, result: PageResult): void {
  ctx.set('cache-control', 'no-store');
  if ('redirect' in result) {
    ctx.redirect(result.redirect);
    ctx.status = result.status ?? 302;
    return;
  }
  if ('file' in result) {
    // The type comes from the file's checked extension (media.ts), never the uploader; nosniff and a
    // sandboxing CSP keep a browser from reading it as a page.
    ctx.status = 200;
    ctx.set('Content-Type', result.file.contentType);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
    ctx.set(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(result.file.fileName)}`,
    );
    ctx.body = result.file.bytes;
    return;
  }
  if ('text' in result) {
    ctx.status = result.status;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = result.text;
    return;
  }
  if ('script' in result) {
    ctx.status = 200;
    ctx.type = 'application/javascript; charset=utf-8';
    ctx.body = result.script;
    return;
  }
  ctx.status = result.status ?? 200;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = result.html;
}

/** A fault rule's own answer: its status and body, or the connection closed unanswered. */
export async function writeFault(ctx: Context, answer: FaultAnswer): Promise<void> {
  if (answer.fault === 'answer') {
    ctx.status = answer.status;
    ctx.type = answer.contentType;
    ctx.body = answer.body;
    return;
  }
  if (answer.holdMs > 0) await Promise.race([sleep(answer.holdMs), closed(ctx)]);
  ctx.req.socket?.destroy();
  ctx.respond = false;
}

function closed(ctx: Context): Promise<void> {
  return new Promise((resolve) => ctx.req.once('close', () => resolve()));
}
