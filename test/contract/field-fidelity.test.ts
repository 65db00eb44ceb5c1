/**
 * Field fidelity of the directory reads and the robot webhook, where integrations trip over them:
 * `mobile` only with 企业员工手机号信息 (fieldMobile), an empty 企业邮箱 left out of GET /user/get, a
 * webhook URL without its access_token (docs/dingtalk/directory.md, robots.md).
 */
import { describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

async function grant(s: TestSandbox, scope: string): Promise<void> {
  const r = await s.request(
    'POST',
    `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.main.appKey}/scopes`,
    {
      json: { scope },
    },
  );
  expect(r.statusCode).toBe(200);
}

describe('企业员工手机号信息 (fieldMobile) on the topapi user reads', () => {
  it('S3/A1 without fieldMobile, v2/user/get answers the user without mobile and state_code — the call still works', async () => {
    const s = makeSandbox();
    const body = await s.topapi('/topapi/v2/user/get', await s.tokenFor(), { userid: GUIDE_ADMIN_USERID });
    expect(body.errcode).toBe(0);
    const u = body.result as Record<string, unknown>;
    expect(u.userid).toBe(GUIDE_ADMIN_USERID);
    expect(u).not.toHaveProperty('mobile');
    expect(u).not.toHaveProperty('state_code');
  });

  it('A1 without fieldMobile, v2/user/list pages carry no mobile; granting it brings the numbers back', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const page = async () =>
      (
        (await s.topapi('/topapi/v2/user/list', token, { dept_id: 1, cursor: 0, size: 10 })).result as {
          list: Record<string, unknown>[];
        }
      ).list;
    const without = await page();
    expect(without.length).toBeGreaterThan(0);
    for (const u of without) expect(u).not.toHaveProperty('mobile');
    await grant(s, 'fieldMobile');
    const withIt = await page();
    for (const u of withIt) {
      expect(u.mobile).toMatch(/^1\d{10}$/);
      expect(u.state_code).toBe('86');
    }
    const one = await s.topapi('/topapi/v2/user/get', token, { userid: GUIDE_ADMIN_USERID });
    expect((one.result as Record<string, unknown>).mobile).toMatch(/^1\d{10}$/);
  });

  it('the point is listed under 通讯录管理 as 企业员工手机号信息 and does not gate the call', async () => {
    const s = makeSandbox();
    const r = await s.request(
      'GET',
      `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.main.appKey}/permissions`,
    );
    expect(r.statusCode).toBe(200);
    const { SCOPES } = await import('../../mock-server/src/domain/apps/scopes.ts');
    expect(SCOPES.find((p) => p.scope === 'fieldMobile')).toMatchObject({
      name: '企业员工手机号信息',
      group: '通讯录管理',
    });
  });
});

describe('GET /user/get (旧版)', () => {
  it('an empty 企业邮箱 is left out rather than answered as ""', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const someone = [...s.tenant.directory.allUsers()].find((u) => !u.orgEmail && !u.resigned)!;
    const r = await s.request('GET', `/user/get?access_token=${token}&userid=${someone.userid}`);
    const body = r.json() as Record<string, unknown>;
    expect(body.errcode).toBe(0);
    expect(body).not.toHaveProperty('orgEmail');
    const withMail = [...s.tenant.directory.allUsers()].find((u) => u.orgEmail && !u.resigned);
    if (withMail) {
      const r2 = await s.request('GET', `/user/get?access_token=${token}&userid=${withMail.userid}`);
      expect((r2.json() as Record<string, unknown>).orgEmail).toBe(withMail.orgEmail);
    }
  });
});

describe('custom robot webhook without its access_token', () => {
  it('M3 POST /robot/send with no access_token answers 40035 缺少参数 access_token (an empty one too)', async () => {
    const s = makeSandbox();
    for (const url of ['/robot/send', '/robot/send?access_token=']) {
      const r = await s.request('POST', url, { json: { msgtype: 'text', text: { content: '预警' } } });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ errcode: 40035, errmsg: '缺少参数 access_token' });
    }
  });
});
