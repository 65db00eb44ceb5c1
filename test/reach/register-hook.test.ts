/**
 * `node --import dingtalk-sandbox/register app.js` (dist/register.js): unmodified Node clients with
 * DingTalk's URLs hard-coded — fetch, https.request, axios, got, the official @alicloud/dingtalk SDK
 * with its default endpoint, dingtalk-stream and a `ws` WebSocket to Stream's gateway — reach the
 * sandbox's TLS listener (S1: tokens from https://oapi.dingtalk.com/gettoken and
 * https://api.dingtalk.com/v1.0/oauth2/accessToken), while any other host stays where it was sent.
 * The clients are the files in clients/node/; each runs in its own `node` process (bounded).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../mock-server/src/start.ts';
import { loadOrCreateAuthority } from '../../mock-server/src/tls/index.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const register = join(root, 'dist/register.js');
const clients = join(import.meta.dirname, 'clients/node');

let sb: RunningSandbox;
let caDir: string;
let other: Server;
let env: Record<string, string>;

beforeAll(async () => {
  // npm test builds before vitest; run `npm run build` first when running this file alone.
  if (!existsSync(register)) throw new Error(`${register} is missing: run npm run build first`);
  caDir = mkdtempSync(join(tmpdir(), 'dt-register-ca-'));
  sb = await startSandbox({ tls: { port: 0, caDir } });
  const app = sb.defaultTenant.listApps()[0]!;
  env = {
    DINGTALK_SANDBOX_URL: sb.tls!.url,
    DINGTALK_SANDBOX_CA: sb.tls!.caPath,
    APPKEY: app.appKey,
    APPSECRET: app.appSecret,
  };
  // Not DingTalk: a server of its own on localhost, with a certificate the same CA happens to sign.
  const authority = await loadOrCreateAuthority(caDir);
  other = createServer(authority.serverOptions(), (_req, res) => res.end('the other server'));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  other?.close();
  await sb?.stop();
  rmSync(caDir, { recursive: true, force: true });
});

/** The environment without the machine's proxy settings, plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (/^(https?|all|no)_proxy$/i.test(k)) delete base[k];
  delete base.NODE_OPTIONS;
  return { ...base, ...extra };
}

/** Runs clients/node/<file> under the register hook; its one JSON line. */
async function client(file: string, extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const { stdout } = await run('node', ['--import', register, join(clients, file)], {
    env: cleanEnv({ ...env, ...extra }),
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

const journal = (route: string, sinceSeq: number) => sb.defaultTenant.journal.query({ route, sinceSeq });
const lastSeq = () => sb.defaultTenant.journal.query({}).at(-1)?.seq ?? 0;

describe('the register hook: unmodified Node clients on DingTalk URLs reach the sandbox (S1)', () => {
  it.each(['fetch.mjs', 'https-request.mjs', 'axios.mjs', 'got.mjs'])(
    '%s gets tokens from https://oapi.dingtalk.com/gettoken and https://api.dingtalk.com/v1.0/oauth2/accessToken',
    async (file) => {
      const since = lastSeq();
      const got = await client(file);
      expect(got).toEqual({ legacy: expect.stringMatching(/^[0-9a-f]{32}$/), modern: got.legacy });
      expect(journal('oapi.gettoken', since).map((e) => e.status)).toEqual([200]);
      expect(journal('api.oauth2.accessToken', since).map((e) => e.status)).toEqual([200]);
    },
  );

  it('the official @alicloud/dingtalk SDK with its default endpoint gets a token from api.dingtalk.com', async () => {
    const since = lastSeq();
    expect(await client('official-sdk.mjs')).toEqual({ modern: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(journal('api.oauth2.accessToken', since).map((e) => e.status)).toEqual([200]);
  });

  it("B2: the dingtalk-stream SDK's own robot example connects through https://api.dingtalk.com, receives a person's message over wss://wss-open-connection.dingtalk.com and its reply to the sessionWebhook lands", async () => {
    const since = lastSeq();
    const bot = sb.defaultTenant.listApps().find((a) => a.robot)!;
    const example = client('dingtalk-stream.mjs', { APPKEY: bot.appKey, APPSECRET: bot.appSecret });
    // Bounded by the child's own 30 s timeout: once the example is connected, a person writes to it.
    while (sb.defaultTenant.bots.hub.connections(bot.appKey).length === 0) {
      await Promise.race([example, new Promise((r) => setTimeout(r, 20))]);
    }
    const sent = sb.defaultTenant.bots.deliver(bot.appKey, {
      from: 'manager1471',
      conversation: { type: '1' },
      text: '今天的销售额是多少？',
    });
    const got = await example;
    expect(got).toEqual({
      sessionWebhook: expect.stringMatching(
        /^https:\/\/oapi\.dingtalk\.com\/robot\/sendBySession\?session=[0-9a-f]{32}$/,
      ),
      reply: { errcode: 0, errmsg: 'ok' },
    });
    expect(sb.defaultTenant.bots.replies(sent.conversationId).map((r) => r.content)).toEqual([
      { type: 'text', content: 'nodejs-getting-started say : 收到，今天的销售额是多少？' },
    ]);
    expect(journal('api.gateway.connections.open', since).map((e) => e.status)).toEqual([200]);
    expect(journal('oapi.robot.sendBySession', since).map((e) => e.status)).toEqual([200]);
  });

  it('a ws WebSocket to wss://wss-open-connection.dingtalk.com/connect completes TLS with the sandbox and gets its answer to an invented ticket (B1: 401 authFailed)', async () => {
    const got = await client('ws.mjs');
    expect(got).toEqual({ status: 401, body: expect.stringContaining('"code":"authFailed"') });
  });

  it('leaves other hosts alone: https://localhost:<port> still reaches its own server', async () => {
    const port = (other.address() as AddressInfo).port;
    expect(await client('other-host.mjs', { OTHER_PORT: String(port), OTHER_CA: sb.tls!.caPath })).toEqual({
      status: 200,
      body: 'the other server',
    });
  });

  it('says in one line, without a stack, when the sandbox URL is not https:// or the CA is missing', async () => {
    for (const [extra, words] of [
      [{ DINGTALK_SANDBOX_URL: 'http://127.0.0.1:3700' }, 'is not https://'],
      [{ DINGTALK_SANDBOX_CA: join(caDir, 'missing.pem') }, 'cannot read the sandbox CA'],
    ] as const) {
      const failed = await client('fetch.mjs', extra).then(
        () => null,
        (e: { code?: number; stderr?: string }) => e,
      );
      expect(failed?.code).toBe(1);
      const lines = failed!.stderr!.trim().split('\n');
      expect(lines).toEqual([expect.stringContaining(words)]);
      expect(lines[0]).toMatch(/^error: dingtalk-sandbox\/register: /);
    }
  });
});
