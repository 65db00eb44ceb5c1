/**
 * Field fidelity of the directory reads and the robot webhook, where integrations trip over them:
 * `mobile` only with 企业员工手机号信息 (fieldMobile), an empty 企业邮箱 left out of GET /user/get, a
 * webhook URL without its access_token; 扩展属性 (`extension` / `extattr`), 专属帐号登录名
 * (`login_id`) and 登录邮箱 (`loginEmail`) where DingTalk answers them (docs/dingtalk/directory.md,
 * robots.md).
 */
import { describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { consoleBrowser, decode } from '../helpers/console.ts';
import { authCodeFor } from '../helpers/login.ts';
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

async function patchUser(s: TestSandbox, userid: string, json: Record<string, unknown>) {
  return s.request('PATCH', `/__sandbox/api/tenants/${s.tenant.corpId}/users/${userid}`, { json });
}

const EXTENSION = '{"爱好":"旅游","工位":"A-3-12"}';

describe('扩展属性 (extension) — a JSON string on the topapi reads, an object (extattr) on the old GET /user/get', () => {
  it('S3 v2/user/get answers extension as the JSON text set on the user, and leaves it out when the user has none', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const plain = await s.topapi('/topapi/v2/user/get', token, { userid: GUIDE_ADMIN_USERID });
    expect(plain.result).not.toHaveProperty('extension');
    expect((await patchUser(s, GUIDE_ADMIN_USERID, { extension: EXTENSION })).statusCode).toBe(200);
    const body = await s.topapi('/topapi/v2/user/get', token, { userid: GUIDE_ADMIN_USERID });
    const ext = (body.result as Record<string, unknown>).extension;
    expect(typeof ext).toBe('string');
    expect(JSON.parse(ext as string)).toEqual({ 爱好: '旅游', 工位: 'A-3-12' });
    // '' clears it: left out again.
    expect((await patchUser(s, GUIDE_ADMIN_USERID, { extension: '' })).statusCode).toBe(200);
    const cleared = await s.topapi('/topapi/v2/user/get', token, { userid: GUIDE_ADMIN_USERID });
    expect(cleared.result).not.toHaveProperty('extension');
  });

  it('A1 v2/user/list items carry extension (string) for the user who has one, none for the others', async () => {
    const s = makeSandbox();
    await patchUser(s, GUIDE_ADMIN_USERID, { extension: EXTENSION });
    const dept = s.tenant.directory.getUser(GUIDE_ADMIN_USERID)!.deptIds[0]!;
    const r = await s.topapi('/topapi/v2/user/list', await s.tokenFor(), {
      dept_id: dept,
      cursor: 0,
      size: 100,
    });
    const list = (r.result as { list: Record<string, unknown>[] }).list;
    const admin = list.find((u) => u.userid === GUIDE_ADMIN_USERID)!;
    expect(admin.extension).toBe(EXTENSION);
    for (const u of list.filter((x) => x.userid !== GUIDE_ADMIN_USERID))
      expect(u).not.toHaveProperty('extension');
  });

  it('the old GET /user/get (and /user/list) answer extattr as an object of the fields; {} without them', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const before = (
      await s.request('GET', `/user/get?access_token=${token}&userid=${GUIDE_ADMIN_USERID}`)
    ).json();
    expect(before).toMatchObject({ errcode: 0, extattr: {} });
    await patchUser(s, GUIDE_ADMIN_USERID, { extension: EXTENSION });
    const after = (
      await s.request('GET', `/user/get?access_token=${token}&userid=${GUIDE_ADMIN_USERID}`)
    ).json();
    expect((after as Record<string, unknown>).extattr).toEqual({ 爱好: '旅游', 工位: 'A-3-12' });
    const dept = s.tenant.directory.getUser(GUIDE_ADMIN_USERID)!.deptIds[0]!;
    const list = (
      await s.request('GET', `/user/list?access_token=${token}&department_id=${dept}`)
    ).json() as {
      userlist: Record<string, unknown>[];
    };
    expect(list.userlist.find((u) => u.userid === GUIDE_ADMIN_USERID)!.extattr).toEqual({
      爱好: '旅游',
      工位: 'A-3-12',
    });
  });

  it('the admin API refuses an extension that is not a JSON object of text (400 invalidBody), and one over 2000 characters', async () => {
    const s = makeSandbox();
    for (const extension of [
      '爱好=旅游',
      '["旅游"]',
      '{"年龄":24}',
      'null',
      `{"x":"${'长'.repeat(2000)}"}`,
    ]) {
      const r = await patchUser(s, GUIDE_ADMIN_USERID, { extension });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({
        error: { code: 'invalidBody', message: expect.stringContaining('extension') },
      });
    }
    const created = await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/users`, {
      json: { name: '扩展', deptIds: [1], extension: EXTENSION },
    });
    expect(created.statusCode).toBe(201);
    expect((created.json() as { extension: string }).extension).toBe(EXTENSION);
  });
});

describe('专属帐号登录名 (login_id) on the topapi user reads', () => {
  it('an ordinary user has no login_id and exclusive_account false; a 钉钉自建专属帐号 answers login_id, exclusive_account true, type dingtalk', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const plain = (await s.topapi('/topapi/v2/user/get', token, { userid: GUIDE_ADMIN_USERID })).result;
    expect(plain).not.toHaveProperty('login_id');
    expect(plain).not.toHaveProperty('exclusive_account_type');
    expect((plain as Record<string, unknown>).exclusive_account).toBe(false);
    await patchUser(s, GUIDE_ADMIN_USERID, { loginId: 'wanyuze01' });
    const one = (await s.topapi('/topapi/v2/user/get', token, { userid: GUIDE_ADMIN_USERID })).result;
    expect(one).toMatchObject({
      login_id: 'wanyuze01',
      exclusive_account: true,
      exclusive_account_type: 'dingtalk',
    });
    const dept = s.tenant.directory.getUser(GUIDE_ADMIN_USERID)!.deptIds[0]!;
    const list = (
      (await s.topapi('/topapi/v2/user/list', token, { dept_id: dept, cursor: 0, size: 100 })).result as {
        list: Record<string, unknown>[];
      }
    ).list;
    expect(list.find((u) => u.userid === GUIDE_ADMIN_USERID)).toMatchObject({ login_id: 'wanyuze01' });
  });
});

describe('登录邮箱 (loginEmail) on GET /v1.0/contact/users/me', () => {
  async function me(s: TestSandbox): Promise<Record<string, unknown>> {
    const code = await authCodeFor(s, GUIDE_ADMIN_USERID);
    const t = await s.request('POST', '/v1.0/oauth2/userAccessToken', {
      json: {
        clientId: s.main.appKey,
        clientSecret: s.main.appSecret,
        code,
        grantType: 'authorization_code',
      },
    });
    const { accessToken } = t.json() as { accessToken: string };
    const r = await s.request('GET', '/v1.0/contact/users/me', {
      headers: { 'x-acs-dingtalk-access-token': accessToken },
    });
    expect(r.statusCode).toBe(200);
    return r.json() as Record<string, unknown>;
  }

  it('L1 left out for a person without one; answered as a string when the person signs in with an e-mail', async () => {
    const s = makeSandbox();
    expect(await me(s)).not.toHaveProperty('loginEmail');
    expect((await patchUser(s, GUIDE_ADMIN_USERID, { loginEmail: 'wan.yuze@corp.example' })).statusCode).toBe(
      200,
    );
    expect((await me(s)).loginEmail).toBe('wan.yuze@corp.example');
    expect((await patchUser(s, GUIDE_ADMIN_USERID, { loginEmail: 'not-an-address' })).statusCode).toBe(400);
  });
});

describe('console: 编辑成员 sets 扩展属性', () => {
  it('S3 the user form saves extension (v2/user/get answers it); a value that is not a JSON object is refused with the reason and kept in the field, escaped', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const u = s.tenant.directory.getUser(GUIDE_ADMIN_USERID)!;
    const url = `/__sandbox/tenants/${s.tenant.corpId}/directory/users/${u.userid}`;
    const fields = {
      name: u.name,
      mobile: u.mobile,
      deptIds: u.deptIds.join(','),
      active: 'on',
      admin: 'on',
    };
    await b.submit(url, { ...fields, extension: EXTENSION });
    const body = await s.topapi('/topapi/v2/user/get', await s.tokenFor(), { userid: u.userid });
    expect((body.result as Record<string, unknown>).extension).toBe(EXTENSION);
    const form = await b.get(url);
    expect(form.html).toContain(`value="${EXTENSION.replaceAll('"', '&quot;')}"`);
    const bad = await b.submit(url, { ...fields, extension: '"><script>alert(1)</script>' });
    expect(decode(bad.html)).toContain('must be a JSON object of text values');
    expect(bad.html).not.toContain('<script>alert(1)</script>');
    expect(s.tenant.directory.getUser(u.userid)!.extension).toBe(EXTENSION);
  });
});
