/**
 * `dingtalk-sandbox serve --proxy` as a user runs it (the built bin, dist/cli.js; npm test builds
 * first): --ready-json names the proxy, which answers DingTalk's hosts and refuses others.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawProxy, sendThrough } from '../helpers/proxy.ts';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let server: ChildProcess;
let caDir: string;
let ready: { urls: { base: string; proxy?: string } };
let app: { appKey: string; appSecret: string };

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  caDir = mkdtempSync(join(tmpdir(), 'dt-proxy-cli-ca-'));
  server = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--proxy', '--proxy-port', '0', '--ready-json', '--log-level', 'silent'],
    { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, DINGTALK_SANDBOX_CA_DIR: caDir } },
  );
  ready = await new Promise((resolve, reject) => {
    let out = '';
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as typeof ready);
    });
  });
  const tenants = (await (await fetch(`${ready.urls.base}/__sandbox/api/tenants`)).json()) as {
    tenants: { default: boolean; apps: { appKey: string; appSecret: string }[] }[];
  };
  app = tenants.tenants.find((t) => t.default)!.apps[0]!;
});
afterAll(() => {
  server?.kill();
  rmSync(caDir, { recursive: true, force: true });
});

describe('serve --proxy (the bin)', () => {
  it('--ready-json names the proxy; plain http://oapi.dingtalk.com through it answers a token (S2)', async () => {
    expect(ready.urls.proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = Number(new URL(ready.urls.proxy!).port);
    const r = await rawProxy(
      port,
      `GET http://oapi.dingtalk.com/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret} HTTP/1.1\r\n` +
        'Host: oapi.dingtalk.com\r\nConnection: close\r\n\r\n',
    );
    expect([r.status, JSON.parse(r.body)]).toEqual([200, expect.objectContaining({ errcode: 0 })]);
  });

  it('refuses CONNECT example.com:443 with 403 and the reason', async () => {
    const port = Number(new URL(ready.urls.proxy!).port);
    const r = await rawProxy(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect([r.status, r.body]).toEqual([
      403,
      expect.stringMatching(/^refused example\.com:443: only \*\.dingtalk\.com/),
    ]);
  });

  it('CONNECT oapi.dingtalk.com:443 is TLS with the CA of the CA folder (DINGTALK_SANDBOX_CA_DIR)', async () => {
    const port = Number(new URL(ready.urls.proxy!).port);
    const tunnel = await rawProxy(
      port,
      'CONNECT oapi.dingtalk.com:443 HTTP/1.1\r\nHost: oapi.dingtalk.com:443\r\n\r\n',
    );
    expect(tunnel.status).toBe(200);
    const secure = tlsConnect({
      socket: tunnel.socket,
      servername: 'oapi.dingtalk.com',
      ca: readFileSync(join(caDir, 'ca.pem'), 'utf8'),
    });
    await new Promise((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
    const answer = await sendThrough(
      secure,
      `GET /gettoken?appkey=${app.appKey}&appsecret=${app.appSecret} HTTP/1.1\r\n` +
        'Host: oapi.dingtalk.com\r\nConnection: close\r\n\r\n',
    );
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      errcode: 0,
      access_token: expect.any(String),
    });
  });
});
