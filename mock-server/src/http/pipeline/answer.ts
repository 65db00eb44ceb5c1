/**
 * Step "envelope" of the pipeline, for answers that are not errors (those are envelope.ts's): a
 * handler's fields in the host's success envelope, a page (HTML, a script, a redirect), or what a
 * fault rule answers instead (its status and body, or a connection held and dropped).
 */
import type { ServerResponse } from 'node:http';
import accepts from 'accepts';
import encodeUrl from 'encodeurl';
import escapeHtml from 'escape-html';
import { contentType } from 'mime-types';
import type { CallState, PageResult, RouteDef } from '../route.ts';
import type { Exchange } from './exchange.ts';
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

export function writeSuccess(x: Exchange, route: RouteDef, result: unknown): void {
  if (route.page) return writePage(x, result as PageResult);
  writeJson(x.res, x.state, 200, successBody(route, x.state, result));
}

/** A JSON answer (an envelope, a stub's body), remembered on the call for the journal's code. */
export function writeJson(res: ServerResponse, state: CallState, status: number, body: unknown): void {
  state.answered = body;
  send(res, status, JSON_CONTENT_TYPE, JSON.stringify(body) ?? 'null');
}

/** Statuses whose answers have no body (koa strips it and its headers too). */
const EMPTY = new Set([204, 205, 304]);

/**
 * An answer in one writeHead: the status, the body's type and length, and any headers set before
 * (`Connection: close`, `cache-control`). Node leaves the body out for HEAD, as koa does. An answer
 * already under way (a dropped connection) is not answered twice.
 */
function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  if (res.headersSent || res.writableEnded) return;
  if (EMPTY.has(status)) {
    res.writeHead(status);
    res.end();
    return;
  }
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': length });
  res.end(body);
}

/** Pages are never cached: each carries a fresh QR session or a one-time code. */
function writePage(x: Exchange, result: PageResult): void {
  const { res } = x;
  res.setHeader('Cache-Control', 'no-store');
  if ('redirect' in result) return redirect(x, result.redirect, result.status ?? 302);
  if ('file' in result) {
    // The type comes from the file's checked extension (media.ts), never the uploader; nosniff and a
    // sandboxing CSP keep a browser from reading it as a page.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(result.file.fileName)}`,
    );
    return send(res, 200, result.file.contentType, result.file.bytes);
  }
  if ('text' in result) {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return send(res, result.status, 'text/plain; charset=utf-8', result.text);
  }
  if ('script' in result) return send(res, 200, 'application/javascript; charset=utf-8', result.script);
  send(res, result.status ?? 200, 'text/html; charset=utf-8', result.html);
}

/**
 * A redirect as koa's `ctx.redirect` writes it: an absolute URL normalised, the Location encoded, and
 * a short body — HTML when the client takes HTML, else text.
 */
export function redirect(x: Exchange, to: string, status: number): void {
  const url = /^https?:\/\//i.test(to) ? new URL(to).toString() : to;
  x.res.setHeader('Location', encodeUrl(url));
  if (accepts(x.req).type('html'))
    send(x.res, status, 'text/html; charset=utf-8', `Redirecting to ${escapeHtml(url)}.`);
  else send(x.res, status, 'text/plain; charset=utf-8', `Redirecting to ${url}.`);
}

/** A fault rule's own answer: its status and body, or the connection closed unanswered. */
export async function writeFault(x: Exchange, answer: FaultAnswer): Promise<void> {
  if (answer.fault === 'answer') {
    // The rule's content type as koa reads one (`json` → application/json; charset=utf-8); one it
    // does not know is left to the body's look, as koa does.
    const type =
      contentType(answer.contentType) ||
      (/^\s*</.test(answer.body) ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8');
    return send(x.res, answer.status, type, answer.body);
  }
  if (answer.holdMs > 0) await Promise.race([sleep(answer.holdMs), closed(x)]);
  x.req.socket?.destroy();
}

function closed(x: Exchange): Promise<void> {
  return new Promise((resolve) => x.req.once('close', () => resolve()));
}
