/**
 * Step "route" of the pipeline: which route of the request's host answers `METHOD path`, with the
 * path's named parameters. The route tables (oapi/, api/, login/ index.ts) are matched by
 * @koa/router's matcher (one per host), case-sensitively as DingTalk routes (`oToMessages/batchSend` vs
 * `otoMessages/batchRecall`), HEAD as GET, a trailing slash tolerated. A path no route knows is a
 * DingTalk error: 405 (errcode 43xx) when only the method is wrong, else unknown API with the closest
 * paths in the journal's reason.
 *
 * A path without parameters is looked up in a map first, filled with what the matcher answers for it:
 * the matcher tries every route of the host in turn, so its cost grows with the table (about 120 routes
 * on oapi and api by now), the map's does not (decision 0019).
 */
import Router, { type Layer } from '@koa/router';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { Host, RouteDef } from '../route.ts';

export interface Matched {
  route: RouteDef;
  pathParams: Record<string, string>;
}

/** The router's handler for a route: never called, the table only matches. */
const unused = (): undefined => undefined;

export class RouteTable {
  private readonly byId = new Map<string, RouteDef>();
  private readonly routers = new Map<Host, Router>();
  /** `${method} ${path}` → the match, for every route path without parameters, per host. */
  private readonly exact = new Map<Host, Map<string, Matched>>();

  constructor(private readonly routes: readonly RouteDef[]) {
    for (const route of routes) {
      this.byId.set(route.id, route);
      let router = this.routers.get(route.host);
      if (!router) this.routers.set(route.host, (router = new Router({ sensitive: true })));
      // The matcher only: the pipeline runs the route. GET also answers HEAD (@koa/router's rule).
      if (route.method === 'GET') router.get(route.id, route.path, unused);
      else if (route.method === 'PUT') router.put(route.id, route.path, unused);
      else router.post(route.id, route.path, unused);
    }
    for (const route of routes) {
      if (route.path.includes(':') || route.path.includes('{')) continue;
      let table = this.exact.get(route.host);
      if (!table) this.exact.set(route.host, (table = new Map()));
      const key = `${route.method} ${route.path}`;
      // What the matcher itself answers for this path (an earlier route with parameters may win).
      const matched = this.match(route.host, route.method, route.path);
      // Shared by every call to that path: its (empty) parameters frozen.
      if (!table.has(key) && !(matched instanceof DingTalkError))
        table.set(key, { route: matched.route, pathParams: Object.freeze({}) as Record<string, string> });
    }
  }

  /**
   * The route for the request; when there is none, the DingTalkError to answer (405 or unknown API),
   * returned rather than thrown: the pipeline asks the stubs first (stubs.ts).
   */
  find(host: Host, method: string, path: string): Matched | DingTalkError {
    const plain = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const hit = this.exact.get(host)?.get(`${method === 'HEAD' ? 'GET' : method} ${plain}`);
    if (hit) return hit;
    return this.match(host, method, path);
  }

  private match(host: Host, method: string, path: string): Matched | DingTalkError {
    const router = this.routers.get(host);
    const match = router?.match(path, method);
    // Of two routes on one host, method and path, the first answers.
    const layer = match?.pathAndMethod.find((l) => l.opts.end !== false);
    const route = layer?.name ? this.byId.get(layer.name) : undefined;
    if (layer && route) return { route, pathParams: layer.params(path, layer.captures(path), {}) };
    return this.refusal(host, method, path, match?.path);
  }

  private refusal(host: Host, method: string, path: string, onPath?: Layer[]): DingTalkError {
    if (onPath && onPath.length > 0) {
      const allowed = this.routes.find((r) => r.host === host && onPath.some((l) => l.name === r.id));
      const only = allowed?.method ?? 'POST';
      return new DingTalkError(
        'methodNotAllowed',
        because(`${method} ${path} 只支持 ${only} 请求`, `${method} ${path} exists only as ${only}`),
        { method: only },
      );
    }
    return this.unknown(host, method, path);
  }

  private unknown(host: Host, method: string, path: string): DingTalkError {
    const nearby = this.routes
      .filter((r) => r.host === host)
      .map((r) => ({ r, score: commonPrefix(r.path, path) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map(({ r }) => `${r.method} ${r.path}`);
    const apiName = `dingtalk.oapi.${path.replace(/^\/(topapi\/)?/, '').replace(/\//g, '.')}`;
    return new DingTalkError(
      'unknownApi',
      because(
        `${host} 上没有接口 ${method} ${path}；最接近的：${nearby.join(' | ')}`,
        `no ${host} endpoint ${method} ${path}; closest: ${nearby.join(' | ')}`,
      ),
      { apiName },
    );
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
