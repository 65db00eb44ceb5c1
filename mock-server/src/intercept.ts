/**
 * In-process mode (`dingtalk-sandbox/intercept`): requests for the real DingTalk hosts
 * (oapi.dingtalk.com, api.dingtalk.com, login.dingtalk.com) are routed into a sandbox in the same
 * process through nock 14 — no port, and the code under test (including the official SDK, which
 * hard-codes its host) is unchanged. `restore()` removes only this module's interceptors, never the
 * caller's own nock scopes.
 *
 * Stream mode: nock cannot intercept a WebSocket, so the sandbox also listens on a loopback port
 * (opened on the first `connections/open`) and that call's `endpoint` names it
 * (`ws://127.0.0.1:<port>/connect`): an unmodified `dingtalk-stream` client connects there, and the
 * sessionWebhooks of its messages name that origin too (allow 127.0.0.1 in `allowNetConnect`).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { inject } from 'light-my-request';
import { createSandbox, type SandboxOptions } from './start.ts';
import { createStreamServer, type StreamServer } from './http/stream/ws-server.ts';

const GATEWAY_OPEN = '/v1.0/gateway/connections/open';

export const DINGTALK_HOSTS = [
  'https://oapi.dingtalk.com',
  'https://api.dingtalk.com',
  'https://login.dingtalk.com',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface InterceptOptions extends Omit<SandboxOptions, 'port' | 'host'> {
  /** Origins to intercept; the three DingTalk hosts by default. */
  hosts?: string[];
  /**
   * Other traffic: leave nock's policy alone (undefined), block all real connections (false), allow
   * them (true), or allow only hosts matching a string or RegExp (as nock.enableNetConnect takes).
   */
  allowNetConnect?: boolean | string | RegExp;
}

export type Interception = ReturnType<typeof createSandbox> & {
  /** Interceptors installed by this call that nock still considers pending. */
  pending(): string[];
  /** Remove exactly the interceptors this call installed. */
  restore(): void;
};

export function interceptDingTalk(options: InterceptOptions = {}): Interception {
  const created = createSandbox(options);
  const handler = created.handler;
  const interceptors: nock.Interceptor[] = [];
  let stream: { server: Server; ws: StreamServer; port: Promise<number> } | null = null;
  /** The loopback port of the Stream WebSocket, listening from the first call on. */
  const streamPort = (): Promise<number> => {
    if (!stream) {
      const ws = createStreamServer({ sandbox: created.sandbox, fallback: handler });
      // The sandbox itself answers there too: a connection's sessionWebhooks name the origin it used.
      const server = createServer(handler);
      server.on('upgrade', ws.onUpgrade);
      server.listen(0, '127.0.0.1');
      server.unref();
      const port = once(server, 'listening').then(() => (server.address() as AddressInfo).port);
      stream = { server, ws, port };
    }
    return stream.port;
  };

  for (const origin of options.hosts ?? DINGTALK_HOSTS) {
    const scope = nock(origin).persist();
    for (const method of METHODS) {
      const interceptor = scope.intercept(() => true, method);
      interceptors.push(interceptor);
      interceptor.reply(async function reply(uri, body) {
        const headers = { ...(this.req.headers as Record<string, string>) };
        headers.host ??= new URL(origin).host;
        const payload =
          typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
        const res = await inject(handler, { method, url: uri, headers, payload });
        let raw = res.rawPayload;
        if (uri.split('?')[0] === GATEWAY_OPEN && res.statusCode === 200) {
          const answer = res.json() as { endpoint?: string };
          answer.endpoint = `ws://127.0.0.1:${await streamPort()}/connect`;
          raw = Buffer.from(JSON.stringify(answer));
        }
        const outHeaders: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined && k !== 'content-length' && k !== 'transfer-encoding')
            outHeaders[k] = Array.isArray(v) ? v.join(', ') : String(v);
        }
        return [res.statusCode, raw, outHeaders];
      });
    }
  }

  const policy = options.allowNetConnect;
  if (policy === false) nock.disableNetConnect();
  else if (policy === true) nock.enableNetConnect();
  else if (policy !== undefined) {
    nock.disableNetConnect();
    nock.enableNetConnect(policy);
  }

  return {
    ...created,
    pending: () =>
      nock
        .pendingMocks()
        .filter((m) => (options.hosts ?? DINGTALK_HOSTS).some((h) => m.includes(new URL(h).host))),
    restore() {
      for (const i of interceptors) nock.removeInterceptor(i);
      interceptors.length = 0;
      stream?.ws.close();
      stream?.server.close();
      stream = null;
      void created.eventPusher.stop();
      created.streamEventPusher.stop();
      // Undo only a policy this call set.
      if (policy !== undefined && policy !== true) nock.enableNetConnect();
    },
  };
}
