/**
 * Test helpers for the proxy (mock-server/src/proxy): an in-process sandbox with its proxy on port 0
 * (with the sandbox CA's certificate, when given), and raw proxy talk.
 */
import { connect, type Socket } from 'node:net';
import { startProxy } from '../../mock-server/src/proxy/proxy.ts';
import { createSandbox } from '../../mock-server/src/start.ts';

export type ProxiedSandbox = Awaited<ReturnType<typeof startProxiedSandbox>>;

/** `tls`: the sandbox CA's certificate for the DingTalk hosts (`authority.serverOptions()`). */
export async function startProxiedSandbox(opts: { tls?: { key: string; cert: string } } = {}) {
  const { sandbox, defaultTenant, handler } = createSandbox();
  const proxy = await startProxy({ handler, ...(opts.tls ? { tls: opts.tls } : {}) });
  const app = defaultTenant.listApps()[0]!;
  return {
    proxy,
    sandbox,
    tenant: defaultTenant,
    appKey: app.appKey,
    appSecret: app.appSecret,
    stop: () => proxy.stop(),
  };
}

/** Journal entries of the default tenant for a route, recorded after `sinceSeq`. */
export function journalOf(s: ProxiedSandbox, route: string, sinceSeq = 0) {
  return s.tenant.journal.query({ route, sinceSeq });
}

/** The proxy's answer to raw request text: status, the text after the head, and the open socket. */
export function rawProxy(
  port: number,
  text: string,
): Promise<{ status: number; head: string; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    const settle = (): void => {
      const at = got.indexOf('\r\n\r\n');
      const head = got.subarray(0, at).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const rest = got.subarray(at + 4).toString('utf8');
      resolve({ status, head, body: rest, socket });
    };
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      // A tunnel's 200 has no body; a refusal says Connection: close and is read to its end.
      if (/^HTTP\/1\.1 200 /.test(got.toString('latin1')) && got.includes('\r\n\r\n')) {
        socket.removeAllListeners('data');
        settle();
      }
    });
    socket.on('end', settle);
    socket.write(text);
  });
}

/** The whole answer to one HTTP/1.1 request sent with Connection: close down an open tunnel. */
export function sendThrough(socket: Socket, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.write(request);
  });
}
