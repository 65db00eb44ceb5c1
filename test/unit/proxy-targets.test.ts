/**
 * Which proxy targets the sandbox answers (mock-server/src/proxy/targets.ts): one-label names under
 * dingtalk.com — what the TLS certificate's `*.dingtalk.com` covers — on 443 (CONNECT) or 80.
 */
import { describe, expect, it } from 'vitest';
import { absoluteTarget, connectTarget, splitAuthority } from '../../mock-server/src/proxy/targets.ts';

describe('proxy targets', () => {
  it('CONNECT: DingTalk hosts on 443 are TLS, on 80 plain; case and a trailing dot do not matter', () => {
    expect(connectTarget('oapi.dingtalk.com:443')).toEqual({
      ok: true,
      target: { host: 'oapi.dingtalk.com', port: 443, tls: true },
    });
    expect(connectTarget('WSS-Open-Connection.DingTalk.com.:443')).toEqual({
      ok: true,
      target: { host: 'wss-open-connection.dingtalk.com', port: 443, tls: true },
    });
    expect(connectTarget('api.dingtalk.com:80')).toEqual({
      ok: true,
      target: { host: 'api.dingtalk.com', port: 80, tls: false },
    });
  });

  it('CONNECT: other hosts, names the certificate does not cover, and other ports are 403', () => {
    const refused = [
      'example.com:443',
      '127.0.0.1:443',
      '[::1]:443',
      'dingtalk.com:443',
      'a.b.dingtalk.com:443',
      'evil-dingtalk.com:443',
      'oapi.dingtalk.com.evil.example:443',
      'oapi.dingtalk.com:8443',
    ];
    expect(
      refused.map((t) => [t, connectTarget(t).ok, (connectTarget(t) as { status?: number }).status]),
    ).toEqual(refused.map((t) => [t, false, 403]));
  });

  it('CONNECT: a target that is not host:port is 400, its text made printable and bounded', () => {
    for (const t of ['oapi.dingtalk.com', 'oapi.dingtalk.com:0', 'oapi.dingtalk.com:99999', 'a b:443', ''])
      expect([t, connectTarget(t)]).toEqual([t, expect.objectContaining({ ok: false, status: 400 })]);
    const long = connectTarget(`${'x'.repeat(500)}\u0000`);
    expect(long).toMatchObject({ ok: false, status: 400 });
    expect((long as { reason: string }).reason.length).toBeLessThan(200);
    expect(splitAuthority('[::1]:443')).toEqual({ host: '[::1]', port: 443 });
  });

  it('absolute form: http:// DingTalk hosts on 80 give the path to answer; https://, others and origin form are refused', () => {
    expect(absoluteTarget('http://oapi.dingtalk.com/gettoken?appkey=k&appsecret=s')).toEqual({
      ok: true,
      target: { host: 'oapi.dingtalk.com', port: 80, tls: false },
      path: '/gettoken?appkey=k&appsecret=s',
    });
    expect(absoluteTarget('http://example.com/')).toMatchObject({ ok: false, status: 403 });
    expect(absoluteTarget('http://oapi.dingtalk.com:8080/')).toMatchObject({ ok: false, status: 403 });
    expect(absoluteTarget('https://oapi.dingtalk.com/')).toMatchObject({ ok: false, status: 400 });
    expect(absoluteTarget('/gettoken?appkey=k&appsecret=s3cret')).toEqual({
      ok: false,
      status: 400,
      reason: '"/gettoken" is not a proxy request (want an absolute http:// URL or CONNECT host:443)',
    });
  });
});
