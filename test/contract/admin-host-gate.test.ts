/**
 * Who reaches /__sandbox/* (admin API, console): a page whose own host name resolves to 127.0.0.1
 * (DNS rebinding) is refused whatever it sends as Origin; without an admin token only loopback peers
 * are answered, so `--host 0.0.0.0` does not hand the network every AppSecret. DingTalk's hosts are
 * not gated: clients send `Host: oapi.dingtalk.com` there.
 */
import { Writable } from 'node:stream';
import { inject } from 'light-my-request';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../mock-server/src/logger.ts';
import { createSandbox, startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

function sandbox(opts: Parameters<typeof createSandbox>[0] = {}) {
  const s = createSandbox(opts);
  const secret = s.defaultTenant.listApps()[0]!.appSecret;
  const call = (
    method: 'GET' | 'POST',
    url: string,
    init: { headers?: Record<string, string>; remoteAddress?: string; payload?: string } = {},
  ) =>
    inject(s.handler, {
      method,
      url,
      headers: init.headers,
      remoteAddress: init.remoteAddress,
      payload: init.payload,
    });
  return { ...s, secret, call };
}

describe('DNS rebinding: /__sandbox/* answers only its own host names', () => {
  const s = sandbox({ publicHosts: ['Sandbox.QA.example.'] });

  it('refuses the admin API to a foreign host name, even with a matching Origin (no AppSecret read)', async () => {
    const r = await s.call('GET', '/__sandbox/api/tenants', {
      headers: { host: 'rebind.evil.example:3700', origin: 'http://rebind.evil.example:3700' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toEqual({
      error: { code: 'unknownHost', message: expect.stringContaining('--public-host rebind.evil.example') },
    });
    expect(r.body).not.toContain(s.secret);
  });

  it('refuses state changes from a rebound page (tenant creation, secret reset)', async () => {
    const before = s.sandbox.listTenants().length;
    const r = await s.call('POST', '/__sandbox/api/tenants', {
      headers: {
        host: 'rebind.evil.example:3700',
        origin: 'http://rebind.evil.example:3700',
        'content-type': 'application/json',
      },
      payload: '{"name":"pwned"}',
    });
    expect(r.statusCode).toBe(403);
    expect(s.sandbox.listTenants().length).toBe(before);
  });

  it('refuses the console to a foreign host name with an HTML page that shows no organisation', async () => {
    const r = await s.call('GET', `/__sandbox/tenants/${s.defaultTenant.corpId}/apps`, {
      headers: { host: 'rebind.evil.example' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toContain('请求被拒绝');
    expect(r.body).not.toContain(s.defaultTenant.corpId);
    expect(r.body).not.toContain(s.defaultTenant.name);
    expect(r.body).not.toContain(s.secret);
  });

  it('answers loopback names, IP addresses and the configured public host', async () => {
    for (const host of [
      'localhost',
      'localhost:3700',
      'sandbox.localhost:3700',
      '127.0.0.1:3700',
      '127.8.9.10',
      '[::1]:3700',
      '192.168.1.20:3700',
      'sandbox.qa.example:3700',
      'SANDBOX.QA.EXAMPLE',
    ]) {
      const r = await s.call('GET', '/__sandbox/api/tenants', { headers: { host } });
      expect(r.statusCode, host).toBe(200);
    }
  });

  it('does not gate the DingTalk hosts: gettoken answers under any Host', async () => {
    const app = s.defaultTenant.listApps()[0]!;
    const r = await s.call('GET', `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`, {
      headers: { host: 'oapi.dingtalk.com' },
    });
    expect(r.json()).toMatchObject({ errcode: 0 });
  });
});

describe('without an admin token, the admin API and the console answer loopback peers only', () => {
  it('refuses another machine (API: JSON 403, console: HTML 403); DingTalk endpoints still answer it', async () => {
    const s = sandbox();
    const api = await s.call('GET', '/__sandbox/api/tenants', { remoteAddress: '192.168.1.20' });
    expect(api.statusCode).toBe(403);
    expect(api.json()).toMatchObject({ error: { code: 'loopbackOnly' } });
    expect(api.body).toContain('--admin-token');
    expect(api.body).not.toContain(s.secret);

    const page = await s.call('GET', '/__sandbox/tenants', { remoteAddress: '192.168.1.20' });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('--admin-token');
    expect(page.body).not.toContain(s.defaultTenant.corpId);

    const app = s.defaultTenant.listApps()[0]!;
    const token = await s.call('GET', `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`, {
      remoteAddress: '192.168.1.20',
    });
    expect(token.json()).toMatchObject({ errcode: 0 });
  });

  it('answers loopback peers (IPv4, IPv6, mapped)', async () => {
    const s = sandbox();
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const r = await s.call('GET', '/__sandbox/api/tenants', { remoteAddress });
      expect(r.statusCode, remoteAddress).toBe(200);
    }
  });

  it('with an admin token, another machine holding it is answered; without it, 401', async () => {
    const s = sandbox({ adminToken: 'tok' });
    const without = await s.call('GET', '/__sandbox/api/tenants', { remoteAddress: '192.168.1.20' });
    expect(without.statusCode).toBe(401);
    const withToken = await s.call('GET', '/__sandbox/api/tenants', {
      remoteAddress: '192.168.1.20',
      headers: { authorization: 'Bearer tok' },
    });
    expect(withToken.statusCode).toBe(200);
  });
});

describe('listening beyond loopback says so at start', () => {
  let sb: RunningSandbox | undefined;
  afterAll(() => sb?.stop());

  it('warns that the admin API and the console stay loopback-only without --admin-token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    sb = await startSandbox({ port: 0, host: '0.0.0.0', logger: createLogger('info', sink) });
    const warning = lines
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .find((l) => l.level === 40);
    expect(warning?.msg).toMatch(/0\.0\.0\.0 without --admin-token.*loopback\) only/);
  });
});
