/**
 * The console over HTTP (light-my-request, no browser): the journal and its scenario links, the
 * timeline, fault-rule validation, the clock, the directory on a large tenant, the admin-token
 * sign-in and the CSRF guard.
 */
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../mock-server/src/start.ts';
import { consoleBrowser, CONSOLE_ORIGIN, count, decode } from '../helpers/console.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

describe('console: journal, timeline (E1)', () => {
  it('E1: the journal shows the refusal with its reason and a link to scenario E1', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor(s.lacking);
    const body = await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' });
    expect(body.errcode).toBe(88);
    const page = await consoleBrowser(s).get(`/__sandbox/tenants/${s.tenant.corpId}/journal?outcome=refused`);
    expect(page.status).toBe(200);
    const html = decode(page.html);
    expect(html).toContain('88/60011');
    expect(html).toContain(
      'has not been granted the permission point qyapi_get_member needed by oapi.v2.user.get',
    );
    expect(html).toContain('href="/__sandbox/scenarios#E1"');
    // the scenario page has the anchor the link points at
    const scenarios = await consoleBrowser(s).get('/__sandbox/scenarios');
    expect(scenarios.html).toContain('id="E1"');
  });

  it('A2: a department call without its permission point links to A2, newest entry first', async () => {
    const s = makeSandbox();
    s.main.scopes = s.main.scopes.filter((x) => x !== 'qyapi_get_department_list');
    const token = await s.tokenFor();
    await s.topapi('/topapi/v2/department/listsub', token, { dept_id: 1 });
    const html = (
      await consoleBrowser(s).get(`/__sandbox/tenants/${s.tenant.corpId}/journal?app=${s.main.appKey}`)
    ).html;
    expect(html).toContain('href="/__sandbox/scenarios#A2"');
    const table = html.slice(html.indexOf('id="journal-table"'));
    expect(table.indexOf('oapi.v2.department.listsub')).toBeLessThan(table.indexOf('oapi.gettoken'));
  });

  it('draws the calls of one app as a timeline that breaks at the refused step', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor(s.lacking);
    await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' });
    const html = decode(
      (await consoleBrowser(s).get(`/__sandbox/tenants/${s.tenant.corpId}/flows?app=${s.lacking.appKey}`))
        .html,
    );
    expect(count(html, 'data-flow=')).toBe(1);
    expect(count(html, 'data-outcome="ok"')).toBe(1);
    expect(count(html, 'data-outcome="refused"')).toBe(1);
    expect(html).toContain('中断于 oapi.v2.user.get');
  });

  it('starts a new flow after the gap (tenant clock) and keeps the flows of two apps apart', async () => {
    const s = makeSandbox();
    await s.tokenFor(s.main);
    await s.tokenFor(s.lacking);
    s.tenant.clock.advance(120_000);
    await s.tokenFor(s.main);
    const html = (await consoleBrowser(s).get(`/__sandbox/tenants/${s.tenant.corpId}/flows`)).html;
    expect(count(html, 'data-flow=')).toBe(3);
  });
});

describe('console: fault rules', () => {
  it('X3: an invalid rule comes back with the validation message listing the valid choices', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/faults`;
    const page = await b.submit(url, { route: 'oapi.v2.user.nope', action: 'rateLimit', times: 'once' });
    const html = decode(page.html);
    expect(html).toContain('unknown route "oapi.v2.user.nope"; valid routes: oapi.gettoken');
    expect(s.tenant.faults.list()).toHaveLength(0);
    const badAction = decode((await b.submit(url, { action: 'explode', times: 'once' })).html);
    expect(badAction).toContain('unknown action "explode"; valid actions: error, missingScope, status');
  });

  it('X3: a valid rule is listed in words, fires, and counts its hit', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/faults`;
    await b.submit(url, {
      route: 'oapi.v2.user.get',
      action: 'rateLimit',
      times: 'once',
      status: '502',
      ms: '1000',
    });
    const token = await s.tokenFor();
    expect((await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' })).errcode).toBe(90018);
    const html = decode((await b.get(url)).html);
    expect(html).toContain('For calls to oapi.v2.user.get: answer DingTalk’s rate limit');
    expect(html).toContain('fired 1 of 1');
  });
});

describe('console: clock', () => {
  it('X2: advancing the clock by +2 h 1 s expires the token, on the page and on the wire', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/clock`;
    expect((await b.get(url)).html).toContain('data-expired="false"');
    const page = await b.submit(url, { advanceSeconds: '7201' });
    expect(page.html).toContain('data-expired="true"');
    expect(page.html).toContain('已过期');
    const r = await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' });
    expect([r.errcode, r.sub_code]).toEqual([88, '40014']);
  });

  it('freezes and sets the time', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/clock`;
    await b.submit(url, { frozen: 'true' });
    const page = await b.submit(url, { set: '2030-05-01T09:00:00+08:00' });
    expect(page.html).toContain('2030-05-01 09:00:00');
    expect(s.tenant.clock.now()).toBe(Date.parse('2030-05-01T01:00:00Z'));
  });
});

describe('console: directory', () => {
  it('renders one page of 50 users of a department on a 20,000-user tenant, with a next page', async () => {
    const s = makeSandbox({ users: 20_000 });
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/directory?dept=1`;
    const first = await b.get(url);
    expect(first.status).toBe(200);
    expect(count(first.html, 'data-userid=')).toBe(50);
    expect(first.html).toContain('共 2000 人');
    expect(first.html).toContain('cursor=50');
    const search = await b.get(`/__sandbox/tenants/${s.tenant.corpId}/directory?q=manager1471`);
    expect(count(search.html, 'data-userid=')).toBe(1);
  });

  it('X4: marking a user 离职 removes them from the department listing; the API then answers 60121', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const corp = s.tenant.corpId;
    const user = [...s.tenant.directory.allUsers()].find((u) => !u.admin && u.deptIds.length === 1)!;
    const dept = user.deptIds[0]!;
    await b.submit(`/__sandbox/tenants/${corp}/directory/users/${user.userid}`, {
      name: user.name,
      mobile: user.mobile,
      deptIds: String(dept),
      active: 'on',
      resigned: 'on',
    });
    const listing = await b.get(`/__sandbox/tenants/${corp}/directory?dept=${dept}`);
    expect(listing.html).not.toContain(`data-userid="${user.userid}"`);
    const token = await s.tokenFor();
    expect((await s.topapi('/topapi/v2/user/get', token, { userid: user.userid })).errcode).toBe(60121);
  });
});

describe('console: the developer-console forms share the admin API validation', () => {
  it('refuses a javascript: redirect URL with the schema message and keeps what was typed', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/apps/${s.fresh.appKey}/security`;
    const page = await b.submit(url, { ipAllowList: '', redirectUrls: 'javascript:alert(1)' });
    expect(decode(page.html)).toContain('must be an http(s) URL');
    expect(decode(page.html)).toContain('javascript:alert(1)</textarea>');
    expect(s.fresh.redirectUrls).toEqual([]);
  });

  it('X6: accepts IPs with one * wildcard and applies them at once', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/apps/${s.main.appKey}/security`;
    const redirectUrls = s.main.redirectUrls.join(',');
    const gettoken = async () =>
      (await s.request('GET', `/gettoken?appkey=${s.main.appKey}&appsecret=${s.main.appSecret}`)).json();
    await b.submit(url, { ipAllowList: '10.9.8.*，192.168.0.1', redirectUrls });
    expect(s.main.ipAllowList).toEqual(['10.9.8.*', '192.168.0.1']);
    expect((await gettoken()).errcode).toBe(60020);
    await b.submit(url, { ipAllowList: '127.0.0.*', redirectUrls });
    expect((await gettoken()).errcode).toBe(0);
  });

  it('X4: 应用可用范围 部分员工 narrows who may use the app; an unknown userid is refused', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/apps/${s.main.appKey}/members`;
    const refused = await b.submit(url, { mode: 'part', deptIds: '', userids: 'nobody-here' });
    expect(decode(refused.html)).toContain('no such users): nobody-here');
    await b.submit(url, { mode: 'part', deptIds: ['2', '3'], userids: 'manager1471' });
    expect(s.main.visibleRange).toEqual({ deptIds: [2, 3], userids: ['manager1471'] });
    const outside = [...s.tenant.directory.allUsers()].find(
      (u) => u.deptIds.every((d) => d === 1) && !u.admin,
    )!;
    const code = await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/inapp-codes`, {
      json: { appKey: s.main.appKey, userid: outside.userid },
    });
    expect([code.statusCode, code.json().error.code]).toEqual([403, 'userOutOfRange']);
    await b.submit(url, { mode: 'all' });
    expect(s.main.visibleRange).toEqual({ deptIds: [], userids: [] });
  });

  it('refuses an icon that is not JPG or PNG', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const before = s.tenant.listApps().length;
    const gif = `data:image/gif;base64,${Buffer.from('GIF89a').toString('base64')}`;
    const page = await b.submit(`/__sandbox/tenants/${s.tenant.corpId}/apps`, {
      name: 'X',
      description: 'd',
      icon: gif,
    });
    expect(decode(page.html)).toContain('the icon must be JPG or PNG, not image/gif');
    expect(s.tenant.listApps()).toHaveLength(before);
  });

  it('shows the AppSecret only after 查看, never in a URL', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/apps/${s.main.appKey}/credentials`;
    expect((await b.get(url)).html).not.toContain(s.main.appSecret);
    const revealed = await b.post(`${url}/reveal`, {}, { origin: CONSOLE_ORIGIN });
    expect(revealed.status).toBe(200);
    expect(revealed.html).toContain(s.main.appSecret);
    expect(revealed.location).toBeUndefined();
  });
});

describe('console: security', () => {
  it('refuses a console POST from a foreign Origin (CSRF guard) and changes nothing', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/apps/${s.lacking.appKey}/permissions/grant`;
    const evil = await b.post(url, { scope: 'qyapi_get_member' }, { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.html).toContain('Refused (CSRF guard): the request comes from http://evil.example');
    const bare = await b.post(url, { scope: 'qyapi_get_member' });
    expect(bare.status).toBe(403);
    expect(s.lacking.scopes).not.toContain('qyapi_get_member');
    const ok = await b.submit(url, { scope: 'qyapi_get_member' });
    expect(ok.status).toBe(200);
    expect(s.lacking.scopes).toContain('qyapi_get_member');
  });

  it('refuses a state-changing admin API call from a foreign web page', async () => {
    const s = makeSandbox();
    const r = await s.request(
      'POST',
      `/__sandbox/api/tenants/${s.tenant.corpId}/apps/${s.lacking.appKey}/scopes`,
      {
        json: { scope: 'qyapi_get_member' },
        headers: { origin: 'http://evil.example' },
      },
    );
    expect([r.statusCode, r.json().error.code]).toEqual([403, 'foreignOrigin']);
    expect(s.lacking.scopes).not.toContain('qyapi_get_member');
  });

  it('with an admin token: asks for it once, then a SameSite=Strict httpOnly cookie opens console and API', async () => {
    const { app, defaultTenant } = createSandbox({ adminToken: 'open-sesame' });
    const b = consoleBrowser({ handler: app.callback() });
    const page = `/__sandbox/tenants/${defaultTenant.corpId}/journal`;
    const first = await b.get(page);
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/__sandbox/login?next=${encodeURIComponent(page)}`);
    expect((await b.get('/__sandbox/api/tenants')).status).toBe(401);

    const wrong = await b.submit('/__sandbox/login', { token: 'guess', next: page });
    expect(decode(wrong.html)).toContain('管理令牌不正确');

    const posted = await b.post(
      '/__sandbox/login',
      { token: 'open-sesame', next: page },
      { origin: CONSOLE_ORIGIN },
    );
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(page);
    const setCookie = String(posted.res.headers['set-cookie']);
    expect(setCookie).toMatch(/sb_console=[^;]+; path=\/__sandbox; samesite=strict; httponly/);
    expect(setCookie).not.toContain('open-sesame');
    expect((await b.get(page)).status).toBe(200);
    expect((await b.get('/__sandbox/api/tenants')).status).toBe(200);
  });
});
