/**
 * The OpenAPI 3.1 document (GET /__sandbox/api/openapi.json, mock-server/src/openapi/): valid by a
 * kept validator (@readme/openapi-parser) and every schema in it by Ajv's strict JSON Schema 2020-12;
 * every DingTalk route and every admin route exactly once, so a new route cannot be forgotten; and
 * what the zod schemas accept, the document's schemas accept too.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { inject } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { faultRuleInput } from '../../mock-server/src/faults/rule.ts';
import { updateAppBody } from '../../mock-server/src/http/admin/app-ops.ts';
import { adminRouter } from '../../mock-server/src/http/admin/index.ts';
import { clockBody } from '../../mock-server/src/http/admin/tenant-ops.ts';
import { ALL_ROUTES } from '../../mock-server/src/http/app.ts';
import { openRoute, type RouteDef } from '../../mock-server/src/http/route.ts';
import { Sandbox } from '../../mock-server/src/domain/tenancy/sandbox.ts';
import { openApiDocument } from '../../mock-server/src/openapi/index.ts';
import { openApiPath } from '../../mock-server/src/openapi/dingtalk.ts';
import { defaultSnapshot } from '../../mock-server/src/snapshots.ts';
import { createSandbox } from '../../mock-server/src/start.ts';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  security?: Json[];
  'x-dingtalk-scope'?: string;
  requestBody?: { content: Record<string, { schema: Json }> };
  parameters?: { name: string; in: string; schema: Json }[];
}

const METHODS = ['get', 'post', 'patch', 'delete', 'put'];

async function served(options: Parameters<typeof createSandbox>[0] = {}) {
  const { handler } = createSandbox(options);
  return inject(handler, { method: 'GET', url: '/__sandbox/api/openapi.json' });
}

const doc = openApiDocument(ALL_ROUTES) as unknown as {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Json> };
};

/** Every operation in the document with its method and path. */
function operations(): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path, op: item[m] as Operation })),
  );
}

function operation(id: string): Operation {
  const found = operations().find((o) => o.op.operationId === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found.op;
}

/** The JSON request body's schema of an operation, its $ref resolved. */
function bodySchema(op: Operation): Json {
  const schema = op.requestBody!.content['application/json']!.schema;
  const ref = schema.$ref;
  return typeof ref === 'string' ? doc.components.schemas[ref.split('/').pop()!]! : schema;
}

// Strict (unknown keywords and formats throw), but a type list like ["string", "number"] is plain JSON Schema.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });

/** Accepted by zod, and by the document's schema. */
function bothAccept(zod: z.ZodType, schema: Json, sample: unknown) {
  return { zod: zod.safeParse(sample).success, document: ajv.validate(schema, sample) };
}

describe('the OpenAPI document', () => {
  it('is served at GET /__sandbox/api/openapi.json and @readme/openapi-parser finds it valid OpenAPI 3.1', async () => {
    const r = await served();
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const served_ = r.json<Json>();
    expect(served_.openapi).toMatch(/^3\.1\./);
    const result = await validate(served_ as never);
    expect(result).toMatchObject({ valid: true, warnings: [] });
  });

  it('every schema in it compiles under Ajv’s strict JSON Schema 2020-12 (no unknown keywords or types)', () => {
    const schemas: Json[] = [...Object.values(doc.components.schemas)];
    for (const { op } of operations()) {
      for (const p of op.parameters ?? []) schemas.push(p.schema);
      for (const c of Object.values(op.requestBody?.content ?? {}))
        if (!c.schema.$ref) schemas.push(c.schema);
    }
    expect(schemas.length).toBeGreaterThan(50);
    const failures = schemas.flatMap((s) => {
      try {
        ajv.compile(s);
        return [];
      } catch (e) {
        return [`${JSON.stringify(s).slice(0, 120)}: ${(e as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });

  it('says the package’s version, and `dingtalk-sandbox openapi` prints the very document the sandbox serves', async () => {
    const served_ = (await served()).json<{ info: { version: string } }>();
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(served_.info.version).toBe(pkg.version);
    const cli = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'mock-server/src/cli.ts', 'openapi'],
      { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(JSON.parse(cli.stdout)).toEqual(served_);
  });

  it('answers behind the admin gate: with an admin token set, a call without it is refused 401 in the admin shape', async () => {
    const r = await served({ adminToken: 'open-sesame' });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});

describe('every route exactly once', () => {
  it('each route of ALL_ROUTES is one operation (operationId = route id) at its path, method, host, token and x-dingtalk-scope', () => {
    const ids = operations().map((o) => o.op.operationId);
    for (const route of ALL_ROUTES) {
      expect(ids.filter((id) => id === route.id)).toEqual([route.id]);
      const item = doc.paths[openApiPath(route.path)]!;
      const op = item[route.method.toLowerCase()] as Operation;
      expect(op.operationId).toBe(route.id);
      expect(item.servers).toContainEqual({
        url: `https://${route.host}.dingtalk.com`,
        description: 'DingTalk',
      });
      expect(op['x-dingtalk-scope']).toBe('scope' in route ? route.scope : undefined);
      const token =
        route.auth === 'none'
          ? []
          : route.auth === 'userToken'
            ? [{ userAccessToken: [] }]
            : [{ [route.host === 'oapi' ? 'legacyAccessToken' : 'appAccessToken']: [] }];
      expect(op.security).toEqual(token);
    }
  });

  it('each admin route the routers register (/__sandbox/api/**, /__sandbox/health) is one operation, and the document has no other', () => {
    const mw = adminRouter({ sandbox: new Sandbox(), defaultSnapshot, routes: ALL_ROUTES }) as unknown as {
      router: { stack: { path: string; methods: string[] }[] };
    };
    const registered = mw.router.stack
      .filter((l) => l.path.startsWith('/__sandbox/api/') || l.path === '/__sandbox/health')
      .flatMap((l) =>
        // HEAD comes with GET; OPTIONS is the client endpoints' CORS preflight, not an operation.
        l.methods.filter((m) => m !== 'HEAD' && m !== 'OPTIONS').map((m) => `${m} ${openApiPath(l.path)}`),
      );
    const documented = operations()
      .filter((o) => o.path.startsWith('/__sandbox'))
      .map((o) => `${o.method} ${o.path}`);
    expect(documented.sort()).toEqual(registered.sort());
  });

  it('a route with neither a params schema nor a description by hand stops the generation, naming it', () => {
    const forgotten: RouteDef = openRoute({
      id: 'oapi.forgotten',
      method: 'GET',
      path: '/forgotten',
      host: 'oapi',
      handle: () => ({}),
    });
    expect(() => openApiDocument([...ALL_ROUTES, forgotten])).toThrow(/oapi\.forgotten/);
  });
});

describe('what zod accepts, the document accepts', () => {
  const route = (id: string) => ALL_ROUTES.find((r) => r.id === id)!;

  it('v2/user/list (S4, A1): integers as numbers or as the legacy Java SDK’s strings, booleans as "true"', () => {
    const r = route('oapi.v2.user.list');
    const schema = bodySchema(operation(r.id));
    for (const sample of [
      { dept_id: 1, cursor: 0, size: 100 },
      { dept_id: '1', cursor: '0', size: '100', contain_access_limit: 'false', order_field: 'entry_asc' },
    ]) {
      expect(bothAccept(r.params!, schema, sample)).toEqual({ zod: true, document: true });
    }
    expect(bothAccept(r.params!, schema, { dept_id: 'one', cursor: 0, size: 1 })).toEqual({
      zod: false,
      document: false,
    });
  });

  it('v2/user/get (E1): a numeric userid is taken as its string; a missing one is refused by both', () => {
    const r = route('oapi.v2.user.get');
    const schema = bodySchema(operation(r.id));
    expect(bothAccept(r.params!, schema, { userid: 'manager1471' })).toEqual({ zod: true, document: true });
    expect(bothAccept(r.params!, schema, { userid: 1471 })).toEqual({ zod: true, document: true });
    expect(bothAccept(r.params!, schema, { language: 'zh_CN' })).toEqual({ zod: false, document: false });
  });

  it('the new host’s userAccessToken (L1) and robot batchSend (M3) bodies', () => {
    const token = route('api.oauth2.userAccessToken');
    expect(
      bothAccept(token.params!, bodySchema(operation(token.id)), {
        clientId: 'dingkey',
        clientSecret: 'secret',
        grantType: 'authorization_code',
        code: 'abc',
      }),
    ).toEqual({ zod: true, document: true });
    const send = route('api.robot.oToMessages.batchSend');
    expect(
      bothAccept(send.params!, bodySchema(operation(send.id)), {
        robotCode: 'dingkey',
        userIds: ['manager1471'],
        msgKey: 'sampleText',
        msgParam: '{"content":"hi"}',
      }),
    ).toEqual({ zod: true, document: true });
  });

  it('admin bodies: a fault rule (X2), an app update (S1) and a clock move', () => {
    const faults = bodySchema(operation('admin.post.tenants.corpId.faults'));
    expect(
      bothAccept(faultRuleInput, faults, {
        match: { route: 'oapi.v2.user.get', body: { userid: 'manager1471' } },
        action: { type: 'error', kind: 'expiredAccessToken' },
        times: 2,
      }),
    ).toEqual({ zod: true, document: true });
    expect(bothAccept(faultRuleInput, faults, { action: { type: 'explode' } })).toEqual({
      zod: false,
      document: false,
    });
    const app = bodySchema(operation('admin.patch.tenants.corpId.apps.appKey'));
    expect(
      bothAccept(updateAppBody, app, {
        redirectUrls: ['http://127.0.0.1:3710/auth/dingtalk/callback'],
        scopes: ['qyapi_base', 'Contact.User.Read'],
        ipAllowList: ['10.0.3.*'],
      }),
    ).toEqual({ zod: true, document: true });
    const clock = bodySchema(operation('admin.post.tenants.corpId.clock'));
    expect(bothAccept(clockBody, clock, { advanceSeconds: 7200 })).toEqual({ zod: true, document: true });
  });
});
