/**
 * The HTTPS listener of `serve --tls` (startSandbox's `tls`): the same request handler as the HTTP
 * listener, with the local CA's server certificate for DingTalk's host names.
 *
 * WSS seam: DingTalk Stream (wss://wss-open-connection.dingtalk.com/connect) will attach to this
 * server's 'upgrade' event. Until then an upgrade request is answered as a plain request would be
 * (the DingTalk pipeline's 404), so a client sees the sandbox answer rather than a dropped socket.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StartupError } from '../config/startup-error.ts';
import type { Authority } from './authority.ts';

export interface TlsListener {
  server: Server;
  port: number;
  /** `https://127.0.0.1:<port>` (or the listening host). */
  url: string;
}

export async function listenTls(opts: {
  authority: Authority;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  port: number;
  host: string;
}): Promise<TlsListener> {
  const server = createServer(opts.authority.serverOptions(), opts.handler);
  server.keepAliveTimeout = 5_000;
  server.listen(opts.port, opts.host);
  try {
    await once(server, 'listening');
  } catch (e) {
    throw listenFailure(e as NodeJS.ErrnoException, `${opts.host}:${opts.port}`);
  }
  const { port } = server.address() as AddressInfo;
  const host = opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  return { server, port, url: `https://${host.includes(':') ? `[${host}]` : host}:${port}` };
}

/** The HTTPS port's listen errors in the CLI's one-line words, naming --tls-port (not --port). */
function listenFailure(err: NodeJS.ErrnoException, where: string): Error {
  if (err.code === 'EADDRINUSE')
    return new StartupError(
      `${where} (the TLS listener) is already in use`,
      'stop what holds it or pick another --tls-port (0 = any free port)',
      { cause: err },
    );
  if (err.code === 'EACCES')
    return new StartupError(
      `not allowed to listen on ${where} (the TLS listener)`,
      'pick a --tls-port above 1023, or see the README for listening on 443 (setcap or a port forward)',
      { cause: err },
    );
  return err;
}
