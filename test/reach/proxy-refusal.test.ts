/**
 * The proxy (serve --proxy) answers DingTalk's hosts from the sandbox and refuses everything else
 * with 403 and one line — without ever opening a connection of its own (issue 19's acceptance).
 * Raw sockets: plain HTTP (absolute form, CONNECT to :80) for the hosts served; TLS only at the end.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeFailure } from '../../mock-server/src/config/failure.ts';
import { startSandbox } from '../../mock-server/src/start.ts';
import { loadOrCreateAuthority } from '../../mock-server/src/tls/index.ts';
import {
  journalOf,
  rawProxy,
  sendThrough,
  startProxiedSandbox,
  type ProxiedSandbox,
} from '../helpers/proxy.ts';

let s: ProxiedSandbox;
/** A local server that only counts the connections it gets: the proxy must never be one of them. */
let bystander: Server;
let bystanderPort = 0;
let dialled = 0;

beforeAll(async () => {
  s = await startProxiedSandbox();
  bystander = createServer((socket) => {
    dialled += 1;
    socket.destroy();
  }).listen(0, '127.0.0.1');
  await once(bystander, 'listening');
  bystanderPort = (bystander.address() as { port: number }).port;
});
afterAll(async () => {
  await s.stop();
  bystander.close();
});

const connectTo = (target: string) => `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`;

describe('proxy: only DingTalk hosts, never a dial out', () => {
  it('refuses a CONNECT to a local server with 403 and one line; the server sees no connection', async () => {
    for (const target of [`127.0.0.1:${bystanderPort}`, `localhost:${bystanderPort}`]) {
      const r = await rawProxy(s.proxy.port, connectTo(target));
      expect(r.status).toBe(403);
      expect(r.body).toBe(
        `refused ${target}: only *.dingtalk.com on port 443 (CONNECT) or 80 (plain HTTP) is served, and the proxy never dials out\n`,
      );
    }
    const plain = await rawProxy(
      s.proxy.port,
      `GET http://127.0.0.1:${bystanderPort}/ HTTP/1.1\r\nHost: 127.0.0.1:${bystanderPort}\r\nConnection: close\r\n\r\n`,
    );
    expect(plain.status).toBe(403);
    expect(dialled).toBe(0);
  });

  it('refuses CONNECT example.com:443 and an absolute-form request for it, with the reason', async () => {
    const tunnel = await rawProxy(s.proxy.port, connectTo('example.com:443'));
    expect([tunnel.status, tunnel.body.trim()]).toEqual([
      403,
      'refused example.com:443: only *.dingtalk.com on port 443 (CONNECT) or 80 (plain HTTP) is served, and the proxy never dials out',
    ]);
    const plain = await rawProxy(
      s.proxy.port,
      'GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n',
    );
    expect(plain.status).toBe(403);
    expect(plain.body).toContain('refused example.com:80');
  });

  it('refuses a DingTalk host on another port, and names that lookalike hosts are not DingTalk', async () => {
    for (const target of [
      'oapi.dingtalk.com:8443',
      'oapi.dingtalk.com.example.com:443',
      'dingtalk.com.cn:443',
    ]) {
      const r = await rawProxy(s.proxy.port, connectTo(target));
      expect([target, r.status, r.body]).toEqual([target, 403, expect.stringMatching(/^refused .*\n$/)]);
    }
    const plain = await rawProxy(
      s.proxy.port,
      'GET http://oapi.dingtalk.com:8080/gettoken HTTP/1.1\r\nHost: oapi.dingtalk.com:8080\r\nConnection: close\r\n\r\n',
    );
    expect(plain.status).toBe(403);
  });

  it('answers a malformed target or a plain request to the proxy itself with 400 and one line', async () => {
    const bad = await rawProxy(s.proxy.port, connectTo('no-port-here'));
    expect([bad.status, bad.body]).toEqual([400, 'bad CONNECT target "no-port-here" (want host:port)\n']);
    const direct = await rawProxy(
      s.proxy.port,
      'GET /gettoken HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(direct.status).toBe(400);
    expect(direct.body).toContain('is not a proxy request');
  });

  it('without a certificate, a CONNECT to a DingTalk host on 443 is 503 with what to do', async () => {
    const r = await rawProxy(s.proxy.port, connectTo('oapi.dingtalk.com:443'));
    expect(r.status).toBe(503);
    expect(r.body).toContain('no certificate for the DingTalk hosts');
  });
});

describe('proxy: plain HTTP for DingTalk hosts reaches the sandbox (S2 token call)', () => {
  it('GET http://oapi.dingtalk.com/gettoken (absolute form) answers a token and is journalled', async () => {
    const since = s.tenant.journal.query().at(-1)?.seq ?? 0;
    const r = await rawProxy(
      s.proxy.port,
      `GET http://oapi.dingtalk.com/gettoken?appkey=${s.appKey}&appsecret=${s.appSecret} HTTP/1.1\r\n` +
        'Host: oapi.dingtalk.com\r\nConnection: close\r\n\r\n',
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ errcode: 0, access_token: expect.any(String) });
    expect(journalOf(s, 'oapi.gettoken', since)).toEqual([
      expect.objectContaining({ host: 'oapi', outcome: 'ok', appKey: s.appKey }),
    ]);
  });

  it('CONNECT api.dingtalk.com:80, then POST /v1.0/oauth2/accessToken in the tunnel answers a token', async () => {
    const since = s.tenant.journal.query().at(-1)?.seq ?? 0;
    const tunnel = await rawProxy(s.proxy.port, connectTo('api.dingtalk.com:80'));
    expect(tunnel.status).toBe(200);
    const body = JSON.stringify({ appKey: s.appKey, appSecret: s.appSecret });
    const answer = await sendThrough(
      tunnel.socket,
      'POST /v1.0/oauth2/accessToken HTTP/1.1\r\nHost: api.dingtalk.com\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      accessToken: expect.any(String),
      expireIn: 7200,
    });
    expect(journalOf(s, 'api.oauth2.accessToken', since)).toEqual([
      expect.objectContaining({ host: 'api', outcome: 'ok', appKey: s.appKey }),
    ]);
  });
});

describe('proxy: bad clients in a tunnel never take it down', () => {
  it('bytes that are not a TLS handshake close that tunnel; an aborted one too; the proxy still answers', async () => {
    const caDir = mkdtempSync(join(tmpdir(), 'dt-proxy-ca-'));
    const secure = await startProxiedSandbox({ tls: (await loadOrCreateAuthority(caDir)).serverOptions() });
    try {
      const garbage = await rawProxy(secure.proxy.port, connectTo('oapi.dingtalk.com:443'));
      expect(garbage.status).toBe(200);
      const closed = once(garbage.socket, 'close');
      garbage.socket.end('GET / HTTP/1.1\r\nHost: oapi.dingtalk.com\r\n\r\n');
      await closed;
      const aborted = await rawProxy(secure.proxy.port, connectTo('api.dingtalk.com:443'));
      aborted.socket.destroy();
      const after = await rawProxy(secure.proxy.port, connectTo('example.com:443'));
      expect(after.status).toBe(403);
    } finally {
      await secure.stop();
      rmSync(caDir, { recursive: true, force: true });
    }
  });
});

describe('proxy: a port in use', () => {
  it('startSandbox rejects naming --proxy-port, and closes the listeners it had opened', async () => {
    const caDir = mkdtempSync(join(tmpdir(), 'dt-proxy-ca-'));
    const servers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    const before = servers();
    try {
      await expect(
        startSandbox({ tls: { port: 0, caDir }, proxy: { port: bystanderPort } }),
      ).rejects.toMatchObject({
        code: 'EADDRINUSE',
        option: '--proxy-port',
      });
      let failure: unknown;
      try {
        await startSandbox({ proxy: { port: bystanderPort, caDir } });
      } catch (e) {
        failure = e;
      }
      expect(describeFailure(failure)).toBe(
        `127.0.0.1:${bystanderPort} is already in use (another sandbox?); stop it or pick another --proxy-port (0 = any free port)`,
      );
      // The sandbox's HTTP and HTTPS listeners close again (asynchronously), not left behind.
      await vi.waitFor(() => expect(servers()).toBe(before));
    } finally {
      rmSync(caDir, { recursive: true, force: true });
    }
  });
});
