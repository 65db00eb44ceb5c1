/**
 * `serve --tls` (startSandbox's `tls`): an HTTPS listener on DingTalk's own host names with the local
 * CA, answering https://oapi.dingtalk.com/gettoken and https://api.dingtalk.com/v1.0/oauth2/accessToken
 * as the HTTP listener does (S1), and GET /__sandbox/ca.pem on both listeners, ungated.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../mock-server/src/start.ts';

let sb: RunningSandbox;
let caDir: string;
beforeAll(async () => {
  caDir = mkdtempSync(join(tmpdir(), 'dt-tls-ca-'));
  sb = await startSandbox({ tls: { port: 0, caDir } });
});
afterAll(async () => {
  await sb?.stop();
  rmSync(caDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** One HTTPS request to the TLS listener as `https://<servername><path>` would be sent. */
function https(opts: {
  servername: string;
  path: string;
  ca?: string;
  method?: string;
  body?: string;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: sb.tls!.port,
        servername: opts.servername,
        headers: { host: opts.servername, 'content-type': 'application/json' },
        ca: opts.ca ?? sb.tls!.caPem,
        path: opts.path,
        method: opts.method ?? 'GET',
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () =>
          resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('serve --tls: DingTalk host names over HTTPS (S1)', () => {
  it('answers https://oapi.dingtalk.com/gettoken and https://api.dingtalk.com/v1.0/oauth2/accessToken', async () => {
    const app = sb.defaultTenant.listApps()[0]!;
    const legacy = await https({
      servername: 'oapi.dingtalk.com',
      path: `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`,
    });
    expect(JSON.parse(legacy.body)).toMatchObject({ errcode: 0, access_token: expect.any(String) });
    const modern = await https({
      servername: 'api.dingtalk.com',
      path: '/v1.0/oauth2/accessToken',
      method: 'POST',
      body: JSON.stringify({ appKey: app.appKey, appSecret: app.appSecret }),
    });
    expect(modern.status).toBe(200);
    expect(JSON.parse(modern.body)).toMatchObject({ accessToken: expect.any(String), expireIn: 7200 });
  });

  it('presents a certificate for login.dingtalk.com and wss-open-connection.dingtalk.com too', async () => {
    for (const servername of ['login.dingtalk.com', 'wss-open-connection.dingtalk.com']) {
      // The handshake verifies the name (Node's checkServerIdentity); then the sandbox answers.
      const answer = await https({ servername, path: '/no-such-page' });
      expect(answer.type, servername).toContain('application/json');
    }
  });

  it('is refused by a client that does not trust the sandbox CA', async () => {
    await expect(
      https({
        servername: 'oapi.dingtalk.com',
        path: '/gettoken',
        ca: readFileSync(join(import.meta.dirname, 'tls-listener.test.ts'), 'utf8'),
      }),
    ).rejects.toThrow();
  });

  it('serves the CA at /__sandbox/ca.pem on both listeners, as the file the banner names', async () => {
    expect(readFileSync(sb.tls!.caPath, 'utf8')).toBe(sb.tls!.caPem);
    const overTls = await https({ servername: '127.0.0.1', path: '/__sandbox/ca.pem' });
    expect(overTls).toEqual({ status: 200, type: 'application/x-pem-file', body: sb.tls!.caPem });
    const overHttp = await fetch(`${sb.url}/__sandbox/ca.pem`);
    expect([overHttp.status, overHttp.headers.get('content-type'), await overHttp.text()]).toEqual([
      200,
      'application/x-pem-file',
      sb.tls!.caPem,
    ]);
  });

  it('serves the CA without the gate: the certificate is public, the admin API stays gated', async () => {
    const { request: httpRequest } = await import('node:http');
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          `${sb.url}${path}`,
          { headers: { host: 'sandbox.rebound.example' } },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await get('/__sandbox/ca.pem')).toBe(200);
    expect(await get('/__sandbox/api/tenants')).toBe(403);
  });
});

describe('without --tls', () => {
  it('has no /__sandbox/ca.pem: the console answers its HTML 404 page, as for any unknown page', async () => {
    const plain = await startSandbox({ port: 0 });
    try {
      const res = await fetch(`${plain.url}/__sandbox/ca.pem`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(plain.tls).toBeUndefined();
    } finally {
      await plain.stop();
    }
  });
});

describe('dingtalk-sandbox serve --tls (the bin)', () => {
  it('says in one line that the TLS port is in use, naming --tls-port, and exits 1', async () => {
    const { createServer } = await import('node:net');
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const held = (holder.address() as { port: number }).port;
    try {
      const cli = join(import.meta.dirname, '../../dist/cli.js');
      const child = spawn(
        process.execPath,
        [cli, 'serve', '--port', '0', '--tls', '--tls-port', String(held), '--ca-dir', caDir],
        // picocolors honours an inherited FORCE_COLOR (scripts/test.mjs sets it on a TTY): the line is compared as text
        { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([
        `error: 127.0.0.1:${held} (the TLS listener) is already in use; stop what holds it or pick another --tls-port (0 = any free port)`,
      ]);
    } finally {
      holder.close();
    }
  });

  it('listens with HTTPS, names the URL and the CA file in the banner and the ready line', async () => {
    const cli = join(import.meta.dirname, '../../dist/cli.js');
    const child = spawn(
      process.execPath,
      [cli, 'serve', '--port', '0', '--tls', '--tls-port', '0', '--ca-dir', caDir, '--ready-json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      while (!stdout.includes('\n')) {
        const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit')])) as [unknown];
        if (typeof chunk === 'number' || chunk === null) throw new Error(`serve exited: ${stderr}`);
      }
      const ready = JSON.parse(stdout.split('\n')[0]!) as { urls: { tls: string; base: string } };
      expect(ready.urls.tls).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(stderr).toContain(ready.urls.tls);
      expect(stderr).toContain(join(caDir, 'ca.pem'));
      const ca = readFileSync(join(caDir, 'ca.pem'), 'utf8');
      const pem = await new Promise<string>((resolve, reject) => {
        const req = request(
          `${ready.urls.tls}/__sandbox/ca.pem`,
          { ca, servername: 'oapi.dingtalk.com', headers: { host: '127.0.0.1' }, agent: false },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve(body));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(pem).toBe(ca);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
