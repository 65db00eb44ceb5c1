/**
 * What the fuzzer and the soak aim at: every DingTalk route (ALL_ROUTES), every admin API endpoint
 * and console page (read from the admin router itself, so a new one is fuzzed without a list to
 * keep), and the values that make a call get past its first check (a real corpId, AppKey, token…),
 * read from the running sandbox through the admin API.
 */
import type { RouteDef } from '../../mock-server/src/http/route.ts';
import { adminRouter } from '../../mock-server/src/http/admin/index.ts';
import { ALL_ROUTES } from '../../mock-server/src/http/app.ts';
import { Sandbox } from '../../mock-server/src/domain/tenancy/sandbox.ts';
import type { TenantSnapshot } from '../../mock-server/src/domain/tenancy/tenant.ts';

/** Who answers a path, and so which envelope its answers must be in. */
export type Surface = 'oapi' | 'api' | 'login' | 'admin-api' | 'console';

export interface Target {
  /** A route id, or `admin METHOD path` for the sandbox's own pages. */
  id: string;
  method: string;
  /** Path template with `:name` parameters. */
  path: string;
  surface: Surface;
  /** A page (HTML, script or redirect) rather than JSON. */
  page: boolean;
}

export function dingTalkTargets(): Target[] {
  return ALL_ROUTES.map((r: RouteDef) => ({
    id: r.id,
    method: r.method,
    path: r.path,
    surface: r.host === 'admin' ? 'admin-api' : r.host,
    page: Boolean(r.page),
  }));
}

/** The admin API and console routes, as @koa/router registered them (HEAD and catch-alls left out). */
export function sandboxTargets(): Target[] {
  const mw = adminRouter({
    sandbox: new Sandbox({}),
    defaultSnapshot: () => ({}) as TenantSnapshot,
    routes: ALL_ROUTES,
  }) as unknown as { router: { stack: { methods: string[]; path: string }[] } };
  const out: Target[] = [];
  for (const layer of mw.router.stack) {
    if (layer.methods.length === 0 || layer.methods.length > 5 || layer.path.includes('{*')) continue;
    const method = layer.methods.find((m) => m !== 'HEAD')!;
    const api = layer.path.startsWith('/__sandbox/api/');
    out.push({
      id: `admin ${method} ${layer.path}`,
      method,
      path: layer.path,
      surface: api || layer.path === '/__sandbox/health' ? 'admin-api' : 'console',
      page: !api,
    });
  }
  return out;
}

/** Real values from the running sandbox, so fuzzed calls also reach past authentication. */
export interface Fixture {
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: string;
  userid: string;
  unionid: string;
  token: string;
  /** A tenant the fuzzer may break (delete, reset, clock) — recreated when gone. */
  scratchCorpId: string;
  scratchAppKey: string;
  robotToken: string;
  /** Origins the default tenant's apps may redirect to (their registered redirect URLs). */
  redirectOrigins: string[];
}

export async function readFixture(url: string): Promise<Fixture> {
  const json = async (path: string, init?: RequestInit) => {
    const r = await fetch(`${url}${path}`, init);
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as Record<string, unknown>;
  };
  type App = { appKey: string; appSecret: string; agentId: number; name: string; redirectUrls?: string[] };
  type TenantView = { corpId: string; default: boolean; apps: App[] };
  const { tenants } = (await json('/__sandbox/api/tenants')) as { tenants: TenantView[] };
  const main = tenants.find((t) => t.default)!;
  const app = main.apps.find((a) => a.name === '观远BI') ?? main.apps[0]!;
  const tok = await json(`/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`);
  const user = await json(`/topapi/v2/user/get?access_token=${String(tok.access_token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userid: 'manager1471' }),
  });
  const robots = (await json(`/__sandbox/api/tenants/${main.corpId}/robots`)) as {
    robots?: { accessToken: string }[];
  };
  const scratch = await createScratch(url);
  const origins = new Set<string>();
  for (const a of main.apps)
    for (const u of a.redirectUrls ?? []) {
      try {
        origins.add(new URL(u).origin);
      } catch {
        // not a URL: nothing may redirect there
      }
    }
  return {
    corpId: main.corpId,
    appKey: app.appKey,
    appSecret: app.appSecret,
    agentId: String(app.agentId),
    userid: 'manager1471',
    unionid: String((user.result as { unionid?: string } | undefined)?.unionid ?? ''),
    token: String(tok.access_token),
    scratchCorpId: scratch.corpId,
    scratchAppKey: scratch.appKey,
    robotToken: robots.robots?.[0]?.accessToken ?? '',
    redirectOrigins: [...origins],
  };
}

/** A new tenant from the default snapshot: its corpId and first AppKey. */
export async function createScratch(url: string): Promise<{ corpId: string; appKey: string }> {
  const r = await fetch(`${url}/__sandbox/api/tenants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const t = (await r.json()) as { corpId: string; apps: { appKey: string }[] };
  return { corpId: t.corpId, appKey: t.apps[0]!.appKey };
}

/** Which surface answers a request: a DingTalk Host header decides, else the path (request-context.ts). */
export function surfaceOf(hostHeader: string | undefined, target: string): Surface {
  const name = (hostHeader ?? '').split(':')[0]!.toLowerCase();
  const path = pathOf(target);
  if (name === 'oapi.dingtalk.com') return 'oapi';
  if (name === 'api.dingtalk.com') return 'api';
  if (name === 'login.dingtalk.com') return 'login';
  if (path.startsWith('/__sandbox/api') || /^\/__sandbox\/health\/?$/.test(path)) return 'admin-api';
  if (path === '/__sandbox' || path.startsWith('/__sandbox/')) return 'console';
  if (path.startsWith('/v1.0/')) return 'api';
  if (path.startsWith('/oauth2/') || path.startsWith('/login/')) return 'login';
  return 'oapi';
}

/** The path of a request target as koa sees it (absolute-form targets included). */
export function pathOf(target: string): string {
  let t = target;
  if (/^https?:\/\//i.test(t)) {
    const slash = t.indexOf('/', t.indexOf('//') + 2);
    t = slash < 0 ? '/' : t.slice(slash);
  }
  const cut = t.search(/[?#]/);
  return cut < 0 ? t : t.slice(0, cut);
}
