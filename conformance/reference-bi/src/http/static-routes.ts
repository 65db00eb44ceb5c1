/**
 * Static files: the stylesheet, the small page scripts, and dingtalk-jsapi for the browser.
 * dingtalk-jsapi 3.2.9 on npm ships CommonJS modules only (no dingtalk.open.js build), so the BI
 * bundles the unmodified package once, on first request, with esbuild (present with tsx) into an IIFE
 * exposing `window.dd` — the same global the CDN build gives.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Router from '@koa/router';

const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'static');
const FILES: Record<string, string> = {
  'bi.css': 'text/css; charset=utf-8',
  'in-app.js': 'text/javascript; charset=utf-8',
  'sync-progress.js': 'text/javascript; charset=utf-8',
};

let jsapiBundle: Promise<string> | null = null;

/** dingtalk-jsapi as one browser script defining `window.dd`. */
export function dingtalkJsapiBundle(): Promise<string> {
  jsapiBundle ??= (async () => {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({
      entryPoints: ['dingtalk-jsapi'],
      bundle: true,
      format: 'iife',
      globalName: 'dd',
      platform: 'browser',
      target: 'es2017',
      minify: true,
      write: false,
      logLevel: 'silent',
    });
    return `/* dingtalk-jsapi (npm), bundled by the reference BI */\n${out.outputFiles[0]!.text}`;
  })().catch((e: unknown) => {
    jsapiBundle = null;
    throw e;
  });
  return jsapiBundle;
}

export function registerStaticRoutes(router: Router): void {
  const cache = new Map<string, string>();
  router.get('/static/:file', async (ctx, next) => {
    const file = ctx.params.file!;
    if (file === 'dingtalk.open.js') {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.set('cache-control', 'public, max-age=3600');
      ctx.body = await dingtalkJsapiBundle();
      return;
    }
    const type = FILES[file];
    if (!type) return next();
    if (!cache.has(file)) cache.set(file, readFileSync(join(STATIC_DIR, file), 'utf8'));
    ctx.type = type;
    ctx.set('cache-control', 'no-cache');
    ctx.body = cache.get(file);
  });
}
