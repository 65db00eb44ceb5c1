/**
 * One pipeline (decision 0019): a DingTalk call is answered and journaled by the same code whether or
 * not some tenant has a fault rule — before, any fault rule anywhere sent every call from a hot path
 * to koa's path, and an equivalence test over 3 routes kept the two equal.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../mock-server/src/domain/journal/journal.ts';
import { openQrLogin } from '../helpers/login.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const CALLBACK = 'http://127.0.0.1:3710/auth/dingtalk/callback';

/** Calls over every host and outcome: ok, refused, page, unknown path, wrong method, bad body. */
async function traffic(s: TestSandbox): Promise<unknown[]> {
  const { main } = s;
  const token = await s.tokenFor();
  const calls: [string, string, Parameters<TestSandbox['request']>[2]?][] = [
    ['GET', `/gettoken?appkey=${main.appKey}&appsecret=${encodeURIComponent(main.appSecret)}`],
    ['GET', '/gettoken?appkey=dingnope&appsecret=x'],
    ['POST', `/topapi/v2/user/get?access_token=${token}`, { json: { userid: 'manager1471' } }],
    ['POST', '/topapi/v2/user/get?access_token=nope', { json: { userid: 'manager1471' } }],
    [
      'POST',
      `/topapi/v2/user/get?access_token=${token}`,
      { body: '{"userid": ', headers: { 'content-type': 'application/json' } },
    ],
    ['GET', `/topapi/v2/user/get?access_token=${token}`],
    ['GET', `/topapi/v2/department/listsub?access_token=${token}&dept_id=1`],
    ['POST', '/v1.0/oauth2/accessToken', { json: { appKey: main.appKey, appSecret: main.appSecret } }],
    ['GET', '/v1.0/contact/users/me', { headers: { 'x-acs-dingtalk-access-token': 'nope' } }],
    [
      'GET',
      `/oauth2/auth?${new URLSearchParams({ client_id: main.appKey, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid', state: 's' })}`,
    ],
    ['GET', '/oauth2/auth?client_id=dingnope'],
    ['POST', '/robot/send?access_token=nope', { json: { msgtype: 'text', text: { content: 'hi' } } }],
    ['GET', '/no/such/api'],
  ];
  const seen: unknown[] = [];
  for (const [method, url, init] of calls) {
    const r = await s.request(method as 'GET' | 'POST', url, init);
    const body = String(r.headers['content-type']).includes('json') ? scrub(r.json()) : r.statusCode;
    seen.push({ call: `${method} ${url.replace(token, 'TOKEN')}`, status: r.statusCode, body });
  }
  const entries = [...s.sandbox.unattributed.query(), ...s.tenant.journal.query()];
  return [seen, entries.sort((a, b) => a.seq - b.seq).map((e) => normalise(e, token))];
}

/** What differs from run to run by design: ids, times, tokens. */
function scrub(body: unknown): unknown {
  const b = { ...(body as Record<string, unknown>) };
  for (const k of ['request_id', 'requestid', 'access_token', 'accessToken']) if (k in b) b[k] = '…';
  return b;
}

function normalise(e: JournalEntry, token: string): Partial<JournalEntry> {
  const { at: _at, requestId: _id, durationMs: _ms, seq: _seq, ...rest } = e;
  return { ...rest, path: rest.path.replace(token.slice(0, 4), 'TOKE') };
}

describe('one pipeline', () => {
  it('answers and journals every call the same with and without a fault rule in another tenant', async () => {
    const quiet = makeSandbox();
    const expected = await traffic(quiet);

    const faulted = makeSandbox();
    const other = (
      await faulted.request('POST', '/__sandbox/api/tenants', { json: { name: '另一个组织' } })
    ).json() as { corpId: string };
    const rule = await faulted.request('POST', `/__sandbox/api/tenants/${other.corpId}/faults`, {
      json: { match: {}, action: { type: 'status', status: 502, body: 'bad gateway' } },
    });
    expect(rule.statusCode).toBe(201);
    expect(faulted.sandbox.getTenant(other.corpId)!.faults.list()).toHaveLength(1);

    expect(await traffic(faulted)).toEqual(expected);
  });

  it('applies a rule of the call’s own tenant in that same pipeline, and journals it as a fault', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/faults`, {
      json: {
        match: { route: 'oapi.v2.user.get' },
        action: { type: 'status', status: 502, body: 'bad gateway' },
      },
    });
    const r = await s.request('POST', `/topapi/v2/user/get?access_token=${token}`, {
      json: { userid: 'manager1471' },
    });
    expect([r.statusCode, r.body]).toEqual([502, 'bad gateway']);
    expect(s.tenant.journal.query({ route: 'oapi.v2.user.get' }).at(-1)).toMatchObject({
      outcome: 'fault',
      status: 502,
      appKey: s.main.appKey,
    });
  });

  it('L1/X2: a rule reaches a call the gate files by its QR session — the login page polling 扫码状态 gets the 502', async () => {
    const s = makeSandbox();
    const sid = await openQrLogin(s, { client_id: s.main.appKey });
    const before = await s.request('GET', `/login/qr/status?sid=${sid}`);
    expect(before.json()).toMatchObject({ sid, status: 'waiting' });
    await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/faults`, {
      json: {
        match: { route: 'login.qr.status' },
        action: { type: 'status', status: 502, body: 'bad gateway' },
      },
    });
    const r = await s.request('GET', `/login/qr/status?sid=${sid}`);
    expect([r.statusCode, r.body]).toEqual([502, 'bad gateway']);
    expect(s.tenant.journal.query({ route: 'login.qr.status' }).at(-1)).toMatchObject({
      outcome: 'fault',
      status: 502,
      appKey: s.main.appKey,
    });
  });
});
