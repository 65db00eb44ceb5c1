/**
 * The one pipeline every DingTalk call takes (oapi, api and the login host's pages alike), the same
 * code whether or not a fault rule exists anywhere (decision 0019):
 *
 *   request → host → body → route (or a stub: stubs.ts) → gate (caller attributed, faults, IP list, scope, params)
 *           → handler → envelope → journal
 *
 * It runs inside koa, after request-context.ts (which gives the call its id and host, answers what
 * is thrown in the host's error envelope — envelope.ts — and writes the journal entry once). Handlers
 * never see koa: they get a Call of plain data (route.ts) and return fields, a page, or throw.
 */
import type { Context, Next } from 'koa';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { DingTalkError } from '../../domain/errors.ts';
import { readCallBody } from '../middleware/body.ts';
import { callState } from '../middleware/request-context.ts';
import type { RouteDef } from '../route.ts';
import { writeFault, writeSuccess } from './answer.ts';
import { isFaultAnswer } from './faults.ts';
import { passGate } from './gate.ts';
import { rawParams, readRequest } from './request.ts';
import { RouteTable } from './routing.ts';
import { StubAnswer, stubRoute, writeStubAnswer } from './stubs.ts';

export function dingtalkPipeline(sandbox: Sandbox, routes: readonly RouteDef[]) {
  const table = new RouteTable(routes);

  return async function pipeline(ctx: Context, next: Next): Promise<void> {
    const state = callState(ctx);
    if (state.host === 'admin') return next();
    await readCallBody(ctx);
    if (isBrowserAtRoot(ctx)) {
      // A person who opens the base URL lands on the console; API clients keep DingTalk's answer.
      state.silent = true;
      return ctx.redirect('/__sandbox/');
    }
    const found = table.find(state.host, ctx.method, ctx.path);
    // No route: a stub, or the route table's refusal naming the stubs (stubs.ts). No closure per call.
    const { route, pathParams } =
      found instanceof DingTalkError ? stubRoute(sandbox, ctx, state.host, found) : found;
    state.routeId = route.id;
    if (route.style) state.legacyStyle = route.style;
    const request = readRequest(ctx, pathParams);
    const passed = await passGate({
      sandbox,
      route,
      state,
      request,
      ip: state.ip,
      raw: rawParams(route, ctx, request),
    });
    if (isFaultAnswer(passed)) return writeFault(ctx, passed);
    // Each route's handle takes the call its auth gives (route.ts); the gate built exactly that one.
    const result: unknown = await (route.handle as (call: typeof passed) => unknown)(passed);
    if (result instanceof StubAnswer) return writeStubAnswer(ctx, result, state);
    writeSuccess(ctx, route, result);
  };
}

/** GET (or HEAD) of the bare base URL by a browser: it asks for HTML first, API clients do not. */
function isBrowserAtRoot(ctx: Context): boolean {
  return (
    ctx.path === '/' &&
    (ctx.method === 'GET' || ctx.method === 'HEAD') &&
    (ctx.get('accept') || '').includes('text/html')
  );
}
