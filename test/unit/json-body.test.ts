import { inspect } from 'node:util';
import { fc, test } from '@fast-check/vitest';
import Koa, { type Context, type Middleware } from 'koa';
import inject from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { isDingTalkError } from '../../mock-server/src/domain/errors.ts';
import { loadParser } from '../../mock-server/src/http/middleware/body.ts';
import { readCallBody } from '../../mock-server/src/http/pipeline/body.ts';
import { Exchange } from '../../mock-server/src/http/pipeline/exchange.ts';
import type { CallState } from '../../mock-server/src/http/route.ts';

// The pipeline's body step (pipeline/body.ts) reads plain JSON bodies itself (npm run bench) and any
// other type with co-body, and must give what @koa/bodyparser gives with middleware/body.ts's options
// (the sandbox's own pages read theirs with it): the same body, or the same error.

interface Outcome {
  body?: unknown;
  error?: { message: string; details: unknown };
}

async function outcomeOf(
  parser: Middleware,
  req: { path: string; type: string; payload: Buffer; length: number },
): Promise<Outcome> {
  let out: Outcome = {};
  const app = new Koa();
  app.use(async (ctx: Context, next) => {
    try {
      await next();
    } catch (e) {
      if (!isDingTalkError(e)) throw e;
      out = { error: { message: e.reason, details: e.details } };
      ctx.body = 'refused';
    }
  });
  app.use(parser);
  app.use((ctx: Context) => {
    out = { body: (ctx.request as unknown as { body?: unknown }).body };
    ctx.body = 'ok';
  });
  await inject(app.callback(), {
    method: 'POST',
    url: req.path,
    headers: { 'content-type': req.type, 'content-length': String(req.length) },
    payload: req.payload,
  });
  return out;
}

const general = await loadParser();
/** The pipeline's body step (readCallBody) as a middleware, to run beside @koa/bodyparser's. */
const body: Middleware = async (ctx, next) => {
  const x = new Exchange(ctx.req, ctx.res, {} as CallState);
  await readCallBody(x);
  (ctx.request as unknown as { body?: unknown }).body = x.body;
  await next();
};

const bodies = fc.oneof(
  fc.json().map((s) => Buffer.from(s)),
  fc.json().map((s) => Buffer.from(`\ufeff${s}`)),
  fc
    .jsonValue()
    .map((v) => Buffer.from(JSON.stringify({ v, __proto__: null }).replace('"v"', '"__proto__"'))),
  fc
    .constantFrom(
      '',
      '  ',
      '\ufeff',
      'null',
      '"x"',
      '12',
      '{"a":{"b":[{"\\u005f_proto__":{}}]}}',
      '{"note":"\\"__proto__\\": is only text"}',
      '{"constructor":{"prototype":{"x":1}}}',
      '{"userid":"manager1471"}',
      '{"a":1,}',
      '[1,2',
    )
    .map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
  fc.string({ unit: 'binary', maxLength: 30 }).map((s) => Buffer.from(s)),
);

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON;charset=UTF-8',
  'application/json; charset=gbk',
  'application/json;',
  'text/plain',
);

describe('DingTalk call bodies, read without @koa/bodyparser', () => {
  test.prop(
    [
      bodies,
      contentTypes,
      fc.constantFrom(0, 0, 0, -1, 1),
      fc.constantFrom('/topapi/v2/user/get', '/robot/send'),
    ],
    { numRuns: 600 },
  )('give what @koa/bodyparser gives', async (payload, type, skew, path) => {
    const req = { path, type, payload, length: Math.max(0, payload.length + skew) };
    // inspect, not toStrictEqual: a parsed `constructor` key defeats the latter's type check.
    expect(inspect(await outcomeOf(body, req), { depth: null })).toBe(
      inspect(await outcomeOf(general, req), { depth: null }),
    );
  });

  it('parses the usual call and refuses a __proto__ key as the general parser does', async () => {
    const req = (s: string) => ({
      path: '/topapi/v2/user/get',
      type: 'application/json',
      payload: Buffer.from(s),
      length: Buffer.byteLength(s),
    });
    expect(await outcomeOf(body, req('{"userid":"manager1471"}'))).toStrictEqual({
      body: { userid: 'manager1471' },
    });
    expect(await outcomeOf(body, req('{"__proto__":{"admin":true}}'))).toStrictEqual({
      error: {
        message: 'the request body could not be parsed: Object contains forbidden prototype property',
        details: {},
      },
    });
  });
});
