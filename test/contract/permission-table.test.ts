/**
 * One table for permissions: for every endpoint the sandbox serves, the point 权限管理 lists it
 * under (or 无需权限), the point the server refuses it without, and the point the minimal-permission
 * report counts for it are the same (S3, E1, A2, M4). Walked with an app that holds no point at all.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ROUTES } from '../../mock-server/src/http/app.ts';
import { SCENARIOS } from '../../mock-server/src/scenarios/catalogue.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

const NONE = '无需权限';
const key = (method: string, path: string) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`;

describe('the permission table: console listing == enforcement == report', () => {
  let sb: RunningSandbox;
  let corpId: string;
  let appKey: string;
  /** API ("METHOD /path") → the point the console lists it under, or 无需权限. */
  const listed = new Map<string, string[]>();

  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
    const t = sb.defaultTenant;
    corpId = t.corpId;
    appKey = t.addApp({ name: '无权限应用', scopes: [] }).appKey;
    const html = await (
      await fetch(`${sb.url}/__sandbox/tenants/${corpId}/apps/${appKey}/permissions`)
    ).text();
    // Rows: <tr data-scope="…"> … <div data-api="METHOD /path"> (field-only APIs are marked and skipped).
    for (const part of html.split('<tr').slice(1)) {
      const row = part.slice(0, part.indexOf('</tr>'));
      const scope = /^[^>]*data-scope="([^"]+)"/.exec(row)?.[1];
      if (!scope) continue;
      for (const m of row.matchAll(/data-api="([^"]+)"(?! data-field)/g))
        listed.set(m[1]!, [...(listed.get(m[1]!) ?? []), scope]);
    }
    const none = html.slice(html.indexOf('id="no-scope-apis"'));
    for (const m of none.matchAll(/data-api="([^"]+)"/g))
      listed.set(m[1]!, [...(listed.get(m[1]!) ?? []), NONE]);
  });
  afterAll(() => sb?.stop());

  /** Call a route with the bare app's credentials; the point DingTalk's refusal names, or 无需权限. */
  async function enforced(route: (typeof ALL_ROUTES)[number]): Promise<string> {
    const t = sb.defaultTenant;
    const path = route.path.replace(/:(\w+)/g, (_, p: string) => (p === 'unionId' ? 'me' : corpId));
    const token =
      route.auth === 'userToken'
        ? t.userTokens.issue({ appKey, userid: 'manager1471', scopes: [] }, t.clock.now()).token
        : t.appTokens.issue(appKey, t.clock.now()).token;
    const url = new URL(path, sb.url);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (route.host === 'api') headers['x-acs-dingtalk-access-token'] = token;
    else url.searchParams.set('access_token', token);
    const r = await fetch(url, {
      method: route.method,
      headers,
      body: route.method === 'GET' ? undefined : '{}',
    });
    const body = (await r.json()) as Record<string, unknown>;
    const scopes =
      (body.accessdenieddetail as { requiredScopes?: string[] } | undefined)?.requiredScopes ??
      /\{requiredScopes=\[([^\]]+)\]\}/.exec(String(body.errmsg ?? ''))?.[1]?.split(',');
    return scopes?.join(',') ?? NONE;
  }

  it('S3 every served DingTalk API is listed once — under its point or 无需权限 — and refused exactly without that point', async () => {
    const lines = { listed: [] as string[], enforced: [] as string[] };
    for (const route of ALL_ROUTES.filter((r) => r.auth !== 'none')) {
      const k = key(route.method, route.path);
      lines.listed.push(`${k} → ${(listed.get(k) ?? ['nowhere']).join(' + ')}`);
      lines.enforced.push(`${k} → ${await enforced(route)}`);
    }
    expect(lines.listed).toEqual(lines.enforced);
  });

  it('M4 asyncsend_v2 and the other work-notification calls need qyapi_base, which the console lists them under', () => {
    for (const k of [
      'POST /topapi/message/corpconversation/asyncsend_v2',
      'POST /topapi/message/corpconversation/getsendresult',
      'POST /topapi/message/corpconversation/recall',
    ])
      expect(listed.get(k)).toEqual(['qyapi_base']);
  });

  it('the credential calls DingTalk documents without a point are listed under 无需权限', () => {
    for (const k of [
      'GET /gettoken',
      'POST /v1.0/oauth2/accessToken',
      'POST /sns/getuserinfo_bycode',
      'POST /robot/send',
    ])
      expect(listed.get(k)).toEqual([NONE]);
  });

  it('E1 A2 the minimal-permission report counts each refused call under the point the console lists', async () => {
    const r = await fetch(`${sb.url}/__sandbox/api/tenants/${corpId}/apps/${appKey}/permissions`);
    const report = (await r.json()) as { needed: { scope: string; routes: string[] }[] };
    const counted = new Map<string, string>();
    for (const n of report.needed) for (const id of n.routes) counted.set(id, n.scope);
    for (const route of ALL_ROUTES.filter((x) => x.auth !== 'none')) {
      const point = (listed.get(key(route.method, route.path)) ?? ['nowhere'])[0]!;
      expect(`${route.id}: ${counted.get(route.id) ?? NONE}`).toBe(`${route.id}: ${point}`);
    }
  });

  it('a new app holds qyapi_base (默认开通), so 权限管理 never shows it 未开通 on an app as created', async () => {
    const r = await fetch(`${sb.url}/__sandbox/api/tenants/${corpId}/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '新应用' }),
    });
    const app = (await r.json()) as { appKey: string; scopes: string[] };
    expect(app.scopes).toEqual(['qyapi_base']);
    const html = await (
      await fetch(`${sb.url}/__sandbox/tenants/${corpId}/apps/${app.appKey}/permissions`)
    ).text();
    const row = html.slice(html.indexOf('data-scope="qyapi_base"'));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('已开通');
  });

  it('S3 the default 观远BI app holds exactly the points the README names for it, and the S3 scenario names each', () => {
    const app = sb.defaultTenant.listApps().find((a) => a.name === '观远BI')!;
    const row = readFileSync('README.md', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('| 观远BI'))!;
    const named = [...row.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    expect([...named].sort()).toEqual([...app.scopes].sort());
    const s3 = SCENARIOS.find((x) => x.id === 'S3')!;
    for (const scope of app.scopes) expect(s3.zh).toContain(scope);
  });
});
