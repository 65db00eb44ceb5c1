/**
 * Property: whatever a client sends to any endpoint, the answer is the host's own envelope and never
 * a 5xx (except the 5xx DingTalk itself answers with, from the catalogue). Seeds are printed by
 * fast-check on failure, for replay.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ALL_ROUTES } from '../../mock-server/src/http/app.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

const s = makeSandbox();
const validToken = await s.tokenFor();
// JSON endpoints of every DingTalk host (the login host's QR status/refresh answer in the api envelope);
// pages (HTML, scripts, redirects) have their own property below.
const routes = ALL_ROUTES.filter((r) => r.host !== 'admin' && !r.page);
const pages = ALL_ROUTES.filter((r) => r.page);
/** The catalogued DingTalk 5xx answers (docs/dingtalk/tokens.md: unknown corpId on the client_credentials route). */
const DINGTALK_5XX = new Set(['unknownError']);

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'manager1471',
    '1',
    '0',
    '-1',
    '100',
    '101',
    'true',
    'false',
    '',
    s.main.appKey,
    s.main.appSecret,
  ),
);
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }),
);
const fields = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'userid',
      'unionid',
      'dept_id',
      'cursor',
      'size',
      'only_active',
      'order_field',
      'appKey',
      'appSecret',
      'client_id',
      'client_secret',
      'grant_type',
      'language',
    ),
    fc.string({ maxLength: 8 }),
  ),
  value,
  { maxKeys: 6 },
);
/** A valid body per route, which the fuzzer then mutates: most bugs hide one field away from valid. */
const VALID: Record<string, Record<string, unknown>> = {
  'oapi.v2.user.get': { userid: 'manager1471' },
  'oapi.user.getbyunionid': { unionid: s.tenant.directory.getUser('manager1471')!.unionid },
  'oapi.v2.user.list': { dept_id: 1, cursor: 0, size: 10 },
  'oapi.user.listsimple': { dept_id: 1, cursor: 0, size: 10 },
  'oapi.user.listid': { dept_id: 1 },
  'oapi.user.count': { only_active: false },
  'oapi.v2.department.get': { dept_id: 1 },
  'oapi.v2.department.listsub': { dept_id: 1 },
  'oapi.v2.department.listsubid': { dept_id: 1 },
  'api.oauth2.accessToken': { appKey: s.main.appKey, appSecret: s.main.appSecret },
  'api.oauth2.userAccessToken': {
    clientId: s.main.appKey,
    clientSecret: s.main.appSecret,
    code: 'f'.repeat(32),
    grantType: 'authorization_code',
  },
  'oapi.sns.getuserinfo_bycode': {
    accessKey: s.main.appKey,
    timestamp: '1',
    signature: 'x',
    tmp_auth_code: 'x',
  },
  'api.oauth2.corpToken': {
    client_id: s.main.appKey,
    client_secret: s.main.appSecret,
    grant_type: 'client_credentials',
  },
};
const mutated = (routeId: string) =>
  fc
    .record({ drop: fc.subarray(Object.keys(VALID[routeId] ?? {})), replace: fields })
    .map(({ drop, replace }) => {
      const body: Record<string, unknown> = { ...(VALID[routeId] ?? {}) };
      for (const k of drop) delete body[k];
      return { ...body, ...replace };
    });
const rawBody = (routeId: string) =>
  fc.oneof(
    mutated(routeId).map((f) => ({ body: JSON.stringify(f), type: 'application/json' })),
    fields.map((f) => ({ body: JSON.stringify(f), type: 'application/json' })),
    fc.string({ maxLength: 40 }).map((b) => ({ body: b, type: 'application/json' })),
    fc.string({ maxLength: 40 }).map((b) => ({ body: b, type: 'application/x-www-form-urlencoded' })),
    fc.string({ maxLength: 40 }).map((b) => ({ body: b, type: 'text/plain' })),
    fc.constant({ body: '', type: 'application/json' }),
  );
const token = fc.constantFrom(validToken, '', 'bad', 'f'.repeat(32));

/** Routes that serve a file's bytes (robot messageFiles download URLs), not a page or an API answer. */
const FILE_ROUTES = new Set(['api.robot.messageFiles.content']);

describe('malformed requests to every endpoint', () => {
  const corpId = fc.constantFrom(s.tenant.corpId, 'dingx', '%E4%B8%AD', '..');
  const request = fc
    .constantFrom(...routes)
    .chain((route) => fc.record({ route: fc.constant(route), body: rawBody(route.id), query: fields }));
  test.prop([request, fc.constantFrom('GET', 'POST'), token, corpId], { numRuns: 400 })(
    'always answer in the host’s envelope and never with an unexpected 5xx',
    async ({ route, body, query }, method, tok, corp) => {
      const path = route.path.replace(':corpId', corp);
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) qs.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      if (tok) qs.set('access_token', tok);
      const headers: Record<string, string> = { 'content-type': body.type };
      if (tok) headers['x-acs-dingtalk-access-token'] = tok;
      const r = await s.request(method as 'GET' | 'POST', `${path}?${qs.toString()}`, {
        body: body.body,
        headers,
      });
      const json = r.json() as Record<string, unknown>;
      if (route.host === 'oapi') {
        expect(r.statusCode).toBe(200);
        expect(typeof json.errcode).toBe('number');
        expect(typeof json.errmsg).toBe('string');
        if (json.errcode === 0) expect(json).not.toHaveProperty('sub_code');
      } else if (r.statusCode >= 400) {
        expect(typeof json.code).toBe('string');
        expect(typeof json.message).toBe('string');
        expect(typeof json.requestid).toBe('string');
        if (r.statusCode >= 500) expect([...DINGTALK_5XX]).toContain(String(json.code));
      } else {
        expect(r.statusCode).toBe(200);
        expect(json).not.toHaveProperty('errcode');
      }
      // Nothing the sandbox did not expect: a crash would be journaled as outcome "error".
      expect(s.tenant.journal.query({ outcome: 'error' })).toHaveLength(0);
      expect(s.sandbox.unattributed.query({ outcome: 'error' })).toHaveLength(0);
    },
  );

  const ua = fc.constantFrom(
    'Mozilla/5.0',
    'Mozilla/5.0 AliApp(DingTalk/7.6.0)',
    'Mozilla/5.0 DingTalk(7.6.0)',
  );
  const pageQuery = fc.record({
    base: fc.constantFrom(
      {},
      {
        client_id: s.main.appKey,
        redirect_uri: 'http://127.0.0.1:3710/cb',
        response_type: 'code',
        scope: 'openid',
      },
      {
        appid: s.main.appKey,
        redirect_uri: 'http://127.0.0.1:3710/cb',
        response_type: 'code',
        scope: 'snsapi_login',
      },
    ),
    extra: fields,
  });
  test.prop([fc.constantFrom(...pages), pageQuery, fc.constantFrom('GET', 'POST'), ua], { numRuns: 200 })(
    'login pages answer a page, a redirect or the host envelope, never a crash',
    async (route, { base, extra }, method, agent) => {
      const qs = new URLSearchParams(base as Record<string, string>);
      for (const [k, v] of Object.entries(extra)) qs.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      const r = await s.request(method as 'GET' | 'POST', `${route.path}?${qs.toString()}`, {
        headers: { 'user-agent': agent, cookie: `dt_sandbox_user=${s.tenant.corpId}:manager1471` },
      });
      const type = String(r.headers['content-type'] ?? '');
      if (r.statusCode === 302 || r.statusCode === 303) expect(r.headers.location).toBeTruthy();
      else if (type.startsWith('text/html') || type.startsWith('application/javascript'))
        expect(r.statusCode).toBe(200);
      else if (FILE_ROUTES.has(route.id) && type.startsWith('text/plain'))
        // A download URL is a file server's, not an API: a bad one is refused in a line of text.
        expect([403, 404]).toContain(r.statusCode);
      else {
        const json = r.json() as Record<string, unknown>;
        expect(route.host === 'oapi' ? typeof json.errcode : typeof json.code).toBe(
          route.host === 'oapi' ? 'number' : 'string',
        );
        expect(r.statusCode).toBeLessThan(500);
      }
      expect(s.tenant.journal.query({ outcome: 'error' })).toHaveLength(0);
      expect(s.sandbox.unattributed.query({ outcome: 'error' })).toHaveLength(0);
    },
  );
});
