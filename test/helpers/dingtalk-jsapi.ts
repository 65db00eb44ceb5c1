/**
 * dingtalk-jsapi 3.2.9 from npm ships CommonJS only (no dist/ or UMD file), so the browser tests
 * bundle the unmodified package entry (`dingtalk-jsapi/index.js`, the same one `import * as dd`
 * loads) into an IIFE exposing the global `dd`, with Vite (a dev dependency), once per test file.
 * A throwaway HTTP server serves it next to tiny pages that stand in for a micro-app's home page.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export async function bundleDingTalkJsapi(): Promise<string> {
  const entry = fileURLToPath(new URL('../../node_modules/dingtalk-jsapi/index.js', import.meta.url));
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ['iife'], name: 'dd', fileName: () => 'dd.js' },
    },
  });
  const result = Array.isArray(out) ? out[0] : out;
  const chunk = 'output' in result! ? result.output[0] : undefined;
  if (!chunk || chunk.type !== 'chunk') throw new Error('bundling dingtalk-jsapi produced no chunk');
  return chunk.code;
}

export interface MicroAppServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves /dd.js and, at any other path, a page that loads it (the test drives `dd` by evaluate). */
export async function startMicroAppServer(ddJs: string): Promise<MicroAppServer> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/dd.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(ddJs);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html><head><meta charset="utf-8"><title>micro-app</title>' +
        '<script src="/dd.js"></script></head><body><h1>micro-app</h1></body></html>',
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
