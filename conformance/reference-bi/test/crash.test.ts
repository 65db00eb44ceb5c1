/**
 * Killing the BI during a sync and restarting it loses nothing that was committed and leaves no
 * half-synced users: the BI runs as a child process, a sync is caught mid-way (a delay fault slows
 * /topapi/v2/user/list), the process gets SIGKILL, and a new process on the same database finds the
 * users exactly as before the sync and the run marked interrupted — then a new sync completes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bootstrap } from '../src/config.ts';
import type { SyncRun } from '../src/db/sync-runs.ts';
import { startSandbox, type RunningSandbox } from '../../../mock-server/src/start.ts';
import { Agent } from './helpers/agent.ts';
import { sandboxCall, type SandboxApp } from './helpers/stack.ts';

const MAIN = resolve(import.meta.dirname, '../src/main.ts');

async function spawnBi(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((res, rej) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /reference-bi listening on (\S+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        res(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => rej(new Error(`BI exited (${code}) before listening:\n${out}`)));
  });
  child.removeAllListeners('exit');
  return { child, url };
}

describe('crash safety of 账户同步', () => {
  let sb: RunningSandbox;
  let dir: string;
  let child: ChildProcess | undefined;
  let corpId: string;
  let args: string[];

  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
    const t = await sandboxCall<{ corpId: string; apps: SandboxApp[] }>(sb.url, 'POST', '/tenants', {
      users: 1200,
      seed: 11,
    });
    corpId = t.corpId;
    const app = t.apps.find((a) => a.name === '观远BI')!;
    dir = mkdtempSync(join(tmpdir(), 'reference-bi-crash-'));
    const bootstrap: Bootstrap = {
      dingtalkFeature: true,
      dingtalk: { appKey: app.appKey, appSecret: app.appSecret, agentId: app.agentId, corpId, enabled: true },
      users: [{ username: 'admin', displayName: '管理员', password: 'admin123', role: 'admin' }],
    };
    writeFileSync(join(dir, 'bootstrap.json'), JSON.stringify(bootstrap));
    args = [
      '--port',
      '0',
      '--db',
      join(dir, 'bi.sqlite'),
      '--dingtalk-base',
      sb.url,
      '--bootstrap',
      join(dir, 'bootstrap.json'),
      '--keys',
      'test-key',
      '--scheduler-interval',
      '0',
      '--log-level',
      'silent',
    ];
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await sb?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const userRows = () => {
    const db = new Database(join(dir, 'bi.sqlite'), { readonly: true });
    try {
      return db
        .prepare('SELECT username, dingtalk_userid, display_name, active FROM users ORDER BY id')
        .all();
    } finally {
      db.close();
    }
  };

  it('SIGKILL mid-sync, restart: users as before, run marked interrupted; a new sync completes', async () => {
    let bi = await spawnBi(args);
    child = bi.child;
    let admin = new Agent(bi.url);
    await admin.login('admin', 'admin123');
    const before = userRows();

    await sandboxCall(sb.url, 'POST', `/tenants/${corpId}/faults`, {
      match: { route: 'oapi.v2.user.list' },
      action: { type: 'delay', ms: 150 },
      times: 'always',
    });
    const { runId } = (await admin.postJson('/admin/sync', {})).json<{ runId: number }>();
    let run: SyncRun;
    do {
      run = (await admin.get(`/admin/sync/runs/${runId}/status`)).json<SyncRun>();
    } while (run.status === 'running' && run.pagesFetched < 3);
    expect(run.status).toBe('running');
    expect(run.usersSeen).toBeGreaterThan(0);

    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(userRows()).toEqual(before);

    await sandboxCall(sb.url, 'DELETE', `/tenants/${corpId}/faults`);
    bi = await spawnBi(args);
    child = bi.child;
    admin = new Agent(bi.url);
    await admin.login('admin', 'admin123');
    const after = (await admin.get(`/admin/sync/runs/${runId}/status`)).json<SyncRun>();
    expect(after.status).toBe('interrupted');
    expect(after.error).toContain('未写入任何用户');
    expect(userRows()).toEqual(before);

    const second = (await admin.postJson('/admin/sync', {})).json<{ runId: number }>();
    do {
      run = (await admin.get(`/admin/sync/runs/${second.runId}/status`)).json<SyncRun>();
    } while (run.status === 'running');
    expect(run.status).toBe('succeeded');
    expect(userRows().length).toBe(before.length + run.created);
    expect(run.created).toBe(run.usersSeen);
  });
});
