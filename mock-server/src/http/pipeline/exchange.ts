/**
 * One DingTalk call on Node's own request and response, as the pipeline's steps share it: the URL
 * read once (path, query string), the body once read (body.ts), and the call's state. The pipeline
 * runs in front of koa (decision 0019), so this is what a koa context was to it: read with the same
 * small libraries koa reads a request with (parseurl, type-is, cookies), so that nothing a client
 * sends is read differently.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import Cookies from 'cookies';
import parseUrl from 'parseurl';
import typeIs from 'type-is';
import type { UploadedFile } from './multipart-body.ts';
import { parseQuery } from '../query.ts';
import type { CallState, RouteRequest } from '../route.ts';

export class Exchange {
  readonly method: string;
  /** The URL's path, as koa's `ctx.path` (parseurl: an absolute-form request target too). */
  readonly path: string;
  /** The query string without its `?`, or ''. */
  readonly querystring: string;
  /** The parsed body: an object, a JSON scalar, '' for an empty one; undefined when none was read. */
  body: unknown = undefined;
  files: UploadedFile[] = [];

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly state: CallState,
  ) {
    this.method = req.method ?? 'GET';
    const url = parseUrl(req);
    this.path = url?.pathname ?? '/';
    this.querystring = typeof url?.query === 'string' ? url.query : '';
  }

  /** A header's value ('' when absent), as koa's `ctx.get` (`referer` and `referrer` alike). */
  header(name: string): string {
    const h = this.req.headers;
    const key = name.toLowerCase();
    const value =
      key === 'referer' || key === 'referrer' ? (h.referrer ?? h.referer) : (h[key] as string | undefined);
    return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : '';
  }

  /** A fresh copy of the query's fields (koa's `ctx.query`). */
  query(): Record<string, string | string[] | undefined> {
    return parseQuery(this.querystring);
  }
}

/**
 * The request as a handler sees it: plain values read from the exchange when asked (most handlers
 * ask for nothing beyond their params; a content type's parse or the origin's string would be a cost
 * on every call otherwise).
 */
export class RequestView implements RouteRequest {
  constructor(
    private readonly x: Exchange,
    readonly pathParams: Readonly<Record<string, string>>,
  ) {}

  get method(): string {
    return this.x.method;
  }
  get path(): string {
    return this.x.path;
  }
  get search(): string {
    return this.x.querystring ? `?${this.x.querystring}` : '';
  }
  get query(): Readonly<Record<string, string | string[] | undefined>> {
    return this.x.query();
  }
  get body(): unknown {
    return this.x.body;
  }
  get files(): readonly UploadedFile[] {
    return this.x.files;
  }
  get json(): boolean {
    return Boolean(typeIs(this.x.req, ['json']));
  }
  get origin(): string {
    const secure = Boolean((this.x.req.socket as TLSSocket | undefined)?.encrypted);
    return `${secure ? 'https' : 'http'}://${hostOf(this.x)}`;
  }
  header(name: string): string {
    return this.x.header(name);
  }
  cookie(name: string): string | undefined {
    return new Cookies(this.x.req, this.x.res).get(name);
  }
}

/** The Host the client addressed (koa's `ctx.host` without a proxy: HTTP/2's :authority, else Host). */
function hostOf(x: Exchange): string {
  const host = (x.req.httpVersionMajor >= 2 && x.header(':authority')) || x.header('host');
  const first = host.split(',', 1)[0]!.trim();
  if (!first.includes('@')) return first;
  try {
    return new URL(`http://${first}`).host;
  } catch {
    return '';
  }
}
