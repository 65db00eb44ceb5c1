/**
 * Test helpers: an in-process sandbox on the committed default tenant, reached through
 * light-my-request (no socket, no port), plus shortcuts for tokens and calls in both envelopes.
 */
import { inject, type Response } from 'light-my-request';
import { createSandbox } from '../../mock-server/src/start.ts';
import type { TenantSnapshot } from '../../mock-server/src/domain/tenancy/tenant.ts';
import type { MessagingOptions } from '../../mock-server/src/domain/messaging/messaging.ts';

export type TestSandbox = ReturnType<typeof makeSandbox>;

export function makeSandbox(
  opts: {
    snapshot?: TenantSnapshot;
    users?: number;
    journalSize?: number;
    messaging?: MessagingOptions;
  } = {},
) {
  const { sandbox, app, defaultTenant, handler, eventPusher } = createSandbox(opts);
  const [main, lacking, fresh] = defaultTenant.listApps();

  async function request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    init: { json?: unknown; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    let payload: string | undefined = init.body;
    if (init.json !== undefined) {
      payload = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    return inject(handler, { method, url, headers, payload });
  }

  /** A corp access token for an app of the default tenant (legacy gettoken). */
  async function tokenFor(app = main!): Promise<string> {
    const r = await request(
      'GET',
      `/gettoken?appkey=${app.appKey}&appsecret=${encodeURIComponent(app.appSecret)}`,
    );
    const body = r.json() as { access_token?: string; errmsg: string };
    if (!body.access_token) throw new Error(`gettoken failed: ${body.errmsg}`);
    return body.access_token;
  }

  /** POST a topapi call with a token and a JSON body; returns the parsed body. */
  async function topapi(path: string, token: string, json: unknown): Promise<Record<string, unknown>> {
    const r = await request('POST', `${path}?access_token=${token}`, { json });
    return r.json() as Record<string, unknown>;
  }

  return {
    sandbox,
    app,
    handler,
    eventPusher,
    tenant: defaultTenant,
    main: main!,
    lacking: lacking!,
    fresh: fresh!,
    request,
    tokenFor,
    topapi,
  };
}
