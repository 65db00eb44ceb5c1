/**
 * `npm start` (scripts/start-all.ts) and `dingtalk-sandbox serve` in the first minute and across
 * restarts: real options, one-line errors, a banner with everything the README's tour needs, and
 * console changes that survive — even a SIGKILL right after they were acknowledged.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, ROOT, runStartAll, stopStartAll } from '../helpers/start-all.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dts-start-all-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function occupy(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as { port: number }).port;
}

/** npm start's arguments: the two ports, the sandbox's state file and the BI's database (in `dir` unless named). */
function startArgs(port: number, biPort: number, dir: string, statePath = join(dir, 's.json')): string[] {
  return [
    '--port',
    String(port),
    '--bi-port',
    String(biPort),
    '--state',
    statePath,
    '--bi-db',
    join(dir, 'bi.sqlite'),
  ];
}

describe('npm start', { timeout: 90_000 }, () => {
  it('honours --port and --bi-port, keeps its state where --state says (a folder not made yet, as .state/ on a fresh clone), and prints the console, 观远BI’s AppSecret and a tour that works', async () => {
    const dir = join(tempDir(), 'not-yet-made');
    const [port, biPort] = [await freePort(), await freePort()];
    const statePath = join(dir, 'sandbox.json');
    const run = runStartAll(startArgs(port, biPort, dir, statePath));
    cleanup.push(() => stopStartAll(run.child));
    const { stdout, sandboxUrl, biUrl } = await run.ready;
    expect([sandboxUrl, biUrl]).toEqual([`http://127.0.0.1:${port}`, `http://127.0.0.1:${biPort}`]);
    expect(stdout).toContain(`http://127.0.0.1:${port}/__sandbox/`);
    expect(stdout).toContain(statePath);

    const tenants = (await (await fetch(`${sandboxUrl}/__sandbox/api/tenants`)).json()) as {
      tenants: {
        corpId: string;
        apps: { name: string; appKey: string; appSecret: string; redirectUrls: string[] }[];
      }[];
    };
    const app = tenants.tenants[0]!.apps.find((a) => a.name === '观远BI')!;
    expect(stdout).toMatch(new RegExp(`AppSecret（观远BI）\\s+${app.appSecret}`));
    // The default bot's credentials (Stream mode), what a dingtalk-stream client needs (B1).
    const bot = tenants.tenants[0]!.apps.find((a) => a.name === '钉钉沙箱机器人')!;
    expect(stdout).toMatch(new RegExp(`clientSecret（钉钉沙箱机器人）\\s+${bot.appSecret}`));
    // The console's redirect URL follows the BI's port.
    expect(app.redirectUrls).toEqual([`${biUrl}/auth/dingtalk/callback`]);
    // The tour's first line fills BASE, APPKEY and APPSECRET with real values; its gettoken answers a token.
    const exported = /export BASE=(\S+) APPKEY='([^']+)' APPSECRET='([^']+)'/.exec(stdout);
    expect(exported?.slice(1)).toEqual([sandboxUrl, app.appKey, app.appSecret]);
    const token = (await (
      await fetch(`${sandboxUrl}/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)
    ).json()) as { errcode: number; access_token?: string };
    expect(token.errcode).toBe(0);

    // V5: 观远BI pushes directory events to the BI's receiver (check_url passed at start); a person who
    // leaves is pushed to the BI and acknowledged by it.
    const events = `${sandboxUrl}/__sandbox/api/tenants/${tenants.tenants[0]!.corpId}`;
    expect(stdout).toContain(`${biUrl}/dingtalk/events`);
    const sub = (await (await fetch(`${events}/apps/${app.appKey}/event-subscription`)).json()) as object;
    expect(sub).toMatchObject({ channel: 'http', url: `${biUrl}/dingtalk/events`, eventTypes: '*' });
    const analyst = /analyst1 \/ user123（钉钉账号 ([^，]+)，/.exec(stdout)![1]!;
    await fetch(`${events}/users/${analyst}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resigned: true }),
    });
    await expect
      .poll(
        async () => {
          const { events: list } = (await (await fetch(`${events}/events`)).json()) as {
            events: { eventType: string; deliveries: { state: string }[] }[];
          };
          return list.find((e) => e.eventType === 'user_leave_org')?.deliveries.map((d) => d.state);
        },
        { interval: 50, timeout: 10_000 },
      )
      .toEqual(['delivered']);
  });

  it('a sandbox port in use is one line on stderr (no stack) and exit code 1', async () => {
    const dir = tempDir();
    const taken = await occupy();
    const run = runStartAll(startArgs(taken, await freePort(), dir));
    const { code, stderr } = await run.exited;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `error: the sandbox port ${taken} is already in use (another npm start?) — stop it, or pick another: npm start -- --port ${taken + 100}`,
    ]);
  });

  it('the env variables SANDBOX_PORT and BI_PORT work as the options do; a BI port in use is one line too', async () => {
    const dir = tempDir();
    const [port, taken] = [await freePort(), await occupy()];
    const run = runStartAll([], {
      SANDBOX_PORT: String(port),
      BI_PORT: String(taken),
      SANDBOX_STATE: join(dir, 's.json'),
      BI_DB: join(dir, 'bi.sqlite'),
    });
    const { code, stderr } = await run.exited;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `error: the reference BI port ${taken} is already in use (another npm start?) — stop it, or pick another: npm start -- --bi-port ${taken + 100}`,
    ]);
  });

  it('a console change acknowledged just before a SIGKILL is there after the restart; --fresh starts clean', async () => {
    const dir = tempDir();
    const args = startArgs(await freePort(), await freePort(), dir);
    const first = runStartAll(args);
    cleanup.push(() => stopStartAll(first.child, 'SIGKILL'));
    const { sandboxUrl } = await first.ready;
    const corpId = (
      (await (await fetch(`${sandboxUrl}/__sandbox/api/tenants`)).json()) as { tenants: { corpId: string }[] }
    ).tenants[0]!.corpId;
    const created = await fetch(`${sandboxUrl}/__sandbox/api/tenants/${corpId}/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '刚刚创建的应用' }),
    });
    expect(created.status).toBe(201);
    await stopStartAll(first.child, 'SIGKILL');

    const names = async (url: string) =>
      (
        (await (await fetch(`${url}/__sandbox/api/tenants`)).json()) as {
          tenants: { apps: { name: string }[] }[];
        }
      ).tenants[0]!.apps.map((a) => a.name);
    const second = runStartAll(args);
    cleanup.push(() => stopStartAll(second.child));
    expect(await names((await second.ready).sandboxUrl)).toContain('刚刚创建的应用');
    await stopStartAll(second.child);

    const fresh = runStartAll([...args, '--fresh']);
    cleanup.push(() => stopStartAll(fresh.child));
    expect(await names((await fresh.ready).sandboxUrl)).not.toContain('刚刚创建的应用');
  });
});

describe('dingtalk-sandbox serve', { timeout: 60_000 }, () => {
  it('a port in use is one line on stderr (no stack) and exit code 1', async () => {
    const taken = await occupy();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'mock-server/src/cli.ts',
        'serve',
        '--port',
        String(taken),
        '--log-level',
        'silent',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `error: 127.0.0.1:${taken} is already in use (another sandbox?); stop it or pick another --port (0 = any free port)`,
    ]);
  });
});
