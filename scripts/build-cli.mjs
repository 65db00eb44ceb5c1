#!/usr/bin/env node
// The bin, bundled (docs/decisions/0009-bundled-bin.md): after `tsc -p tsconfig.build.json` has
// written the library to dist/, esbuild replaces dist/cli.js with one ESM file holding the CLI and
// every dependency `serve` needs, so a cold start reads one file instead of ~400 modules.
//   node scripts/build-cli.mjs [--metafile FILE]
// Left out of the bundle, loaded only by the commands that need them:
//  - the `client` command: `./client-shim/cli-client.ts` becomes the compiled `./client-shim/cli-client.js`
//    beside the bundle (it, and Playwright, load from dist/ and node_modules on `client` only);
//  - @playwright/test and playwright-core (optional peer dependency);
//  - @faker-js/faker: loaded with createRequire() inside generateTenant(), which esbuild leaves alone;
//  - better-sqlite3 (native addon; the sandbox does not use it, but never inline a .node file).
import { build } from 'esbuild';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/cli.js');
const metaArg = process.argv.indexOf('--metafile');

/** The `client` command stays a lazy import of the tsc output, outside the bundle. */
const clientCommandOutside = {
  name: 'client-command-outside',
  setup(b) {
    b.onResolve({ filter: /^\.\/client-shim\/cli-client\.ts$/ }, () => ({
      path: './client-shim/cli-client.js',
      external: true,
    }));
  },
};

/**
 * JSON data (mime-db's table above all) as `JSON.parse('…')` rather than an object literal: V8 scans
 * a string and parses JSON much faster than it compiles a literal of thousands of properties.
 */
const jsonParsed = {
  name: 'json-parsed',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.json$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return {
        contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`,
        loader: 'js',
      };
    });
  },
};

// Chunk names carry content hashes: clear the previous build's.
rmSync(join(root, 'dist/cli-chunks'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['mock-server/src/cli.ts'],
  outdir: join(root, 'dist'),
  entryNames: '[name]',
  chunkNames: 'cli-chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies (koa's, pino's) call require(): give the ESM bundle one. The entry's
  // `#!/usr/bin/env node` line is kept by esbuild above this banner.
  banner: {
    js: "import { createRequire as __sandboxCreateRequire } from 'node:module'; const require = __sandboxCreateRequire(import.meta.url);",
  },
  external: ['@playwright/test', 'playwright', 'playwright-core', '@faker-js/faker', 'better-sqlite3'],
  // ws tries the optional native addons bufferutil and utf-8-validate (not dependencies of ours): the
  // bundled bin uses ws's own JavaScript for masking and UTF-8 checks, so those require()s are left out.
  define: { 'process.env.WS_NO_BUFFER_UTIL': '"1"', 'process.env.WS_NO_UTF_8_VALIDATE': '"1"' },
  plugins: [clientCommandOutside, jsonParsed],
  // JSX pages (preact) compile as in tsconfig.
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  // Whitespace and syntax only: identifiers keep their names (stack traces, error and class names
  // that koa, depd and zod print), without esbuild's keepNames wrappers, which cost start-up time.
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: metaArg >= 0,
  logLevel: 'warning',
});
if (metaArg >= 0) writeFileSync(process.argv[metaArg + 1], JSON.stringify(result.metafile));
// tsc's declaration of the CLI module describes nothing a user imports.
rmSync(join(root, 'dist/cli.d.ts'), { force: true });
rmSync(join(root, 'dist/cli.d.ts.map'), { force: true });
chmodSync(outfile, 0o755);
