/**
 * The local certificate authority (mock-server/src/tls): made once per folder and kept, never
 * replaced by a second start or a concurrent one, and its server certificate verifies for
 * DingTalk's host names (and loopback) against the CA alone.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCaDir, isDingTalkHost, loadOrCreateAuthority } from '../../mock-server/src/tls/index.ts';

const root = mkdtempSync(join(tmpdir(), 'sandbox-ca-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('local CA (R1)', () => {
  it('is created once: concurrent and later starts share one CA, ca.pem is public, keys are 0600', async () => {
    const dir = join(root, 'shared');
    const [a, b] = await Promise.all([loadOrCreateAuthority(dir), loadOrCreateAuthority(dir)]);
    const c = await loadOrCreateAuthority(dir);
    expect([b.caPem, c.caPem]).toEqual([a.caPem, a.caPem]);
    expect(a.caPath).toBe(join(dir, 'ca.pem'));
    expect(readFileSync(a.caPath, 'utf8')).toBe(a.caPem);
    expect(a.caPem).not.toContain('PRIVATE KEY');
    expect(statSync(join(dir, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'server-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(a.caPath).mode & 0o777).toBe(0o644);
  });

  it("issues a server certificate for DingTalk's hosts and loopback, signed by the CA", async () => {
    const ca = await loadOrCreateAuthority(join(root, 'names'));
    const caCert = new X509Certificate(ca.caPem);
    const server = new X509Certificate(ca.serverOptions().cert);
    expect(caCert.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(caCert.publicKey)).toBe(true);
    expect(server.checkIssued(caCert)).toBe(true);
    const hosts = [
      'oapi.dingtalk.com',
      'api.dingtalk.com',
      'login.dingtalk.com',
      'wss-open-connection.dingtalk.com',
      'open.dingtalk.com',
      'localhost',
    ];
    expect(hosts.filter((h) => server.checkHost(h) === undefined)).toEqual([]);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('example.com')).toBeUndefined();
    expect(server.checkHost('a.b.dingtalk.com')).toBeUndefined();
  });

  it('names a folder outside the repository by default, DINGTALK_SANDBOX_CA_DIR first', () => {
    expect(defaultCaDir({ DINGTALK_SANDBOX_CA_DIR: '/x/ca' })).toBe('/x/ca');
    expect(defaultCaDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/dingtalk-sandbox/ca');
  });

  it('tells DingTalk hosts from others', () => {
    expect(['api.dingtalk.com', 'OAPI.DINGTALK.COM.', 'dingtalk.com'].map(isDingTalkHost)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['dingtalk.com.evil.test', 'evildingtalk.com', '127.0.0.1'].map(isDingTalkHost)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
