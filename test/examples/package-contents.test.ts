import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// What `npm publish` would ship, as `npm pack --dry-run` lists it (scripts skipped: no prepack build
// here, npm test has built dist/ already). Issue 19 (packaging): the bin, LICENSE, README and the
// docs it links; nothing of the tests, the conformance suite or local state; runtime dependencies
// exactly what the shipped JavaScript imports.
const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as {
  bin?: Record<string, string>;
  exports?: Record<string, string | { default?: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

let files: string[] = [];

beforeAll(() => {
  const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
  });
  if (run.status !== 0) throw new Error(`npm pack --dry-run failed (${run.status}): ${run.stderr}`);
  const [packed] = JSON.parse(run.stdout) as [{ files: { path: string }[] }];
  files = packed.files.map((f) => f.path);
}, 60_000);

/** Local targets of the README's markdown links, without #anchors (web links and pure anchors left out). */
function readmeLocalLinks(): string[] {
  const text = readFileSync(`${root}/README.md`, 'utf8');
  const targets = [
    ...[...text.matchAll(/\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]!),
  ];
  return [
    ...new Set(
      targets
        .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
        .map((t) => decodeURI(t.split('#')[0]!).replace(/^\.\//, '')),
    ),
  ];
}

/** The package's JavaScript entry points: the bin and every `exports` target, as tarball paths. */
function entryPoints(): string[] {
  return [
    ...Object.values(pkg.bin ?? {}),
    ...Object.values(pkg.exports ?? {}).map((e) => (typeof e === 'string' ? e : e.default)),
  ]
    .filter((p): p is string => typeof p === 'string' && p.endsWith('.js'))
    .map((p) => posix.normalize(p));
}

/**
 * Packages the published package loads: from its entry points (the bin and every `exports` target),
 * following relative imports through the shipped files — a dist/ module only the bundled bin uses
 * (its copy is inside the bundle) is not loaded. Two shapes, each matched literally: tsc's output
 * keeps the sources' quotes (`from '…'`, `import('…')`, `require('…')`,
 * `createRequire(import.meta.url)('…')`; the JSX runtime's `from "preact/jsx-runtime"`); the
 * esbuild bundle (dist/cli.js, dist/cli-chunks/) prints its imports as `from"…"`, `import("…")`,
 * `__require("…")` and `createRequire(import.meta.url)("…")` — so a `require('x')` quoted inside a
 * bundled library's error message is not taken for one.
 */
function importedPackages(): Map<string, string> {
  const entries = entryPoints();
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path) || !files.includes(path)) continue;
    seen.add(path);
    const text = readFileSync(`${root}/${path}`, 'utf8');
    const bundled = path === 'dist/cli.js' || path.startsWith('dist/cli-chunks/');
    const pattern = bundled
      ? /(?:\bfrom|\bimport\(|\b__require\(|import\.meta\.url\)\()"([^"\s;(){}=]+)"/g
      : /(?:\bfrom |\bimport\(|\brequire\(|import\.meta\.url\)\()(?:'([^']+)'|"([^"]+)")/g;
    for (const [, single, double] of text.matchAll(pattern)) {
      const specifier = (single ?? double)!;
      if (specifier.startsWith('.')) {
        queue.push(posix.join(posix.dirname(path), specifier));
        continue;
      }
      if (specifier.startsWith('node:')) continue;
      const parts = specifier.split('/');
      const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
      if (builtinModules.includes(name)) continue;
      if (!found.has(name)) found.set(name, path);
    }
  }
  return found;
}

describe('the published package (npm pack): issue 19 packaging', () => {
  it('holds the bin, every exports target, LICENSE, README and CHANGELOG', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cli.js',
        'dist/index.js',
        'dist/intercept.js',
        'dist/playwright/fixtures.js',
        'LICENSE',
        'README.md',
        'CHANGELOG.md',
        'package.json',
      ]),
    );
    expect(entryPoints().filter((entry) => !files.includes(entry))).toEqual([]);
  });

  it('ships no tests, conformance suite, scripts, CI, local state or reports', () => {
    const unwanted =
      /^(test|conformance|scripts|\.ci|\.state|node_modules|playwright-report|test-results|blob-report)\//;
    expect(files.filter((f) => unwanted.test(f))).toEqual([]);
  });

  it('every README link to a local file resolves inside the tarball', () => {
    const links = readmeLocalLinks();
    expect(links.length).toBeGreaterThan(0);
    expect(
      links.filter((l) => !files.includes(l) && !files.some((f) => f.startsWith(`${l.replace(/\/$/, '')}/`))),
    ).toEqual([]);
  });

  it('every package the shipped JavaScript imports is a runtime or peer dependency', () => {
    const declared = new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
    ]);
    const imported = importedPackages();
    const undeclared = [...imported]
      .filter(([name]) => !declared.has(name))
      .map(([name, by]) => `${name} (${by})`);
    expect(undeclared).toEqual([]);
  });

  it('every runtime dependency is imported by the shipped JavaScript (the reference BI’s better-sqlite3 and koa-session, and what the bin bundles, are devDependencies)', () => {
    const imported = importedPackages();
    expect(Object.keys(pkg.dependencies ?? {}).filter((name) => !imported.has(name))).toEqual([]);
  });
});
