/**
 * 管理员设置 against the sandbox: the system-backend switch (S2), 配置微应用信息 with 测试连接 and 确定
 * (X1: DingTalk's error verbatim, "cannot reach", nothing saved half-way), the values for the
 * console, the secret never sent back, 用户 > 钉钉账号 (S4).
 */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBi } from '../src/app.ts';
import { dingTalkHosts } from '../src/config.ts';
import { Agent, textOf } from './helpers/agent.ts';
import { startStack, type Stack } from './helpers/stack.ts';

describe('管理员设置 > 系统集成 > 钉钉', () => {
  let stack: Stack;
  const PAGE = '/admin/integrations/dingtalk';
  let form: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack({ bootstrap: { dingtalkFeature: false, dingtalk: undefined } });
    form = {
      appKey: stack.app.appKey,
      appSecret: stack.app.appSecret,
      agentId: String(stack.app.agentId),
      corpId: stack.corpId,
    };
  });
  afterAll(() => stack?.stop());

  it('S2 the page exists only once the system-backend feature switch is on', async () => {
    expect((await stack.admin.get(PAGE)).status).toBe(404);
    expect((await stack.admin.get('/admin')).text).not.toContain(`href="${PAGE}"`);
    await stack.admin.post('/system-backend/features', { dingtalk: 'on' });
    const page = await stack.admin.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.text).toContain('配置微应用信息');
    expect((await stack.admin.get('/admin')).text).toContain(`href="${PAGE}"`);
  });

  it('X1 测试连接 with a wrong AppSecret shows DingTalk’s error verbatim', async () => {
    const r = await stack.admin.post(`${PAGE}/test`, { ...form, appSecret: 'wrong-secret' });
    expect(r.status).toBe(400);
    expect(textOf(r.text, 'connection-result')).toBe('不合法的appKey或appSecret');
  });

  it('X1 测试连接 with an unknown AppKey shows DingTalk’s error verbatim', async () => {
    const r = await stack.admin.post(`${PAGE}/test`, { ...form, appKey: 'dingunknownappkey000' });
    expect(textOf(r.text, 'connection-result')).toBe('不合法的appKey或appSecret');
  });

  it('X1 确定 with a failing test saves nothing', async () => {
    const r = await stack.admin.post(`${PAGE}/save`, { ...form, appSecret: 'wrong-secret' });
    expect(r.status).toBe(400);
    expect(r.text).toContain('连接失败，未保存');
    expect((await stack.admin.get(PAGE)).text).toContain('尚未配置');
  });

  it('确定 refuses a wrong CorpId and a non-numeric AgentId without saving', async () => {
    const corp = await stack.admin.post(`${PAGE}/save`, { ...form, corpId: 'dingnotacorp' });
    expect(textOf(corp.text, 'connection-result')).toContain('CorpId');
    const agent = await stack.admin.post(`${PAGE}/save`, { ...form, agentId: 'abc' });
    expect(textOf(agent.text, 'connection-result')).toBe('AgentId 应为数字');
    expect((await stack.admin.get(PAGE)).text).toContain('尚未配置');
  });

  it('S2 测试连接 then 确定 saves and shows the values to copy into the DingTalk console', async () => {
    const test = await stack.admin.post(`${PAGE}/test`, form);
    expect(test.status).toBe(200);
    expect(textOf(test.text, 'connection-result')).toContain('已成功获取 access_token');
    const save = await stack.admin.post(`${PAGE}/save`, form);
    expect(save.status).toBe(302);
    const page = await stack.admin.get(PAGE);
    expect(textOf(page.text, 'saved-appkey')).toBe(stack.app.appKey);
    expect(textOf(page.text, 'pc-home-url')).toBe(`${stack.bi.url}/dingtalk/pc?corpId=$CORPID$`);
    expect(textOf(page.text, 'mobile-home-url')).toBe(`${stack.bi.url}/dingtalk/mobile?corpId=$CORPID$`);
    expect(textOf(page.text, 'redirect-url')).toBe(`${stack.bi.url}/auth/dingtalk/callback`);
  });

  it('never sends the saved AppSecret back; an empty AppSecret keeps the saved one', async () => {
    const page = await stack.admin.get(`${PAGE}?edit=1`);
    expect(page.text).not.toContain(stack.app.appSecret);
    const keep = await stack.admin.post(`${PAGE}/save`, { ...form, appSecret: '' });
    expect(keep.status).toBe(302);
    const after = await stack.admin.get(PAGE);
    expect(after.text).not.toContain(stack.app.appSecret);
    expect(textOf(after.text, 'saved-appkey')).toBe(stack.app.appKey);
    // the kept secret still works: a connection test with an empty field passes
    const test = await stack.admin.post(`${PAGE}/test`, { ...form, appSecret: '' });
    expect(test.status).toBe(200);
  });

  it('S3 开启钉钉功能 shows 钉钉扫码登录 on the login page', async () => {
    expect((await stack.agent().get('/login')).text).not.toContain('钉钉扫码登录');
    await stack.admin.post(`${PAGE}/enable`, { enabled: 'on', generation: 'new' });
    expect(textOf((await stack.admin.get(PAGE)).text, 'dingtalk-status')).toBe('已开启');
    expect((await stack.agent().get('/login')).text).toContain('钉钉扫码登录');
  });

  it('S4 sets a user’s 钉钉账号 and refuses a UserID already bound to someone else', async () => {
    await stack.admin.post('/admin/users', { username: 'zhang', displayName: '张三', password: 'secret1' });
    const users = (await stack.admin.get('/admin/users', { accept: 'application/json' })).json<{
      users: { id: number; username: string; dingtalkUserid: string | null }[];
    }>().users;
    const zhang = users.find((u) => u.username === 'zhang')!;
    expect(zhang.dingtalkUserid).toBeNull();
    const set = await stack.admin.post(`/admin/users/${zhang.id}/dingtalk`, { dingtalkUserid: 'user0042' });
    expect(set.status).toBe(302);
    const taken = await stack.admin.post(`/admin/users/${zhang.id}/dingtalk`, {
      dingtalkUserid: 'manager1471',
    });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('钉钉账号 manager1471 已绑定到用户 admin');
    const after = (await stack.admin.get('/admin/users', { accept: 'application/json' })).json<{
      users: { username: string; dingtalkUserid: string | null }[];
    }>().users;
    expect(after.find((u) => u.username === 'zhang')!.dingtalkUserid).toBe('user0042');
  });
});

describe('X1 DingTalk unreachable', () => {
  it('测试连接 says it cannot reach DingTalk, and 确定 saves nothing', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((r) => probe.close(() => r()));
    const dir = mkdtempSync(join(tmpdir(), 'reference-bi-'));
    const bi = await startBi({
      port: 0,
      dbPath: join(dir, 'bi.sqlite'),
      dingtalk: dingTalkHosts(`http://127.0.0.1:${port}`),
      logLevel: 'silent',
      sleep: async () => {},
      bootstrap: {
        dingtalkFeature: true,
        users: [{ username: 'admin', displayName: '管理员', password: 'admin123', role: 'admin' }],
      },
    });
    try {
      const admin = new Agent(bi.url);
      await admin.login('admin', 'admin123');
      const form = { appKey: 'dingabc', appSecret: 'x', agentId: '1', corpId: 'dingcorp' };
      const test = await admin.post('/admin/integrations/dingtalk/test', form);
      expect(textOf(test.text, 'connection-result')).toBe(`无法连接钉钉服务器（http://127.0.0.1:${port}）`);
      expect(test.text).toContain('无法连接钉钉');
      const save = await admin.post('/admin/integrations/dingtalk/save', form);
      expect(save.status).toBe(400);
      expect((await admin.get('/admin/integrations/dingtalk')).text).toContain('尚未配置');
    } finally {
      await bi.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
