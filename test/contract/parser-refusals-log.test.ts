/**
 * Requests Node's HTTP parser refuses (a bad header line, a bad chunk, two Content-Lengths, an
 * oversized header) are the client's fault: logged at debug, never at error, and never with their raw
 * bytes — which hold the admin token, AppSecrets and user tokens in clear.
 */
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../mock-server/src/logger.ts';
import { exchangeRaw } from '../helpers/raw-http.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

const ADMIN_TOKEN = 'ADMINTOKEN-7f3e9c';
const APP_SECRET = 'APPSECRET-c41d2b';
const USER_TOKEN = 'USERTOKEN-99ab01';
const SECRETS = [ADMIN_TOKEN, APP_SECRET, USER_TOKEN, APP_SECRET.slice(4)];

/** Sends raw bytes and resolves with the status line the server answered (or '' if it only closed). */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', () => resolve(answer.split('\r\n')[0] ?? ''));
  });
}

describe('requests refused by the HTTP parser', () => {
  let sb: RunningSandbox;
  const lines: { level: number; msg: string; text: string }[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const text of chunk.toString().split('\n').filter(Boolean))
          lines.push({ ...(JSON.parse(text) as { level: number; msg: string }), text });
        done();
      },
    });
    sb = await startSandbox({ port: 0, adminToken: ADMIN_TOKEN, logger: createLogger('debug', sink) });
  });
  afterAll(() => sb.stop());

  it('are answered 4xx and logged at debug without their secrets', async () => {
    const requests = [
      `GET /gettoken?appkey=k&appsecret=${APP_SECRET} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nBad Header\r\n\r\n`,
      `POST /__sandbox/api/tenants HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nx-sandbox-admin-token: ${ADMIN_TOKEN}\r\ncontent-type: application/json\r\n\r\nzz\r\n{"appSecret":"${APP_SECRET}"}\r\n0\r\n\r\n`,
      `POST /v1.0/oauth2/accessToken HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\nx-acs-dingtalk-access-token: ${USER_TOKEN}\r\n\r\nabcdef`,
      `GET /v1.0/contact/users/me HTTP/1.1\r\nHost: x\r\nx-acs-dingtalk-access-token: ${USER_TOKEN}\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`,
    ];
    const answers: string[] = [];
    for (const r of requests) answers.push(await raw(sb.port, r));
    expect(answers).toEqual([
      'HTTP/1.1 400 Bad Request',
      'HTTP/1.1 400 Bad Request',
      'HTTP/1.1 400 Bad Request',
      'HTTP/1.1 431 Request Header Fields Too Large',
    ]);
    // Logged once each, at debug (20), with the parser's code and the request line redacted.
    const refused = lines.filter((l) => l.msg === 'request refused by the HTTP parser');
    expect(refused.map((l) => l.level)).toEqual([20, 20, 20, 20]);
    expect(refused[0]!.text).toContain('HPE_INVALID_HEADER_TOKEN');
    expect(refused[0]!.text).toContain('"request":"GET /gettoken?appkey=k&appsecret=APPS***"');
    // Nothing at error level, no raw packet, no secret — in text or as bytes.
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    for (const l of lines) {
      expect(l.text).not.toContain('rawPacket');
      for (const secret of SECRETS) expect(l.text).not.toContain(secret);
    }
  });

  it('a request target the parser takes but that is no URL (absolute-form `http://[::1…`) is answered 400, printed nowhere, and the sandbox lives', async () => {
    // url.parse warns (DEP0170) with the whole target in it — secrets and all — before it throws.
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const answers = [
      await raw(sb.port, `GET http://[::1/gettoken?appsecret=${APP_SECRET} HTTP/1.1\r\nHost: x\r\n\r\n`),
      await raw(sb.port, `GET http://xn--/__sandbox/health?t=${ADMIN_TOKEN} HTTP/1.1\r\nHost: x\r\n\r\n`),
    ];
    // The same target on an Upgrade request (the Stream listener reads it first): the same bare refusal.
    const upgrade = await exchangeRaw(
      sb.port,
      `GET http://[::1/v1.0/gateway/connections?ticket=${USER_TOKEN} HTTP/1.1\r\nHost: x\r\n` +
        'Upgrade: websocket\r\nConnection: upgrade\r\n\r\n',
    );
    expect(upgrade.split('\r\n\r\n')).toEqual([
      'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0',
      '',
    ]);
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(answers).toEqual(['HTTP/1.1 400 Bad Request', 'HTTP/1.1 400 Bad Request']);
    expect(warnings).toEqual([]);
    const health = await fetch(`${sb.url}/__sandbox/health`, {
      headers: { 'x-sandbox-admin-token': ADMIN_TOKEN },
    });
    expect(health.status).toBe(200);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    for (const l of lines) for (const secret of SECRETS) expect(l.text).not.toContain(secret);
  });
});
