/**
 * The one pipeline every DingTalk call takes (oapi, api and the login host's pages alike), the same
 * code whether or not a fault rule exists anywhere (decision 0019):
 *
 *   request → host → body → route (or a stub: stubs.ts) → gate (caller attributed, faults, IP list, scope, params)
 *           → handler → envelope → journal
 *
 * It runs in front of koa, on Node's request and response (exchange.ts); koa serves the sandbox's
 * own pages (app.ts). Every call gets an id and a host, is answered in the host's envelope whatever
 * is thrown (middleware/envelope.ts), and writes one journal entry when it ends. Handlers get a Call
 * of plain data (route.ts) and return fields, a page, or throw.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { JournalEntry } from '../../domain/journal/journal.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { DingTalkError } from '../../domain/errors.ts';
import { asDingTalkError, writeError } from '../middleware/envelope.ts';
import { recordCall } from '../middleware/request-context.ts';
import type { CallState, RouteDef } from '../route.ts';
import { redirect, writeFault, writeSuccess } from './answer.ts';
import { readCallBody } from './body.ts';
import { Exchange } from './exchange.ts';
import { isFaultAnswer } from './faults.ts';
import { passGate } from './gate.ts';
import { rawParams, readRequest } from './request.ts';
import { RouteTable } from './routing.ts';
import { StubAnswer, stubRoute, writeStubAnswer } from './stubs.ts';

export interface PipelineOptions {
  sandbox: Sandbox;
  routes: readonly RouteDef[];
  logger: Logger;
  /** Called after every call (persistence: saved soon after). */
  onChange?: (acknowledged?: boolean) => void;
  /** Told of every call's journal entry (`serve --verbose`: one log line per call). */
  onCall?: (entry: Omit<JournalEntry, 'seq'>) => void;
}

/** A DingTalk call's request and response, with its state (request-context.ts newCallState). */
export type Pipeline = (req: IncomingMessage, res: ServerResponse, state: CallState) => Promise<void>;

export function dingtalkPipeline(opts: PipelineOptions): Pipeline {
  const { sandbox, logger, onChange, onCall } = opts;
  const table = new RouteTable(opts.routes);

  /** body → route → gate → handler → answer, in that order, for every route. */
  async function answer(x: Exchange): Promise<void> {
    const { state } = x;
    await readCallBody(x);
    if (isBrowserAtRoot(x)) {
      // A person who opens the base URL lands on the console; API clients keep DingTalk's answer.
      state.silent = true;
      return redirect(x, '/__sandbox/', 302);
    }
    const found = table.find(state.host, x.method, x.path);
    // No route: a stub, or the route table's refusal naming the stubs (stubs.ts). No closure per call.
    const { route, pathParams } =
      found instanceof DingTalkError ? stubRoute(sandbox, x, state.host, found) : found;
    state.routeId = route.id;
    if (route.style) state.legacyStyle = route.style;
    const request = readRequest(x, pathParams);
    const passed = await passGate({
      sandbox,
      route,
      state,
      request,
      ip: state.ip,
      raw: rawParams(route, x, request),
    });
    if (isFaultAnswer(passed)) return writeFault(x, passed);
    // Each route's handle takes the call its auth gives (route.ts); the gate built exactly that one.
    const result: unknown = await (route.handle as (call: typeof passed) => unknown)(passed);
    if (result instanceof StubAnswer) return writeStubAnswer(x, result);
    writeSuccess(x, route, result);
  }

  return async function pipeline(req, res, state): Promise<void> {
    const x = new Exchange(req, res, state);
    try {
      await answer(x);
    } catch (thrown) {
      writeError(res, state, asDingTalkError(logger, state, x.path, thrown));
    } finally {
      if (!state.silent) {
        // A call dropped by a fault rule was never answered: status 0.
        const status = res.headersSent ? res.statusCode : 0;
        recordCall(sandbox, state, { method: x.method, url: req.url ?? '', status }, onCall);
      }
      onChange?.(false);
    }
  };
}

/** GET (or HEAD) of the bare base URL by a browser: it asks for HTML first, API clients do not. */
function isBrowserAtRoot(x: Exchange): boolean {
  return (
    x.path === '/' && (x.method === 'GET' || x.method === 'HEAD') && x.header('accept').includes('text/html')
  );
}
