/**
 * The bundled bin (dist/cli.js, built by `npm run build`) as a user meets it: every start-up failure
 * is one line, `error: <what>; <what to do>`, on stderr with exit code 1 — no stack, no bundle
 * source — and a script gets one JSON line once it listens (docs/config.md).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');
const ENV: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
for (const k of Object.keys(ENV)) if (k.startsWith('DINGTALK_SANDBOX_')) delete ENV[k];

/** A folder with no config file in it, to run the bin from. */
const EMPTY = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));

function run(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? EMPTY,
    encoding: 'utf8',
    env: { ...ENV, ...opts.env },
    timeout: 15_000,
  });
  return { code: r.status, stdout: r.stdout, lines: r.stderr.trim().split('\n') };
}

function file(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sandbox-cli-')), name);
  writeFileSync(path, content);
  return path;
}

/** Starts `serve … --ready-json` and resolves with its one ready line and everything it wrote. */
function serveReady(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--ready-json', ...args], {
    cwd: opts.cwd ?? EMPTY,
    env: { ...ENV, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const ready = new Promise<Record<string, unknown> & { urls: Record<string, string> }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0]!));
    });
  });
  return { child, ready, out: () => ({ stdout, stderr }) };
}

const children: { kill(): boolean }[] = [];
const servers: Server[] = [];
afterAll(() => {
  for (const c of children) c.kill();
  for (const s of servers) s.close();
});

describe('serve: start-up failures are one line and exit code 1', () => {
  it('a port in use (EADDRINUSE)', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    servers.push(taken);
    await once(taken, 'listening');
    const port = (taken.address() as { port: number }).port;
    expect(run(['serve', '--port', String(port)])).toMatchObject({
      code: 1,
      lines: [
        `error: 127.0.0.1:${port} is already in use (another sandbox?); stop it or pick another --port (0 = any free port)`,
      ],
    });
  });

  it('an address not of this machine (EADDRNOTAVAIL)', () => {
    expect(run(['serve', '--port', '0', '--host', '192.0.2.1'])).toMatchObject({
      code: 1,
      lines: [
        'error: 192.0.2.1 is not an address of this machine; pick another --host (e.g. 127.0.0.1 or 0.0.0.0)',
      ],
    });
  });

  it.skipIf(process.getuid?.() === 0)(
    'a privileged port (EACCES; skipped as root, which may bind it)',
    () => {
      expect(run(['serve', '--port', '80'])).toMatchObject({
        code: 1,
        lines: [
          'error: not allowed to listen on 127.0.0.1:80; pick a port above 1023 with --port, or another --host',
        ],
      });
    },
  );

  it('a malformed --tenant file: one line naming it, not ~100 KB of minified bundle', () => {
    const bad = file('tenant.json', '{"corpId": "x"}');
    const r = run(['serve', '--port', '0', '--tenant', bad]);
    expect(r).toMatchObject({
      code: 1,
      lines: [
        `error: tenant file ${bad} is not a tenant snapshot: version: Invalid input: expected number, received undefined; give a file written by \`dingtalk-sandbox generate\` or exported with GET /__sandbox/api/tenants/{corpId}/export`,
      ],
    });
    const notJson = file('tenant.json', '{oops');
    expect(run(['serve', '--port', '0', '--tenant', notJson]).lines).toEqual([
      expect.stringMatching(
        new RegExp(`^error: tenant file ${notJson} is not valid JSON: .+; give a file written by`),
      ),
    ]);
  });

  it('a --tenant file that does not exist (also from DINGTALK_SANDBOX_TENANT)', () => {
    expect(
      run(['serve', '--port', '0'], { env: { DINGTALK_SANDBOX_TENANT: '/nonexistent/t.json' } }),
    ).toMatchObject({
      code: 1,
      lines: [
        'error: tenant file /nonexistent/t.json does not exist; check --tenant / DINGTALK_SANDBOX_TENANT',
      ],
    });
  });

  it('an unusable --state file', () => {
    const state = file('state.json', 'not json');
    expect(run(['serve', '--port', '0', '--state', state]).lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: state file ${state} is not valid JSON: .+; fix or remove it \\(or start without --state`,
        ),
      ),
    ]);
  });

  it('an invalid config file names the place in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
    writeFileSync(
      join(dir, 'dingtalk-sandbox.config.json'),
      JSON.stringify({ tenants: [{ apps: [{ name: 'A' }, { name: 'B', redirectUrls: ['nope'] }] }] }),
    );
    expect(run(['serve', '--port', '0'], { cwd: dir })).toMatchObject({
      code: 1,
      lines: [
        'error: dingtalk-sandbox.config.json: tenants[0].apps[1].redirectUrls[0]: must be an http(s) URL; fix the file',
      ],
    });
    expect(run(['serve', '--config', join(dir, 'missing.yaml')]).lines).toEqual([
      `error: config file ${join(dir, 'missing.yaml')} does not exist; check --config / DINGTALK_SANDBOX_CONFIG`,
    ]);
  });

  it('an invalid option value, from a flag or from its environment variable', () => {
    expect(run(['serve', '--port', 'abc'])).toMatchObject({
      code: 1,
      lines: [
        "error: option '-p, --port <port>' argument 'abc' is invalid. port must be a whole number from 0 to 65535; see dingtalk-sandbox serve --help",
      ],
    });
    expect(run(['serve'], { env: { DINGTALK_SANDBOX_PORT: '70000' } }).lines).toEqual([
      "error: option '-p, --port <port>' value '70000' from env 'DINGTALK_SANDBOX_PORT' is invalid. port must be a whole number from 0 to 65535; see dingtalk-sandbox serve --help",
    ]);
  });

  it('a switch’s environment variable that is neither on nor off', () => {
    expect(run(['serve'], { env: { DINGTALK_SANDBOX_VERBOSE: 'sometimes' } })).toMatchObject({
      code: 1,
      lines: [
        'error: DINGTALK_SANDBOX_VERBOSE=sometimes is neither on nor off; set it to 1, true, yes or on — or to 0, false, no, off or nothing',
      ],
    });
  });

  it('--log-level takes only its choices', () => {
    expect(run(['serve', '--log-level', 'loud'])).toMatchObject({
      code: 1,
      lines: [
        "error: option '--log-level <level>' argument 'loud' is invalid. Allowed choices are fatal, error, warn, info, debug, silent; see dingtalk-sandbox serve --help",
      ],
    });
  });

  it('an unknown option, with the suggestion on the same line', () => {
    expect(run(['serve', '--prot', '3700'])).toMatchObject({
      code: 1,
      lines: ["error: unknown option '--prot' (Did you mean --port?); see dingtalk-sandbox serve --help"],
    });
  });
});

describe('serve: version, environment, --ready-json, --verbose', () => {
  it('--version is package.json’s version, read when the bin runs', () => {
    // A copy of the bin beside another package.json: the version must come from that file.
    const pkg = mkdtempSync(join(tmpdir(), 'sandbox-pkg-'));
    cpSync(join(ROOT, 'dist/cli.js'), join(pkg, 'dist/cli.js'));
    cpSync(join(ROOT, 'dist/cli-chunks'), join(pkg, 'dist/cli-chunks'), { recursive: true });
    mkdirSync(join(pkg, 'fixtures'));
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'dingtalk-sandbox', version: '9.8.7-test' }),
    );
    const r = spawnSync(process.execPath, [join(pkg, 'dist/cli.js'), '--version'], {
      encoding: 'utf8',
      env: ENV,
    });
    expect(r.stdout.trim()).toBe('9.8.7-test');
    const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run(['--version']).stdout.trim()).toBe(own.version);
  });

  it('--ready-json prints one JSON line with the URLs; GET /__sandbox/health answers there', async () => {
    const s = serveReady(['--log-level', 'info']);
    children.push(s.child);
    const ready = await s.ready;
    const base = ready.urls.base!;
    expect(ready).toMatchObject({
      ready: true,
      urls: {
        base: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        console: `${base}/__sandbox/`,
        adminApi: `${base}/__sandbox/api`,
        health: `${base}/__sandbox/health`,
      },
      defaultTenant: { corpId: expect.stringMatching(/^ding/) },
      config: null,
    });
    expect(await (await fetch(ready.urls.health!)).json()).toEqual({ ok: true, tenants: 1 });
    // stdout holds that line alone: the banner went to stderr.
    expect(s.out().stdout.trim().split('\n')).toHaveLength(1);
    expect(s.out().stderr).toContain('dingtalk-sandbox is running');
  });

  it('a switch’s variable set to 0 or false is off, and to 1 or true on (DINGTALK_SANDBOX_READY_JSON)', async () => {
    /** What `serve` first writes on stdout: the banner, or the ready line. */
    const firstLine = (value: string) => {
      const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
        cwd: EMPTY,
        env: { ...ENV, DINGTALK_SANDBOX_READY_JSON: value },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      children.push(child);
      return new Promise<string>((resolve, reject) => {
        let stdout = '';
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          stdout += d;
          if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
        });
      });
    };
    const [off0, offFalse, on1, onTrue] = await Promise.all(['0', 'false', '1', 'TRUE'].map(firstLine));
    expect(off0).toContain('dingtalk-sandbox is running');
    expect(offFalse).toContain('dingtalk-sandbox is running');
    expect(JSON.parse(on1 ?? '')).toMatchObject({ ready: true });
    expect(JSON.parse(onTrue ?? '')).toMatchObject({ ready: true });
  });

  it('precedence: a flag over its environment variable over the config file over the default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
    writeFileSync(join(dir, 'dingtalk-sandbox.config.yaml'), 'serve:\n  host: 127.0.0.3\n  port: 1\n');
    const byFile = serveReady([], { cwd: dir });
    const byEnv = serveReady([], { cwd: dir, env: { DINGTALK_SANDBOX_HOST: '127.0.0.2' } });
    const byFlag = serveReady(['--host', '127.0.0.4'], {
      cwd: dir,
      env: { DINGTALK_SANDBOX_HOST: '127.0.0.2' },
    });
    children.push(byFile.child, byEnv.child, byFlag.child);
    expect((await byFile.ready).urls.base).toMatch(/^http:\/\/127\.0\.0\.3:\d+$/);
    expect((await byEnv.ready).urls.base).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    expect((await byFlag.ready).urls.base).toMatch(/^http:\/\/127\.0\.0\.4:\d+$/);
    expect((await byFile.ready).config).toBe(join(dir, 'dingtalk-sandbox.config.yaml'));
  });

  it('--verbose logs one line per DingTalk call: method, path with the secret masked, outcome, reason', async () => {
    const s = serveReady(['--verbose']);
    children.push(s.child);
    const { urls } = await s.ready;
    await fetch(`${urls.base}/gettoken?appkey=nosuchkey&appsecret=TOPSECRET123`);
    const line = await new Promise<string>((resolve) => {
      const look = () => {
        const found = s
          .out()
          .stderr.split('\n')
          .find((l) => l.includes('"call"'));
        if (found) resolve(found);
        else setTimeout(look, 20);
      };
      look();
    });
    expect(JSON.parse(line)).toMatchObject({
      level: 20,
      msg: 'GET /gettoken?appkey=nosuchkey&appsecret=TOPS*** → 200 refused 40096: no app has the AppKey nosuchkey',
      call: {
        method: 'GET',
        route: 'oapi.gettoken',
        outcome: 'refused',
        code: '40096',
        reason: expect.any(String),
      },
    });
    expect(s.out().stderr).not.toContain('TOPSECRET123');
  });
});
