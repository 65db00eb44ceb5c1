/**
 * The admin API and the console refuse in their own shape with a 4xx — never DingTalk's
 * `{errcode: 40035}` with HTTP 200, which clients (SandboxAdmin too) took for success — and every
 * export imports: a 10,000-user tenant round-trips through SandboxAdmin.
 */
import { inject } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxAdmin, SandboxAdminError } from '../../mock-server/src/admin-client.ts';
import { createSandbox, startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { CONSOLE_ORIGIN } from '../helpers/console.ts';
import { exchangeRaw } from '../helpers/raw-http.ts';

describe('unreadable bodies on /__sandbox/*', () => {
  const { handler, defaultTenant } = createSandbox();
  const post = (url: string, payload: string, headers: Record<string, string>) =>
    inject(handler, { method: 'POST', url, payload, headers });

  it('the admin API answers malformed JSON with 400 {error: {code: malformedBody}}', async () => {
    const r = await post('/__sandbox/api/tenants', '{"name":', { 'content-type': 'application/json' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({
      error: { code: 'malformedBody', message: expect.stringContaining('could not be parsed') },
    });
  });

  it('the admin API answers a body over 1 MB with 413 {error: {code: bodyTooLarge}}', async () => {
    const big = JSON.stringify({ name: 'x', pad: 'a'.repeat(1024 * 1024) });
    const r = await post(`/__sandbox/api/tenants/${defaultTenant.corpId}/apps`, big, {
      'content-type': 'application/json',
    });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ error: { code: 'bodyTooLarge' } });
  });

  it('a console form with an unreadable body gets a 400 HTML page, not DingTalk JSON', async () => {
    const r = await post(`/__sandbox/tenants/${defaultTenant.corpId}/clock`, '{"advance":', {
      'content-type': 'application/json',
      origin: CONSOLE_ORIGIN,
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toContain('请求有误');
    expect(r.body).not.toContain('errcode');
  });

  it('DingTalk hosts keep DingTalk’s envelope for the same fault (legacy: HTTP 200, errcode 40035)', async () => {
    const r = await post('/gettoken', '{"appkey":', { 'content-type': 'application/json' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ errcode: 40035 });
  });
});

describe('the connection after an unreadable body (fuzz seed 747011331, decision 0015)', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
  });
  afterAll(() => sb.stop());

  const exchange = (raw: string, done?: (got: string) => boolean) => exchangeRaw(sb.port, raw, done);
  const request = (path: string, type: string, body: string, extra = '') =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\n${extra}` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const statusLines = (answer: string) => answer.match(/HTTP\/1\.1 \d{3} [A-Za-z ]+/g);

  it('a body received whole but not JSON is refused and the connection goes on: the request pipelined behind it is answered too', async () => {
    const badAdmin = request('/__sandbox/api/tenants', 'application/json', '#');
    const badDingTalk = request('/gettoken', 'application/json; charset=gbk', '{"appkey":');
    const health = 'GET /__sandbox/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const answer = await exchange(badAdmin + badDingTalk + health, (got) => got.includes('{"ok":true'));
    expect(statusLines(answer)).toEqual(['HTTP/1.1 400 Bad Request', 'HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
    expect(answer).toContain('"code":"malformedBody"');
    expect(answer).toContain('"errcode":40035');
    expect(answer).toContain('{"ok":true');
    expect(answer.toLowerCase()).not.toContain('connection: close');
  });

  it('a body that fails part way (a gzip body that is not gzip, not all sent) is refused and the connection closed', async () => {
    const head =
      'POST /gettoken HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Encoding: gzip\r\nContent-Length: 1000\r\n\r\nnot gzip at all';
    const answer = await exchange(head);
    expect(statusLines(answer)).toEqual(['HTTP/1.1 200 OK']);
    expect(answer).toContain('"errcode":40035');
    expect(answer.toLowerCase()).toContain('connection: close');
  });
});

describe('SandboxAdmin rejects every refusal', () => {
  it('a non-JSON refusal (an HTML page) throws SandboxAdminError, not a SyntaxError', async () => {
    const html = new Response('<!doctype html><h2>请求被拒绝</h2>', {
      status: 403,
      headers: { 'content-type': 'text/html' },
    });
    const admin = new SandboxAdmin('http://127.0.0.1:9', { fetch: () => Promise.resolve(html) });
    const refused = admin.tenants();
    await expect(refused).rejects.toBeInstanceOf(SandboxAdminError);
    await expect(refused).rejects.toMatchObject({ status: 403 });
  });

  it('a 2xx answer that is not JSON throws SandboxAdminError (invalidResponse)', async () => {
    const admin = new SandboxAdmin('http://127.0.0.1:9', {
      fetch: () => Promise.resolve(new Response('<html>proxy</html>', { status: 200 })),
    });
    await expect(admin.tenants()).rejects.toMatchObject({ code: 'invalidResponse' });
  });
});

describe('every export imports (a 10,000-user tenant, ~4.5 MB)', () => {
  let sb: RunningSandbox;
  let admin: SandboxAdmin;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sb.url);
  });
  afterAll(() => sb.stop());

  it('export → importTenant(fresh) gives a tenant with the same 10,000 users', async () => {
    const created = await admin.createTenant({ name: '大租户', users: 10_000, seed: 3 });
    const exported = await admin.exportTenant(created.corpId);
    expect(Buffer.byteLength(JSON.stringify(exported))).toBeGreaterThan(1024 * 1024);
    const imported = await admin.importTenant(exported, { fresh: true });
    expect(imported.corpId).not.toBe(created.corpId);
    expect(imported.users).toBe(created.users);
    expect(imported.departments).toBe(created.departments);
    expect((await admin.tenant(imported.corpId)).users).toBe(created.users);
  });
});
