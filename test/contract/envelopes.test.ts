import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.ts';

describe('host envelopes for bad requests', () => {
  it('an unknown legacy path answers errcode 22 with DingTalk’s ApiName text and the journal names nearby routes', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const r = await s.request('POST', `/topapi/v2/user/notexist?access_token=${token}`, { json: {} });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      errcode: 22,
      sub_msg: '不合法ApiName，ApiName = dingtalk.oapi.v2.user.notexist',
      errmsg: 'Invalid method[submsg=不合法ApiName，ApiName = dingtalk.oapi.v2.user.notexist]',
      request_id: expect.any(String),
    });
    const entry = s.sandbox.unattributed.query().at(-1)!;
    expect(entry.route).toBeNull();
    expect(entry.reason).toContain('/topapi/v2/user/');
  });

  it('an unknown new-API path answers 404 JSON in the new envelope', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', '/v1.0/contact/nothing', { json: {} });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'InvalidAction.NotFound', requestid: expect.any(String) });
  });

  it('GET on a POST-only topapi path answers 43002 需要POST请求', async () => {
    const s = makeSandbox();
    const r = await s.request(
      'GET',
      `/topapi/v2/user/get?access_token=${await s.tokenFor()}&userid=manager1471`,
    );
    expect(r.json()).toMatchObject({ errcode: 43002, errmsg: '需要POST请求' });
  });

  it('a body that is not JSON answers 400002 on topapi and Missingbody on the new host, never a 5xx', async () => {
    const s = makeSandbox();
    const legacy = await s.request('POST', `/topapi/v2/user/get?access_token=${await s.tokenFor()}`, {
      body: '{"userid": ',
      headers: { 'content-type': 'application/json' },
    });
    expect([legacy.statusCode, legacy.json().errcode]).toEqual([200, 400002]);
    const api = await s.request('POST', '/v1.0/oauth2/accessToken', {
      body: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    expect([api.statusCode, api.json().code]).toEqual([400, 'Missingbody']);
  });

  it('topapi without a token answers 88/40000 access_token is blank; with a bad token 88/40014', async () => {
    const s = makeSandbox();
    const blank = (await s.request('POST', '/topapi/user/count', { json: { only_active: false } })).json();
    expect(blank).toEqual({
      errcode: 88,
      sub_code: '40000',
      sub_msg: 'access_token is blank',
      errmsg: 'ding talk error[subcode=40000,submsg=access_token is blank]',
      request_id: expect.any(String),
    });
    const bad = await s.topapi('/topapi/user/count', 'f'.repeat(32), { only_active: false });
    expect(bad).toMatchObject({
      errcode: 88,
      sub_code: '40014',
      errmsg: 'ding talk error[subcode=40014,submsg=不合法的access_token]',
    });
  });

  it('reads access_token from a form body too, as the legacy host does', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', '/topapi/user/count', {
      body: `access_token=${await s.tokenFor()}&only_active=false`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.json()).toMatchObject({ errcode: 0, result: { count: 60 } });
  });

  it('the token in a header is ignored on the legacy host (88/40000)', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', '/topapi/user/count', {
      json: { only_active: false },
      headers: { 'x-acs-dingtalk-access-token': await s.tokenFor() },
    });
    expect(r.json()).toMatchObject({ errcode: 88, sub_code: '40000' });
  });

  it('answers each request exactly once and journals it with a request id matching the body', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const body = await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' });
    const entry = s.tenant.journal.query({ route: 'oapi.v2.user.get' }).at(-1)!;
    expect(entry.requestId).toBe(body.request_id);
    expect(entry).toMatchObject({
      outcome: 'ok',
      status: 200,
      userid: 'manager1471',
      appKey: s.main.appKey,
      host: 'oapi',
    });
    expect(entry.path).not.toContain(token);
  });

  it('keeps the journal bounded: a ring of the configured size holds only the newest calls', async () => {
    const s = makeSandbox({ journalSize: 5 });
    const token = await s.tokenFor();
    for (let i = 0; i < 12; i++) await s.topapi('/topapi/user/count', token, { only_active: false });
    const entries = s.tenant.journal.query();
    expect(entries).toHaveLength(5);
    expect(entries.at(-1)!.seq).toBe(13);
    expect(entries[0]!.seq).toBe(9);
  });
});
