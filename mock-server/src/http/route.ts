/**
 * What a route is: one DingTalk endpoint, named by a stable id (`oapi.v2.user.get`), with the host
 * it lives on, how it authenticates, the permission point it needs (from domain/apps/scopes.ts), and its
 * parameter schema.
 * Each host's index.ts lists its routes in the order of DingTalk's documentation.
 */
import type * as z from 'zod';
import type { App } from '../domain/apps/apps.ts';
import type { DingTalkError } from '../domain/errors.ts';
import type { Sandbox } from '../domain/tenancy/sandbox.ts';
import type { Tenant } from '../domain/tenancy/tenant.ts';
import { requiredScope } from '../domain/apps/scopes.ts';
import type { UserToken } from '../domain/login/user-tokens.ts';
import type { LegacyStyle } from '../errcodes.ts';
import type { UploadedFile } from './pipeline/multipart-body.ts';

export type Host = 'oapi' | 'api' | 'login' | 'admin';

/** Per-request state kept on ctx.state.call: what the journal and the envelope need to know. */
export interface CallState {
  requestId: string;
  host: Host;
  /** The caller's address (IPv4 without its IPv6 mapping), read once for the gate and the journal. */
  ip: string;
  startedAt: number;
  routeId: string | null;
  legacyStyle: LegacyStyle;
  tenant?: Tenant;
  app?: App;
  userid?: string;
  error?: DingTalkError;
  /**
   * A refusal shown as a page rather than thrown (login pages: 无权限, 应用不存在, the E4 blank page):
   * journaled like an error, with this code and reason.
   */
  refusal?: { code: string; reason: string; reasonZh?: string };
  /** Set when the call failed for a reason other than a DingTalk refusal. */
  crashed?: unknown;
  /** The fault rule that shaped this call, in words. */
  fault?: { ruleId: string; explanation: string };
  /** Do not journal this call (admin API, console assets). */
  silent?: boolean;
  /** Journal this admin call although admin calls are not journaled (it acts as a person: phone scan). */
  journal?: boolean;
  /** A JSON answer the pipeline wrote itself (answer.ts writeJson), for the journal's code. */
  answered?: unknown;
}

/**
 * What a handler sees of the HTTP request: plain data read once by the pipeline (pipeline/request.ts),
 * no framework object. Handlers read their parameters from `Call.params`; this is for the few that
 * need more (the robot webhook's query, the login pages' client cookie and user agent).
 */
export interface RouteRequest {
  method: string;
  path: string;
  /** The query string with its leading `?`, or '' (a redirect passes it on as it came). */
  search: string;
  /** The query's fields as the client sent them (a repeated name: an array). */
  query: Readonly<Record<string, string | string[] | undefined>>;
  /** The path's named parameters (`/v1.0/contact/users/:unionId`); {} on plain paths. */
  pathParams: Readonly<Record<string, string>>;
  /** The parsed body: an object (JSON or form), a JSON scalar, '' for an empty one; undefined for none. */
  body: unknown;
  /** Whether the body was sent as JSON (Content-Type application/json or +json). */
  json: boolean;
  /** The file parts of a multipart/form-data body (its text parts are in `body`); [] otherwise. */
  files: readonly UploadedFile[];
  /** A header's value ('' when absent); the name in lower case. */
  header(name: string): string;
  /** A cookie's value, or undefined. */
  cookie(name: string): string | undefined;
  /** The sandbox's own origin as the client addressed it (protocol and Host): links back to it. */
  origin: string;
}

export interface Call<P> {
  params: P;
  ip: string;
  requestId: string;
  sandbox: Sandbox;
  request: RouteRequest;
  state: CallState;
}

/** A call authenticated by a corp access token: tenant and app are known. */
export interface AppCall<P> extends Call<P> {
  tenant: Tenant;
  app: App;
}

/** A call authenticated by a user access token (web login): the token's user is known. */
export interface UserCall<P> extends AppCall<P> {
  user: UserToken;
}

/** What a page route returns instead of JSON fields: a document, or a redirect. */
export type PageResult =
  | { html: string; status?: number }
  | { script: string }
  | { redirect: string; status?: 302 | 303 }
  /** A file's bytes (a bot's download URL); `status` with a text body when it cannot be served. */
  | { file: { bytes: Buffer; contentType: string; fileName: string } }
  | { text: string; status: number };

interface RouteBase<P> {
  id: string;
  method: 'GET' | 'POST' | 'PUT';
  /** @koa/router path (path-to-regexp 8 syntax). */
  path: string;
  host: Host;
  /** Legacy routes only: whether auth errors are wrapped in errcode 88. */
  style?: LegacyStyle;
  params?: z.ZodType<P>;
  /** The handler returns a PageResult (HTML, a script or a redirect), not the JSON envelope's fields. */
  page?: boolean;
  /** New-API POST routes DingTalk documents without a body (e.g. jsapiTickets): none is required. */
  noBody?: boolean;
}

/** Whom a call belongs to, as far as its route can tell before the handler runs. */
export interface Located {
  tenant?: Tenant;
  app?: App;
  userid?: string;
}

export interface OpenRoute<P = Record<string, unknown>> extends RouteBase<P> {
  auth: 'none';
  /**
   * Who the caller is, from the raw parameters, when the credentials it names (appkey, clientId, …,
   * corpId) do not say: a QR session's sid, a robot's webhook token (pipeline/caller.ts).
   */
  locate?(sandbox: Sandbox, raw: Record<string, unknown>, request: RouteRequest): Located;
  handle(call: Call<P>): unknown;
}

export interface TokenRoute<P = Record<string, unknown>> extends RouteBase<P> {
  auth: 'appToken';
  /** The permission point (权限点) the app must hold: set from the table, never by hand. */
  scope?: string;
  handle(call: AppCall<P>): unknown;
}

export interface UserTokenRoute<P = Record<string, unknown>> extends RouteBase<P> {
  auth: 'userToken';
  /** The permission point (个人权限) the token's app must hold: set from the table. */
  scope?: string;
  handle(call: UserCall<P>): unknown;
}

// Routes are heterogeneous in their params; the table holds them type-erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RouteDef = OpenRoute<any> | TokenRoute<any> | UserTokenRoute<any>;

export const openRoute = <P>(r: Omit<OpenRoute<P>, 'auth'>): OpenRoute<P> => ({ ...r, auth: 'none' });
/** A route on an access token; its permission point comes from the one table (domain/apps/scopes.ts). */
export const tokenRoute = <P>(r: Omit<TokenRoute<P>, 'auth' | 'scope'>): TokenRoute<P> => ({
  ...r,
  auth: 'appToken',
  scope: requiredScope(r.method, r.path),
});
export const userTokenRoute = <P>(r: Omit<UserTokenRoute<P>, 'auth' | 'scope'>): UserTokenRoute<P> => ({
  ...r,
  auth: 'userToken',
  scope: requiredScope(r.method, r.path),
});
/** A login page: an open route whose handler returns a PageResult. */
export const pageRoute = <P>(r: Omit<OpenRoute<P>, 'auth' | 'page'>): OpenRoute<P> => ({
  ...r,
  auth: 'none',
  page: true,
});
