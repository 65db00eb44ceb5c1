/**
 * The register hook's rewrite of one tls.connect call (tls/route-connect.ts): DingTalk hosts on 443
 * go to the sandbox with their name kept as SNI and the sandbox CA trusted; nothing else changes.
 */
import { describe, expect, it } from 'vitest';
import { routeToSandbox } from '../../mock-server/src/tls/route-connect.ts';

const sandbox = { host: '127.0.0.1', port: 3443, caPem: 'SANDBOX-CA' };
const cb = () => undefined;

describe('routeToSandbox (register hook)', () => {
  it('sends oapi.dingtalk.com:443 to the sandbox, keeping the name as servername and adding the CA', () => {
    expect(
      routeToSandbox(
        [{ host: 'oapi.dingtalk.com', port: 443, servername: 'oapi.dingtalk.com' }, cb],
        sandbox,
      ),
    ).toEqual([{ host: '127.0.0.1', port: 3443, servername: 'oapi.dingtalk.com', ca: ['SANDBOX-CA'] }, cb]);
  });

  it('reads every tls.connect form: (port, host, options), (port, host), options without port', () => {
    expect(routeToSandbox([443, 'api.dingtalk.com', { ca: 'APP-CA' }], sandbox)).toEqual([
      { host: '127.0.0.1', port: 3443, servername: 'api.dingtalk.com', ca: ['SANDBOX-CA', 'APP-CA'] },
    ]);
    expect(routeToSandbox([443, 'login.dingtalk.com', cb], sandbox)).toEqual([
      { host: '127.0.0.1', port: 3443, servername: 'login.dingtalk.com', ca: ['SANDBOX-CA'] },
      cb,
    ]);
    expect(routeToSandbox([{ host: 'wss-open-connection.dingtalk.com' }], sandbox)[0]).toMatchObject({
      host: '127.0.0.1',
      servername: 'wss-open-connection.dingtalk.com',
    });
  });

  it('leaves other hosts, look-alikes and DingTalk on another port untouched', () => {
    for (const args of [
      [{ host: 'example.com', port: 443 }],
      [{ host: 'dingtalk.com.evil.test', port: 443, servername: 'dingtalk.com.evil.test' }],
      [{ host: 'oapi.dingtalk.com', port: 8443 }],
      [443, 'localhost', cb],
      ['/tmp/some.sock', cb],
    ]) {
      expect(routeToSandbox(args, sandbox)).toBe(args);
    }
  });

  it('only trusts the CA on a socket the client brought (a proxy tunnel): it is already connected', () => {
    const socket = { fake: 'socket' };
    expect(
      routeToSandbox([{ socket, servername: 'api.dingtalk.com', host: 'api.dingtalk.com' }], sandbox),
    ).toEqual([{ socket, servername: 'api.dingtalk.com', host: 'api.dingtalk.com', ca: ['SANDBOX-CA'] }]);
  });
});
