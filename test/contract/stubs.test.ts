/**
 * Stubs (docs/stubs.md, decision 0026): an endpoint the sandbox does not emulate, answered from data
 * added by the admin API or the config file, through the one pipeline — the token checked as real
 * routes check it, journaled as stub:<id>, reachable by fault rules; real routes win; an unknown path
 * lists the host's stubs, nearest first; bad definitions are a 400 in the admin API's shape.
 */
import { describe, expect, it } from 'vitest';
import { tenantsFromConfig } from '../../mock-server/src/config/tenants.ts';
import { sandboxConfig } from '../../mock-server/src/config/schema.ts';
import { ALL_ROUTES } from '../../mock-server/src/http/app.ts';
import { createSandbox } from '../../mock-server/src/start.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

type Json = Record<string, unknown>;

/** {a: {a: … {}}}, `levels` deep. */
function deep(levels: number): Json {
  let v: Json = {};
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

async function addStub(s: TestSandbox, stub: unknown, corpId = s.tenant.corpId) {
  const r = await s.request('POST', `/__sandbox/api/tenants/${corpId}/stubs`, { json: stub });
  return { status: r.statusCode, body: r.json() as Json };
}

async function journal(s: TestSandbox, corpId = s.tenant.corpId) {
  const r = await s.request('GET', `/__sandbox/api/tenants/${corpId}/journal`);
  return (r.json() as { entries: Json[] }).entries;
}

/** A stand-in for an attendance call the sandbox does not serve (topapi: errcode 88 for auth errors). */
const leaveStatus = {
  id: 'leave',
  host: 'oapi',
  method: 'POST',
  path: '/topapi/attendance/getleavestatus',
  response: { body: { result: { has_more: false, leave_status: [] } } },
};

describe('stubs through the one pipeline', () => {
  it('added by the admin API, a stub answers a call with the tenant’s token in the oapi envelope (errcode 0, errmsg ok, request_id) and is journaled as stub:<id>', async () => {
    const s = makeSandbox();
    const added = await addStub(s, leaveStatus);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: 'leave', route: 'stub:leave', requireToken: true, hits: 0 });

    const token = await s.tokenFor();
    const r = await s.request('POST', `/topapi/attendance/getleavestatus?access_token=${token}`, {
      json: { userid_list: 'manager1471', start_time: 1, end_time: 2, offset: 0, size: 20 },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = r.json() as Json;
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      result: { has_more: false, leave_status: [] },
      request_id: expect.stringMatching(/^\w+$/),
    });
    const entry = (await journal(s)).at(-1)!;
    expect(entry).toMatchObject({
      route: 'stub:leave',
      status: 200,
      outcome: 'ok',
      appKey: s.main.appKey,
      requestId: body.request_id,
    });
    const listed = (await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/stubs`)).json() as {
      stubs: Json[];
    };
    expect(listed.stubs).toEqual([expect.objectContaining({ id: 'leave', hits: 1 })]);
  });

  it('without a token, or with one never issued, the stub refuses exactly as a real topapi route does (41001 / 40014 wrapped in 88)', async () => {
    const s = makeSandbox();
    await addStub(s, leaveStatus);
    for (const query of ['', '?access_token=nope']) {
      const stubbed = (
        await s.request('POST', `/topapi/attendance/getleavestatus${query}`, { json: {} })
      ).json() as Json;
      const real = (await s.request('POST', `/topapi/v2/user/get${query}`, { json: {} })).json() as Json;
      const { request_id: a, ...stubRest } = stubbed;
      const { request_id: b, ...realRest } = real;
      expect(stubRest).toEqual(realRest);
      expect(stubRest.errcode).toBe(88);
      expect([typeof a, typeof b]).toEqual(['string', 'string']);
    }
  });

  it('on api the body and status are answered as given; the token is the x-acs-dingtalk-access-token header, refused in the api envelope when missing', async () => {
    const s = makeSandbox();
    await addStub(s, {
      host: 'api',
      method: 'GET',
      path: '/v1.0/attendance/groups/*/members',
      query: { maxResults: '20' },
      response: { status: 200, body: { result: [{ userId: 'manager1471' }], hasMore: false } },
    });
    const token = await s.tokenFor();
    const ok = await s.request('GET', '/v1.0/attendance/groups/777/members?maxResults=20', {
      headers: { 'x-acs-dingtalk-access-token': token },
    });
    expect([ok.statusCode, ok.json()]).toEqual([
      200,
      { result: [{ userId: 'manager1471' }], hasMore: false },
    ]);

    const missing = await s.request('GET', '/v1.0/attendance/groups/777/members?maxResults=20');
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'AuthenticationFailed.MissingParameter' });
    // As a real route's: a call without a token belongs to no tenant.
    expect(s.sandbox.unattributed.query().at(-1)).toMatchObject({ route: 'stub:s1', outcome: 'refused' });
  });

  it('a stub’s error answer (status ≥ 400 or errcode ≠ 0) is journaled as refused, with its code; raw answers the body without the envelope', async () => {
    const s = makeSandbox();
    await addStub(s, {
      host: 'api',
      method: 'POST',
      path: '/v1.0/workflow/processInstances',
      response: { status: 400, body: { code: 'InvalidParameter.ProcessCode', message: '审批模板不存在' } },
    });
    await addStub(s, {
      host: 'oapi',
      method: 'GET',
      path: '/media/downloadFile',
      response: { raw: true, body: ['not', 'an', 'envelope'] },
    });
    const token = await s.tokenFor();
    const refused = await s.request('POST', '/v1.0/workflow/processInstances', {
      headers: { 'x-acs-dingtalk-access-token': token },
      json: { processCode: 'PROC-X' },
    });
    expect([refused.statusCode, refused.json()]).toEqual([
      400,
      { code: 'InvalidParameter.ProcessCode', message: '审批模板不存在' },
    ]);
    expect((await journal(s)).at(-1)).toMatchObject({
      route: 'stub:s1',
      status: 400,
      outcome: 'refused',
      code: 'InvalidParameter.ProcessCode',
    });
    const raw = await s.request('GET', `/media/downloadFile?access_token=${token}`);
    expect(raw.json()).toEqual(['not', 'an', 'envelope']);
  });

  it('X2 a fault rule naming stub:<id> applies to the stub’s calls (rate limit 90018 instead of its answer)', async () => {
    const s = makeSandbox();
    await addStub(s, leaveStatus);
    const rule = await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/faults`, {
      json: { match: { route: 'stub:leave' }, action: { type: 'rateLimit' } },
    });
    expect(rule.statusCode).toBe(201);
    const token = await s.tokenFor();
    const first = await s.topapi('/topapi/attendance/getleavestatus', token, {});
    expect(first.errcode).toBe(90018);
    expect((await journal(s)).at(-1)).toMatchObject({ route: 'stub:leave', outcome: 'fault' });
    const second = await s.topapi('/topapi/attendance/getleavestatus', token, {});
    expect(second.errcode).toBe(0);
  });

  it('the body match (a JSON subset) picks between two stubs of one path', async () => {
    const s = makeSandbox();
    const path = '/topapi/processinstance/get';
    await addStub(s, {
      id: 'agree',
      host: 'oapi',
      method: 'POST',
      path,
      body: { process_instance_id: 'PI-1' },
      response: { body: { process_instance: { result: 'agree' } } },
    });
    await addStub(s, {
      id: 'refuse',
      host: 'oapi',
      method: 'POST',
      path,
      body: { process_instance_id: 'PI-2', extra: { nested: [1, 2] } },
      response: { body: { process_instance: { result: 'refuse' } } },
    });
    const token = await s.tokenFor();
    const one = await s.topapi(path, token, { process_instance_id: 'PI-1', more: true });
    const two = await s.topapi(path, token, { process_instance_id: 'PI-2', extra: { nested: [1, 2], x: 1 } });
    expect([one.process_instance, two.process_instance]).toEqual([{ result: 'agree' }, { result: 'refuse' }]);
    // An array must match element by element: [1] is not [1, 2].
    const none = await s.topapi(path, token, { process_instance_id: 'PI-2', extra: { nested: [1] } });
    expect(none.errcode).toBe(22);
  });

  it('an unknown path lists the host’s stubs, nearest first, with why each did not answer', async () => {
    const s = makeSandbox();
    await addStub(s, { ...leaveStatus, body: { userid_list: 'manager1471' } });
    await addStub(s, { id: 'far', host: 'oapi', method: 'GET', path: '/department/list' });
    await addStub(s, { id: 'other-host', host: 'api', method: 'POST', path: '/v1.0/x' });
    const token = await s.tokenFor();
    const r = await s.topapi('/topapi/attendance/getleavestatus', token, { userid_list: 'someone' });
    expect(r.errcode).toBe(22);
    // Unknown paths stay unattributed, as before stubs (envelopes.test.ts).
    const entry = s.sandbox.unattributed.query().at(-1)!;
    expect(entry.route).toBeNull();
    expect(entry.reason).toMatch(
      /; stubs: leave POST \/topapi\/attendance\/getleavestatus \(body differs\) \| far GET \/department\/list \(path differs\)$/,
    );
    expect(entry.reasonZh).toContain('；桩：leave POST /topapi/attendance/getleavestatus（请求体不同）');

    const bare = makeSandbox();
    await bare.request('GET', '/nowhere');
    expect(bare.sandbox.unattributed.query().at(-1)!.reason).toMatch(/; stubs: none$/);
  });

  it('real routes win: a stub on GET /gettoken never answers', async () => {
    const s = makeSandbox();
    await addStub(s, {
      host: 'oapi',
      method: 'GET',
      path: '/gettoken',
      requireToken: false,
      response: { body: { stub: 1 } },
    });
    const r = (
      await s.request(
        'GET',
        `/gettoken?appkey=${s.main.appKey}&appsecret=${encodeURIComponent(s.main.appSecret)}`,
      )
    ).json() as Json;
    expect(r).toMatchObject({ errcode: 0, access_token: expect.any(String) });
    expect(r.stub).toBeUndefined();
  });

  it('a tenant’s token stub is that tenant’s: another tenant’s valid token gets the unknown API, the stub named as only for its corp', async () => {
    const s = makeSandbox();
    const other = s.sandbox.addTenant(s.tenant.toSnapshot(), { fresh: true, name: 'other' });
    await addStub(s, leaveStatus);
    const app = other.listApps()[0]!;
    const token = await s.tokenFor(app);
    const r = await s.topapi('/topapi/attendance/getleavestatus', token, {});
    expect(r.errcode).toBe(22);
    expect(s.sandbox.unattributed.query().at(-1)!.reason).toContain(
      `leave POST /topapi/attendance/getleavestatus (only for corp ${s.tenant.corpId})`,
    );
  });

  it('requireToken false: answered without a token, filed in the stub’s tenant; a permission point is refused as a route refuses it', async () => {
    const s = makeSandbox();
    await addStub(s, {
      host: 'oapi',
      method: 'GET',
      path: '/service/get_corp_info',
      requireToken: false,
      response: { body: { corp_name: '示例' } },
    });
    const open = (await s.request('GET', '/service/get_corp_info')).json() as Json;
    expect(open).toEqual({ errcode: 0, errmsg: 'ok', corp_name: '示例' });
    expect((await journal(s)).at(-1)).toMatchObject({ route: 'stub:s1', outcome: 'ok' });

    await addStub(s, {
      host: 'oapi',
      method: 'POST',
      path: '/topapi/smartwork/hrm/employee/queryonjob',
      scope: 'qyapi_hrm_read',
      response: { body: { result: {} } },
    });
    const refused = await s.topapi('/topapi/smartwork/hrm/employee/queryonjob', await s.tokenFor(), {});
    expect(refused.errcode).toBe(88);
    expect(refused.sub_code).toBe('60011');
    expect((await journal(s)).at(-1)).toMatchObject({ route: 'stub:s2', outcome: 'refused' });
  });

  it('bad definitions are refused with 400 invalidStub naming the field, and the server keeps answering', async () => {
    const s = makeSandbox();
    const bad: [unknown, RegExp][] = [
      [{ method: 'GET', path: '/x' }, /host/],
      [{ host: 'oapi', method: 'GET', path: 'x' }, /must start with \//],
      [{ host: 'oapi', method: 'GET', path: '/x?y=1' }, /query/],
      [{ host: 'oapi', method: 'GET', path: '/a/b**' }, /whole segments/],
      [{ host: 'oapi', method: 'GET', path: '/__sandbox/api/tenants' }, /cannot be stubbed/],
      // Wildcards that would make the path's match backtrack without bound.
      [{ host: 'oapi', method: 'GET', path: `/${'*a'.repeat(40)}` }, /at most one \* in a segment/],
      [{ host: 'oapi', method: 'GET', path: '/**/x/**' }, /at most one \*\*/],
      [{ host: 'admin', method: 'GET', path: '/x' }, /host/],
      [{ host: 'oapi', method: 'TRACE', path: '/x' }, /method/],
      [{ host: 'oapi', method: 'GET', path: '/x', response: { body: [1] } }, /JSON object/],
      [{ host: 'oapi', method: 'GET', path: '/x', response: { status: 99 } }, /status/],
      [
        { host: 'oapi', method: 'GET', path: '/x', requireToken: false, scope: 'qyapi_base' },
        /needs a token/,
      ],
      [{ host: 'oapi', method: 'GET', path: '/x', query: { a: 1 } }, /query/],
      [{ host: 'oapi', method: 'GET', path: '/x', surprise: true }, /surprise/],
      [{ id: 'bad id!', host: 'oapi', method: 'GET', path: '/x' }, /id/],
      ['not an object', /host/],
      // Nesting that would overflow the stack when matched or copied.
      [{ host: 'oapi', method: 'POST', path: '/x', response: { body: deep(65) } }, /nested deeper than 64/],
    ];
    for (const [stub, why] of bad) {
      const r = await addStub(s, stub);
      expect([r.status, (r.body.error as Json).code]).toEqual([400, 'invalidStub']);
      expect((r.body.error as Json).message).toMatch(why);
    }
    // 10,000 levels, as the client's JSON text (JSON.stringify itself overflows on such a value).
    const deepText = `{"host":"oapi","method":"POST","path":"/x","body":${'{"a":'.repeat(10_000)}{}${'}'.repeat(10_000)}}`;
    const deepAnswer = await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/stubs`, {
      body: deepText,
      headers: { 'content-type': 'application/json' },
    });
    expect([deepAnswer.statusCode, deepAnswer.json()]).toEqual([
      400,
      { error: { code: 'invalidStub', message: expect.stringMatching(/nested deeper than 64/) } },
    ]);
    await addStub(s, { id: 'one', host: 'oapi', method: 'GET', path: '/x' });
    const dup = await addStub(s, { id: 'one', host: 'oapi', method: 'GET', path: '/y' });
    expect([dup.status, (dup.body.error as Json).message]).toEqual([400, 'a stub with id "one" exists']);
    const gone = await s.request('DELETE', `/__sandbox/api/tenants/${s.tenant.corpId}/stubs/nope`);
    expect([gone.statusCode, (gone.json() as { error: Json }).error.code]).toEqual([404, 'stubNotFound']);
    const removed = await s.request('DELETE', `/__sandbox/api/tenants/${s.tenant.corpId}/stubs/one`);
    expect(removed.statusCode).toBe(204);
    expect((await s.request('GET', '/__sandbox/health')).statusCode).toBe(200);
  });

  it('stubs in the config file load with their tenant, and survive a snapshot (export, --state)', () => {
    const config = sandboxConfig.parse({
      tenants: [
        {
          corpId: 'dingstubcorp',
          apps: [{ name: 'BI', appKey: 'dingstubkey01', appSecret: 'secret' }],
          stubs: [{ ...leaveStatus, requireToken: false }],
        },
      ],
    });
    const knownRoutes = () => ALL_ROUTES.map((r) => r.id);
    const [snapshot] = tenantsFromConfig(config.tenants!, { file: 'cfg.json', knownRoutes });
    expect(snapshot!.stubs).toEqual([expect.objectContaining({ id: 'leave', path: leaveStatus.path })]);
    const { defaultTenant } = createSandbox({ tenants: [snapshot!] });
    expect(defaultTenant.stubs.list().map((x) => x.id)).toEqual(['leave']);

    // A bad stub in the file is refused by the file's schema, at its place.
    const bad = sandboxConfig.safeParse({
      tenants: [{ stubs: [{ host: 'oapi', method: 'GET', path: '/x', response: { body: 'text' } }] }],
    });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['tenants.0.stubs.0.response.body']);

    // A snapshot (export, the --state file) carries the stubs with their hit counts.
    defaultTenant.stubs.hit('leave');
    const again = createSandbox({ tenants: [defaultTenant.toSnapshot()] }).defaultTenant;
    expect(again.stubs.list()).toEqual([
      expect.objectContaining({ id: 'leave', hits: 1, requireToken: false }),
    ]);
  });
});
