import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The Dockerfile, built and run (issue 19, container; docs/decisions/0024-container.md) when a
// container engine works here AND its base image is already in the engine's store: the test never
// pulls. Offline, make a base from Debian with scripts/container/debian-node-base.sh (it is found as
// localhost/node:20-debian), or name one in DINGTALK_SANDBOX_NODE_IMAGE.
const root = fileURLToPath(new URL('../..', import.meta.url));
const IMAGE = 'localhost/dingtalk-sandbox:test';
const NAME = `dingtalk-sandbox-test-${process.pid}`;
const TOKEN = 'container-test-token';

function run(cmd: string, args: string[], timeout = 30_000) {
  return spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout });
}

// Limits below any host's hard limit: an engine that copies the host's (or raises them) fails where
// root lacks CAP_SYS_RESOURCE, as in this project's VMs.
const LIMITS = ['--ulimit', 'nofile=4096:4096', '--ulimit', 'nproc=4096:4096'];

/** The engine that answers `info` (podman first: Debian's), or why there is none. */
function findEngine(): { engine?: string; reason?: string } {
  for (const engine of ['podman', 'docker']) {
    if (run(engine, ['info'], 20_000).status === 0) return { engine };
  }
  return { reason: 'no working container engine (apt-get install podman runc)' };
}

function findBase(engine: string): { base?: string; reason?: string } {
  const candidates = process.env.DINGTALK_SANDBOX_NODE_IMAGE
    ? [process.env.DINGTALK_SANDBOX_NODE_IMAGE]
    : ['docker.io/library/node:20-bookworm-slim', 'localhost/node:20-debian'];
  const base = candidates.find((image) => run(engine, ['image', 'inspect', image]).status === 0);
  if (base) return { base };
  return {
    reason: `no base image in ${engine}'s store (${candidates.join(' or ')}); this test never pulls: build one from Debian with scripts/container/debian-node-base.sh`,
  };
}

/**
 * Global flags that let the engine start a container from `base` here: none, or (podman) runc as
 * the OCI runtime — crun refuses a host with hybrid cgroups (v1 controllers plus a v2 mount).
 */
function findFlags(engine: string, base: string): { flags?: string[]; reason?: string } {
  let last = '';
  for (const flags of engine === 'podman' ? [[], ['--runtime', 'runc']] : [[]]) {
    const probe = run(engine, [...flags, 'run', '--rm', ...LIMITS, base, 'node', '--version'], 60_000);
    if (probe.status === 0) return { flags };
    last = probe.stderr.trim().split('\n').pop() ?? '';
  }
  return { reason: `${engine} cannot start a container here (${last}); with podman, apt-get install runc` };
}

function environment(): { engine?: string; base?: string; flags?: string[]; reason?: string } {
  const { engine, reason } = findEngine();
  if (!engine) return { reason };
  const found = findBase(engine);
  if (!found.base) return found;
  const runtime = findFlags(engine, found.base);
  return runtime.flags ? { engine, base: found.base, flags: runtime.flags } : runtime;
}

const { engine, base, flags, reason } = environment();

describe.skipIf(!base)(
  `the container image (Dockerfile): multi-stage, non-root, HEALTHCHECK, 0.0.0.0 inside, admin token from outside${
    reason ? ` — skipped: ${reason}` : ''
  }`,
  () => {
    const e = (args: string[], timeout?: number) => run(engine!, [...flags!, ...args], timeout);
    let url = '';

    beforeAll(() => {
      // `--format docker`: podman's default OCI format has no HEALTHCHECK. Layers are cached between runs.
      const dockerFormat = engine === 'podman' ? ['--format', 'docker'] : [];
      const build = e(
        ['build', ...dockerFormat, ...LIMITS, '--build-arg', `NODE_IMAGE=${base}`, '-t', IMAGE, '.'],
        600_000,
      );
      if (build.status !== 0) throw new Error(`${engine} build failed:\n${build.stdout}\n${build.stderr}`);
      const started = e([
        'run',
        '-d',
        ...LIMITS,
        '--name',
        NAME,
        '-p',
        '127.0.0.1::3700',
        '-e',
        `DINGTALK_SANDBOX_ADMIN_TOKEN=${TOKEN}`,
        IMAGE,
      ]);
      if (started.status !== 0) throw new Error(`${engine} run failed: ${started.stderr}`);
      const port = e(['port', NAME, '3700']).stdout.trim().split('\n')[0]!;
      url = `http://${port.replace('0.0.0.0', '127.0.0.1')}`;
    }, 660_000);

    afterAll(() => {
      if (engine && flags) e(['rm', '-f', NAME]);
    });

    it('its HEALTHCHECK (GET /__sandbox/health inside) turns healthy, and health answers from outside', async () => {
      // The engine runs the image's own HEALTHCHECK command; bounded retries while node starts.
      let healthy = false;
      for (let i = 0; i < 40 && !healthy; i++) {
        healthy =
          engine === 'podman'
            ? e(['healthcheck', 'run', NAME]).status === 0
            : e(['inspect', '--format', '{{.State.Health.Status}}', NAME]).stdout.trim() === 'healthy';
        if (!healthy) await new Promise((r) => setTimeout(r, 250));
      }
      expect(healthy).toBe(true);
      const res = await fetch(`${url}/__sandbox/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, tenants: 1 });
    });

    it('runs as the unprivileged node user, not root', () => {
      expect(e(['exec', NAME, 'id', '-un']).stdout.trim()).toBe('node');
    });

    it('the admin API refuses a caller from outside without the token and answers with it', async () => {
      const refused = await fetch(`${url}/__sandbox/api/tenants`);
      expect(refused.status).toBe(401);
      const res = await fetch(`${url}/__sandbox/api/tenants`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(200);
    });

    it('answers a DingTalk gettoken (oapi) with the default tenant’s 观远BI credentials', async () => {
      const list = (await (
        await fetch(`${url}/__sandbox/api/tenants`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).json()) as {
        tenants: { default: boolean; apps: { name: string; appKey: string; appSecret: string }[] }[];
      };
      const app = list.tenants.find((t) => t.default)!.apps.find((a) => a.name === '观远BI')!;
      const res = await fetch(`${url}/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`);
      expect(await res.json()).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    });
  },
);
