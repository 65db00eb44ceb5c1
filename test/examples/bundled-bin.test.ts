import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The published bin is one esbuild bundle (docs/decisions/0009-bundled-bin.md); these run the built
// dist/cli.js as a user would (npm test builds first), including the parts it loads lazily.
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DISPLAY: '' },
  });
}

describe('the bundled bin (dist/cli.js)', () => {
  let server: ChildProcess;
  let base = '';

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--log-level', 'silent'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    base = await new Promise<string>((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      server.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const url = /base URL \(oapi, api, login\)\s+\S*?(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
        if (url) resolve(url);
      });
    });
  });

  afterAll(() => {
    server?.kill();
  });

  it('starts with a node shebang and is executable', () => {
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(() => accessSync(CLI, constants.X_OK)).not.toThrow();
  });

  it('serves the committed default tenant (found from the bundle) with its 观远BI credentials', async () => {
    const snapshot = JSON.parse(readFileSync('fixtures/snapshots/default-tenant.json', 'utf8')) as {
      corpId: string;
      apps: { appKey: string; appSecret: string }[];
    };
    const app = snapshot.apps[0]!;
    const res = await fetch(`${base}/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`);
    expect(await res.json()).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
  });

  it('parses JSON bodies, renders QR codes and markdown cards (modules it loads on first use)', async () => {
    const snapshot = JSON.parse(readFileSync('fixtures/snapshots/default-tenant.json', 'utf8')) as {
      corpId: string;
      apps: { appKey: string; appSecret: string; agentId: number }[];
    };
    const app = snapshot.apps[0]!;
    const { access_token } = (await (
      await fetch(`${base}/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)
    ).json()) as { access_token: string };
    const sent = await fetch(
      `${base}/topapi/message/corpconversation/asyncsend_v2?access_token=${access_token}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          agent_id: app.agentId,
          userid_list: 'manager1471',
          msg: { msgtype: 'markdown', markdown: { title: '日报', text: '## 销售额 **42**' } },
        }),
      },
    );
    expect(await sent.json()).toMatchObject({ errcode: 0 });
    const inbox = await fetch(`${base}/__sandbox/tenants/${snapshot.corpId}/inbox/manager1471`);
    expect(await inbox.text()).toContain('<h2>销售额 <strong>42</strong></h2>');

    const auth = new URLSearchParams({
      client_id: app.appKey,
      redirect_uri: 'http://127.0.0.1:3710/auth/dingtalk/callback',
      response_type: 'code',
      scope: 'openid',
      state: 's',
    });
    const page = await fetch(`${base}/oauth2/challenge.htm?${auth}`);
    expect(await page.text()).toMatch(/<svg[^>]*viewBox/);
  });

  it('reads multipart bodies (busboy, loaded on first use): media/upload answers a media_id', async () => {
    const snapshot = JSON.parse(readFileSync('fixtures/snapshots/default-tenant.json', 'utf8')) as {
      apps: { appKey: string; appSecret: string }[];
    };
    const app = snapshot.apps[0]!;
    const { access_token } = (await (
      await fetch(`${base}/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)
    ).json()) as { access_token: string };
    const form = new FormData();
    form.append('type', 'image');
    form.append('media', new Blob([Buffer.from('89504e470d0a1a0a', 'hex')], { type: 'image/png' }), 'a.png');
    const r = await fetch(`${base}/media/upload?access_token=${access_token}`, {
      method: 'POST',
      body: form,
    });
    expect(await r.json()).toMatchObject({
      errcode: 0,
      type: 'image',
      media_id: expect.stringMatching(/^@/),
    });
  });

  it('generates the committed default tenant byte for byte', () => {
    const generated = cli(['generate']);
    expect(generated.status).toBe(0);
    const committed = readFileSync('fixtures/snapshots/default-tenant.json', 'utf8');
    expect(JSON.parse(generated.stdout)).toEqual(JSON.parse(committed));
  });

  it('runs the client command from outside the bundle: no display here is a clear error', () => {
    expect(cli(['client', '--help']).stdout).toContain('--platform <platform>');
    const run = cli(['client', '--platform', 'pc', '--user', 'manager1471']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no display');
  });
});
