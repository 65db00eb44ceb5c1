/**
 * In-app login (免登) on the BI's PC and mobile home URLs, server side: the code a DingTalk client
 * would hand the page (issued here through the sandbox's admin API) exchanged at
 * /topapi/v2/user/getuserinfo (L4, L5), and the refusals E5 and X4. The browser half is in
 * browser/walkthrough.test.ts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startStack, type Stack } from './helpers/stack.ts';

describe('in-app login (免登)', () => {
  let stack: Stack;
  const code = async (userid = ADMIN.userid, appKey?: string) =>
    (
      await stack.sandbox<{ code: string }>('POST', `/tenants/${stack.corpId}/inapp-codes`, {
        appKey: appKey ?? stack.app.appKey,
        userid,
      })
    ).code;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it('L4/L5 the PC and mobile home URLs load dingtalk-jsapi and ask for a code with the corpId of the URL', async () => {
    for (const platform of ['pc', 'mobile']) {
      const r = await stack.agent().get(`/dingtalk/${platform}?corpId=${stack.corpId}`);
      expect(r.status).toBe(200);
      expect(r.text).toContain('<script src="/static/dingtalk.open.js">');
      expect(r.text).toContain(`"corpId":"${stack.corpId}"`);
      expect(r.text).toContain(`"platform":"${platform}"`);
    }
    const js = await stack.agent().get('/static/dingtalk.open.js');
    expect(js.status).toBe(200);
    expect(js.text).toMatch(/var dd\s*=/);
    expect(js.text).toContain('requestAuthCode');
  });

  it('L5 exchanges the 免登 code at getuserinfo and signs the bound BI user in', async () => {
    const agent = stack.agent();
    const r = await agent.postJson('/auth/dingtalk/in-app', { code: await code(), next: '/admin/users' });
    expect(r.json()).toEqual({ ok: true, redirect: '/admin/users' });
    expect((await agent.get('/admin/users')).status).toBe(200);
  });

  it('E5 a reused code shows DingTalk’s 不存在的临时授权码 verbatim', async () => {
    const c = await code();
    expect((await stack.agent().postJson('/auth/dingtalk/in-app', { code: c })).json()).toMatchObject({
      ok: true,
    });
    const again = await stack.agent().postJson('/auth/dingtalk/in-app', { code: c });
    expect(again.status).toBe(403);
    expect(again.json()).toMatchObject({ ok: false, title: '登录失败', text: '不存在的临时授权码' });
  });

  it('E5 a code issued for another app (wrong appId in the micro-app URL) shows 不存在的临时授权码', async () => {
    const other = stack.apps.find((a) => a.name === '缺少成员权限的应用')!;
    const r = await stack
      .agent()
      .postJson('/auth/dingtalk/in-app', { code: await code(ADMIN.userid, other.appKey) });
    expect(r.json<{ text: string; hint: string }>().text).toBe('不存在的临时授权码');
    expect(r.json<{ hint: string }>().hint).toContain('微应用地址');
  });

  it('X4 a user removed from the visible range after the code was issued is refused clearly', async () => {
    const c = await code();
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/apps/${stack.app.appKey}`, {
      visibleRange: { deptIds: [], userids: ['someone-else'] },
    });
    try {
      const r = await stack.agent().postJson('/auth/dingtalk/in-app', { code: c });
      expect(r.status).toBe(403);
      expect(r.json()).toMatchObject({ ok: false, text: '员工不在权限范围' });
      expect(r.json<{ hint: string }>().hint).toContain('可见范围');
    } finally {
      await stack.sandbox('PATCH', `/tenants/${stack.corpId}/apps/${stack.app.appKey}`, {
        visibleRange: { deptIds: [], userids: [] },
      });
    }
  });

  it('E2 an in-app user without a bound BI account gets the bindKey message', async () => {
    const other = [...stack.sb.defaultTenant.directory.allUsers()].find(
      (u) => u.userid !== ADMIN.userid && !u.resigned,
    )!;
    const r = await stack.agent().postJson('/auth/dingtalk/in-app', { code: await code(other.userid) });
    expect(r.json<{ text: string }>().text).toBe(
      `当前用户未绑定系统账号,请联系管理员完成账号关联操作,bindKey:${other.userid}`,
    );
  });

  it('dd.config parameters: SHA-1 over the ticket, nonce, timestamp and the exact page URL', async () => {
    const url = `${stack.bi.url}/dingtalk/mobile?corpId=${stack.corpId}`;
    const r = await stack.agent().get(`/dingtalk/jsapi-config?url=${encodeURIComponent(url)}`);
    const { config } = r.json<{ config: Record<string, string> }>();
    const ticket = stack.sb.defaultTenant.jsapiTickets.current(stack.app.appKey)!.ticket;
    const plain = `jsapi_ticket=${ticket}&noncestr=${config.nonceStr}&timestamp=${config.timeStamp}&url=${url}`;
    expect(config.signature).toBe(createHash('sha1').update(plain).digest('hex'));
    expect(config).toMatchObject({ agentId: String(stack.app.agentId), corpId: stack.corpId });
    const foreign = await stack
      .agent()
      .get(`/dingtalk/jsapi-config?url=${encodeURIComponent('https://evil.example/')}`);
    expect(foreign.status).toBe(400);
  });

  it('L6 授权个人信息 goes through the login page with prompt=consent and the BI callback', async () => {
    const page = await stack.agent().get(`/dingtalk/mobile?corpId=${stack.corpId}`);
    const link = /href="([^"]+)"[^>]*id="consent-login"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    expect(link).toMatch(/^\/auth\/dingtalk\/start\?generation=new/);
    const r = await stack.agent().get(link);
    const url = new URL(r.location!);
    expect(url.pathname).toBe('/oauth2/auth');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('redirect_uri')).toBe(`${stack.bi.url}/auth/dingtalk/callback`);
  });
});
