/**
 * A throwaway "BI" for browser tests: a bare node:http server on port 0 whose callback page shows
 * the query it was called with, and an /embed page that uses the sandbox's DTFrameLogin stand-in.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BiServer {
  url: string;
  callbackUrl: string;
  close(): Promise<void>;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function embedPage(sandboxUrl: string, params: Record<string, string>): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>BI embed</title>
<script src="${escape(sandboxUrl)}/login/ddlogin.js"></script></head><body>
<div id="login"></div><pre id="result"></pre>
<script>
window.DTFrameLogin({ id: 'login', width: 320, height: 360 }, ${JSON.stringify(params).replace(/</g, '\\u003c')},
  function (r) { document.getElementById('result').textContent = 'ok ' + r.authCode + ' ' + r.state; },
  function (e) { document.getElementById('result').textContent = 'error ' + e; });
</script></body></html>`;
}

export async function startBi(): Promise<BiServer> {
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.pathname === '/embed') {
      const { sandbox = '', ...params } = Object.fromEntries(url.searchParams);
      res.end(embedPage(sandbox, params));
      return;
    }
    const rows = [...url.searchParams].map(
      ([k, v]) => `<dt>${escape(k)}</dt><dd id="q-${escape(k)}">${escape(v)}</dd>`,
    );
    res.end(
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>BI callback</title></head><body><h1>BI callback</h1><dl>${rows.join('')}</dl></body></html>`,
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    callbackUrl: `${base}/auth/dingtalk/callback`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
