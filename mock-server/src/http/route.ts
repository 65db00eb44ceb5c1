/**
 * What a route is: one DingTalk endpoint, named by a stable id (`oapi.v2.user.get`), with the host
 * it lives on, how it authenticates, the permission point it needs, and its parameter schema.
 * Each host's index.ts lists its routes in the order of DingTalk's documentation.
 */
import type { Context } from 'koa';
import type { z } from 'zod';
import type { App } from '../domain/apps.ts';
import type { DingTalkError } from '../domain/errors.ts';
import type { Sandbox } from '../domain/sandbox.ts';
import type { Tenant } from '../domain/tenant.ts';
import type { LegacyStyle } from '../errcodes.ts';

export type Host = 'oapi' | 'api' | 'login' | 'admin';

/** Per-request state kept on ctx.state.call: what the journal and the envelope need to know. */
export interface CallState {
  requestId: string;
  host: Host;
  startedAt: number;
  routeId: string | null;
  legacyStyle: LegacyStyle;
  tenant?: Tenant;
  app?: App;
  userid?: string;
  error?: DingTalkError;
  /** Set when the call failed for a reason other than a DingTalk refusal. */
  crashed?: unknown;
  /** The fault rule that shaped this call, in words. */
  fault?: { ruleId: string; explanation: string };
  /** Do not journal this call (admin API, console assets). */
  silent?: boolean;
}

export interface Call<P> {
  params: P;
  ip: string;
  requestId: string;
  sandbox: Sandbox;
  ctx: Context;
  state: CallState;
}

/** A call authenticated by a corp access token: tenant and app are known. */
export interface AppCall<P> extends Call<P> {
  tenant: Tenant;
  app: App;
}

interface RouteBase<P> {
  id: string;
  method: 'GET' | 'POST';
  /** @koa/router path (path-to-regexp 8 syntax). */
  path: string;
  host: Host;
  /** Legacy routes only: whether auth errors are wrapped in errcode 88. */
  style?: LegacyStyle;
  params?: z.ZodType<P>;
  /** New-API POST routes DingTalk documents without a body (e.g. jsapiTickets): none is required. */
  noBody?: boolean;
}

export interface OpenRoute<P = Record<string, unknown>> extends RouteBase<P> {
  auth: 'none';
  handle(call: Call<P>): unknown;
}

export interface TokenRoute<P = Record<string, unknown>> extends RouteBase<P> {
  auth: 'appToken';
  /** The permission point (权限点) the app must hold. */
  scope?: string;
  handle(call: AppCall<P>): unknown;
}

// Routes are heterogeneous in their params; the table holds them type-erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RouteDef = OpenRoute<any> | TokenRoute<any>;

export const openRoute = <P>(r: Omit<OpenRoute<P>, 'auth'>): OpenRoute<P> => ({ ...r, auth: 'none' });
export const tokenRoute = <P>(r: Omit<TokenRoute<P>, 'auth'>): TokenRoute<P> => ({ ...r, auth: 'appToken' });
