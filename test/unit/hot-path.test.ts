import type { IncomingMessage, ServerResponse } from 'node:http';
import type Koa from 'koa';
import { inject } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../mock-server/src/domain/journal/journal.ts';
import { ALL_ROUTES } from '../../mock-server/src/http/app.ts';
import { withHotPath } from '../../mock-server/src/http/hot-path.ts';
import { createLogger } from '../../mock-server/src/logger.ts';
import { createSandbox } from '../../mock-server/src/start.ts';

interface Req {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  type?: string;
  /** Whether the hot path answers it itself (else it hands it to koa: light-my-request sends no content-length for an empty body). */
  hot: boolean;
}

/** A sandbox with both request listeners: koa's own, and the hot path in front of it (counting what it hands on). */
function twoPaths() {
  const { sandbox, app, defaultTenant } = createSandbox();
  const koa = app.callback();
  let handedToKoa = 0;
  const counting = Object.create(app, {
    callback: {
      value: () => (req: IncomingMessage, res: ServerResponse) => {
        handedToKoa++;
        return koa(req, res);
      },
    },
  }) as Koa;
  const hot = withHotPath(counting, { sandbox, logger: createLogger('silent'), routes: ALL_ROUTES });
  const journals = [defaultTenant.journal, sandbox.unattributed];
  async function call(handler: typeof hot, r: Req) {
    const before = journals.map((j) => j.query().length);
    const res = await inject(handler, {
      method: r.method,
      url: r.url,
      payload: r.body,
      headers: r.body === undefined ? {} : { 'content-type': r.type ?? 'application/json' },
    });
    const entries = journals.flatMap((j, i) => j.query().slice(before[i]));
    expect(entries).toHaveLength(1);
    // Request id, duration, sequence number and time differ from call to call.
    const { requestId, durationMs: _d, seq: _s, at: _a, ...entry } = entries[0] as JournalEntry;
    const body = res.body.replace(requestId, '<id>');
    return {
      status: res.statusCode,
      type: res.headers['content-type'],
      length: String(res.headers['content-length']),
      body,
      entry,
    };
  }
  return { sandbox, tenant: defaultTenant, koa, hot, call, handedToKoa: () => handedToKoa };
}

describe('the hot path (http/hot-path.ts)', () => {
  it('answers exactly as koa does: bodies, status, headers and journal entries', async () => {
    const p = twoPaths();
    const [main, lacking] = p.tenant.listApps();
    const token = (app = main!) => p.tenant.appTokens.issue(app.appKey, p.tenant.clock.now()).token;
    const t = token();
    const tl = token(lacking);
    const get = `/topapi/v2/user/get?access_token=${t}`;
    const requests: Req[] = [
      {
        name: 'gettoken',
        method: 'GET',
        url: `/gettoken?appkey=${main!.appKey}&appsecret=${main!.appSecret}`,
        hot: true,
      },
      {
        name: 'gettoken wrong secret',
        method: 'GET',
        url: `/gettoken?appkey=${main!.appKey}&appsecret=nope`,
        hot: true,
      },
      { name: 'user/get', method: 'POST', url: get, body: '{"userid":"manager1471"}', hot: true },
      {
        name: 'bad token',
        method: 'POST',
        url: '/topapi/v2/user/get?access_token=bogus',
        body: '{"userid":"manager1471"}',
        hot: true,
      },
      {
        name: 'no token',
        method: 'POST',
        url: '/topapi/v2/user/get',
        body: '{"userid":"manager1471"}',
        hot: true,
      },
      {
        name: 'missing scope',
        method: 'POST',
        url: `/topapi/v2/user/get?access_token=${tl}`,
        body: '{"userid":"manager1471"}',
        hot: true,
      },
      { name: 'unknown user', method: 'POST', url: get, body: '{"userid":"nobody"}', hot: true },
      {
        name: 'string-typed params',
        method: 'POST',
        url: `/topapi/v2/user/list?access_token=${t}`,
        body: '{"dept_id":"1","cursor":"0","size":"5"}',
        hot: true,
      },
      {
        name: 'invalid params',
        method: 'POST',
        url: `/topapi/v2/user/list?access_token=${t}`,
        body: '{"dept_id":"x"}',
        hot: true,
      },
      { name: 'malformed JSON', method: 'POST', url: get, body: '{"userid": ', hot: true },
      { name: 'empty JSON body', method: 'POST', url: get, body: '', hot: false },
      {
        name: 'form body',
        method: 'POST',
        url: get,
        body: 'userid=manager1471',
        type: 'application/x-www-form-urlencoded',
        hot: false,
      },
      {
        name: 'escaped query',
        method: 'POST',
        url: `${get}&x=%41`,
        body: '{"userid":"manager1471"}',
        hot: false,
      },
      {
        name: 'unknown path',
        method: 'POST',
        url: `/topapi/v2/user/nope?access_token=${t}`,
        body: '{}',
        hot: false,
      },
    ];
    for (const r of requests) {
      const viaKoa = await p.call(p.koa, r);
      const handed = p.handedToKoa();
      const viaHot = await p.call(p.hot, r);
      expect({ name: r.name, ...viaHot }).toEqual({ name: r.name, ...viaKoa });
      expect({ name: r.name, hot: p.handedToKoa() === handed }).toEqual({ name: r.name, hot: r.hot });
    }
  });

  it('hands every call to koa while a tenant has a fault rule, which then applies', async () => {
    const p = twoPaths();
    const t = p.tenant.appTokens.issue(p.tenant.listApps()[0]!.appKey, p.tenant.clock.now()).token;
    p.tenant.faults.add({
      match: { route: 'oapi.v2.user.get' },
      action: { type: 'rateLimit' },
      times: 'always',
    });
    const r = await p.call(p.hot, {
      name: 'faulted',
      method: 'POST',
      url: `/topapi/v2/user/get?access_token=${t}`,
      body: '{"userid":"manager1471"}',
      hot: false,
    });
    expect(p.handedToKoa()).toBe(1);
    expect(r.entry.outcome).toBe('fault');
  });
});
