/** 免登 code exchange (E5, X4): envelopes, the five causes of 40078, and the journal's reasons. */
import { describe, expect, it } from 'vitest';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const NOT_FOUND = { errcode: 40078, errmsg: '不存在的临时授权码', request_id: expect.any(String) };

async function inappCode(s: TestSandbox, appKey: string, userid: string): Promise<string> {
  const r = await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/inapp-codes`, {
    json: { appKey, userid },
  });
  expect(r.statusCode).toBe(201);
  return (r.json() as { code: string }).code;
}

const lastRefusal = (s: TestSandbox, route: string) =>
  s.tenant.journal.query({ route, outcome: 'refused' }).at(-1);

describe('POST /topapi/v2/user/getuserinfo (免登)', () => {
  it('L4 exchanges an in-app code for the user: userid, device_id, sys, sys_level, unionid, name', async () => {
    const s = makeSandbox();
    const user = [...s.tenant.directory.allUsers()].find((u) => !u.admin && !u.boss && !u.resigned)!;
    const body = await s.topapi('/topapi/v2/user/getuserinfo', await s.tokenFor(), {
      code: await inappCode(s, s.main.appKey, user.userid),
    });
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      result: {
        userid: user.userid,
        device_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        sys: false,
        sys_level: 0,
        associated_unionid: '',
        unionid: user.unionid,
        name: user.name,
      },
      request_id: expect.any(String),
    });
  });

  it('E5 returns 40078 when the code was already used, and the journal says it was used', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const code = await inappCode(s, s.main.appKey, 'manager1471');
    expect((await s.topapi('/topapi/v2/user/getuserinfo', token, { code })).errcode).toBe(0);
    expect(await s.topapi('/topapi/v2/user/getuserinfo', token, { code })).toEqual(NOT_FOUND);
    expect(lastRefusal(s, 'oapi.v2.user.getuserinfo')).toMatchObject({
      code: '40078',
      reason: expect.stringMatching(/^used: code \w{6}… was already used \d+ s ago; codes work once$/),
    });
  });

  it('E5 returns 40078 when the code is older than 5 minutes (tenant clock), and the journal says it expired', async () => {
    const s = makeSandbox();
    const code = await inappCode(s, s.main.appKey, 'manager1471');
    s.tenant.clock.advance(301_000);
    expect(await s.topapi('/topapi/v2/user/getuserinfo', await s.tokenFor(), { code })).toEqual(NOT_FOUND);
    expect(lastRefusal(s, 'oapi.v2.user.getuserinfo')?.reason).toMatch(
      /^expired: .* expired 1 s ago \(valid 300 s\)$/,
    );
  });

  it('E5 returns 40078 when the code was issued for another app (wrong appId in the micro-app URL)', async () => {
    const s = makeSandbox();
    const code = await inappCode(s, s.lacking.appKey, 'manager1471');
    expect(await s.topapi('/topapi/v2/user/getuserinfo', await s.tokenFor(s.main), { code })).toEqual(
      NOT_FOUND,
    );
    expect(lastRefusal(s, 'oapi.v2.user.getuserinfo')?.reason).toBe(
      `otherApp: code ${code.slice(0, 6)}… was issued to app ${s.lacking.appKey}, but is being exchanged by app ${s.main.appKey} (wrong appId in the app's URL?)`,
    );
  });

  it('E5 returns 40078 for an invented code, and the journal says it was never issued', async () => {
    const s = makeSandbox();
    expect(
      await s.topapi('/topapi/v2/user/getuserinfo', await s.tokenFor(), { code: 'abcdef0123456789' }),
    ).toEqual(NOT_FOUND);
    expect(lastRefusal(s, 'oapi.v2.user.getuserinfo')?.reason).toMatch(
      /^unknown: code abcdef… was never issued/,
    );
  });

  it('E5 returns 40078 for a browser-OAuth authCode, and the journal names the kind of code', async () => {
    const s = makeSandbox();
    const oauth = s.tenant.authCodes.issue(
      'oauth',
      { appKey: s.main.appKey, userid: 'manager1471' },
      s.tenant.clock.now(),
    );
    expect(await s.topapi('/topapi/v2/user/getuserinfo', await s.tokenFor(), { code: oauth.code })).toEqual(
      NOT_FOUND,
    );
    expect(lastRefusal(s, 'oapi.v2.user.getuserinfo')?.reason).toMatch(
      /^wrongKind: .* is a web-login OAuth authCode, but this endpoint takes an in-app 免登 code/,
    );
  });

  it('E5 returns 40078 for a code of another corp, and the journal names that corp', async () => {
    const s = makeSandbox();
    const other = (
      await s.request('POST', '/__sandbox/api/tenants', { json: { name: '别的组织' } })
    ).json() as { corpId: string; apps: { appKey: string }[] };
    const r = await s.request('POST', `/__sandbox/api/tenants/${other.corpId}/inapp-codes`, {
      json: { appKey: other.apps[0]!.appKey, userid: 'manager1471' },
    });
    const { code } = r.json() as { code: string };
    expect(await s.topapi('/topapi/v2/user/getuserinfo', await s.tokenFor(), { code })).toEqual(NOT_FOUND);
    expect(lastRefusal(s, 'oapi.v2.user.getuserinfo')?.reason).toContain(
      `issued by another corp (${other.corpId})`,
    );
  });

  it('X4 answers 60121 when the person left the company after the code was issued', async () => {
    const s = makeSandbox();
    const user = [...s.tenant.directory.allUsers()].find((u) => !u.admin && !u.resigned)!;
    const code = await inappCode(s, s.main.appKey, user.userid);
    s.tenant.directory.updateUser(user.userid, { resigned: true });
    expect(await s.topapi('/topapi/v2/user/getuserinfo', await s.tokenFor(), { code })).toMatchObject({
      errcode: 60121,
      errmsg: '找不到该用户',
    });
  });
});

describe('免登 after the visible range changed', () => {
  it('X4 answers 50002 when the person dropped out of the visible range after the code was issued', async () => {
    const s = makeSandbox();
    const user = [...s.tenant.directory.allUsers()].find((u) => u.userid !== 'manager1471' && !u.resigned)!;
    const code = await inappCode(s, s.main.appKey, user.userid);
    s.main.visibleRange = { deptIds: [], userids: ['manager1471'] };
    expect(await s.topapi('/topapi/v2/user/getuserinfo', await s.tokenFor(), { code })).toMatchObject({
      errcode: 50002,
      errmsg: '员工不在权限范围',
    });
  });
});

describe('GET /user/getuserinfo (旧版免登)', () => {
  it('answers the legacy shape: userid, deviceId, is_sys, sys_level', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const code = await inappCode(s, s.main.appKey, 'manager1471');
    const r = await s.request('GET', `/user/getuserinfo?access_token=${token}&code=${code}`);
    expect(r.json()).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'manager1471',
      deviceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      is_sys: true,
      sys_level: 1,
    });
  });

  it('E5 answers 40078 in the plain envelope for a used code', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const code = await inappCode(s, s.main.appKey, 'manager1471');
    await s.request('GET', `/user/getuserinfo?access_token=${token}&code=${code}`);
    const again = await s.request('GET', `/user/getuserinfo?access_token=${token}&code=${code}`);
    expect(again.json()).toEqual(NOT_FOUND);
  });
});

describe('POST /__sandbox/api/tenants/:corpId/inapp-codes', () => {
  it('issues a 5-minute code for the app named by AgentId', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/inapp-codes`, {
      json: { agentId: s.lacking.agentId, userid: 'manager1471' },
    });
    expect(r.json()).toMatchObject({ kind: 'inapp', appKey: s.lacking.appKey, expiresIn: 300 });
  });

  it('X4 refuses a user outside the app visible range with 403 and the reason', async () => {
    const s = makeSandbox();
    s.main.visibleRange = { deptIds: [], userids: ['manager1471'] };
    const other = [...s.tenant.directory.allUsers()].find((u) => u.userid !== 'manager1471' && !u.resigned)!;
    const r = await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/inapp-codes`, {
      json: { appKey: s.main.appKey, userid: other.userid },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({
      error: { code: 'userOutOfRange', message: expect.stringContaining('可见范围') },
    });
  });
});
