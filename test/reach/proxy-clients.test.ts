/**
 * Unmodified clients in other languages reach the sandbox through the proxy (serve --proxy) on
 * DingTalk's real URLs — https://oapi.dingtalk.com/gettoken and
 * https://api.dingtalk.com/v1.0/oauth2/accessToken — trusting the sandbox CA (issue 19's acceptance).
 * curl with --proxy/--cacert, Debian's python3 (urllib) with HTTPS_PROXY/SSL_CERT_FILE, and the JDK's
 * `java Get.java` (HttpClient) with -Dhttps.proxyHost and a keytool truststore. Each call must show in
 * the tenant's journal. A missing tool skips its block, saying which Debian package brings it.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../mock-server/src/start.ts';

const run = promisify(execFile);
const clients = join(import.meta.dirname, 'clients');
const installed = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

let running: RunningSandbox;
let s: { proxyUrl: string; proxyPort: number; appKey: string; appSecret: string };
let caDir: string;
let caPath: string;

beforeAll(async () => {
  caDir = mkdtempSync(join(tmpdir(), 'dt-proxy-ca-'));
  // What `serve --proxy` starts: the sandbox, and its proxy with the CA of caDir.
  running = await startSandbox({ proxy: { port: 0, caDir } });
  const app = running.defaultTenant.listApps()[0]!;
  caPath = running.proxy!.caPath;
  s = {
    proxyUrl: running.proxy!.url,
    proxyPort: running.proxy!.port,
    appKey: app.appKey,
    appSecret: app.appSecret,
  };
});
afterAll(async () => {
  await running?.stop();
  rmSync(caDir, { recursive: true, force: true });
});

/** The default tenant's journal entries for a route, after `sinceSeq`. */
const journalOf = (route: string, sinceSeq: number) =>
  running.defaultTenant.journal.query({ route, sinceSeq });

/** The environment without any proxy setting of the machine's, plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(k)) delete env[k];
  return { ...env, ...extra };
}

/** Runs a client (bounded), returning its stdout; the in-process sandbox answers meanwhile. */
async function client(cmd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(cmd, args, { env: cleanEnv(env), timeout: 50_000 });
  return stdout;
}

/** Both calls answered a token and were journalled as the sandbox's own calls. */
function expectBothTokens(lines: string[], sinceSeq: number): void {
  expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
    expect.objectContaining({ errcode: 0, access_token: expect.stringMatching(/^\w+$/), expires_in: 7200 }),
    expect.objectContaining({ accessToken: expect.stringMatching(/^\w+$/), expireIn: 7200 }),
  ]);
  expect(journalOf('oapi.gettoken', sinceSeq)).toEqual([
    expect.objectContaining({ host: 'oapi', outcome: 'ok', appKey: s.appKey }),
  ]);
  expect(journalOf('api.oauth2.accessToken', sinceSeq)).toEqual([
    expect.objectContaining({ host: 'api', outcome: 'ok', appKey: s.appKey }),
  ]);
}

const lastSeq = () => running.defaultTenant.journal.query().at(-1)?.seq ?? 0;

describe.skipIf(!installed('curl'))(
  'proxy + curl (skipped when curl is missing: apt-get install curl)',
  () => {
    it('S2 token calls: curl --proxy --cacert on https://oapi.dingtalk.com and https://api.dingtalk.com', async () => {
      const since = lastSeq();
      const proxy = ['--silent', '--show-error', '--fail', '--proxy', s.proxyUrl, '--cacert', caPath];
      const legacy = await client('curl', [
        ...proxy,
        `https://oapi.dingtalk.com/gettoken?appkey=${s.appKey}&appsecret=${s.appSecret}`,
      ]);
      const modern = await client('curl', [
        ...proxy,
        ...['-X', 'POST', '-H', 'content-type: application/json'],
        ...['-d', JSON.stringify({ appKey: s.appKey, appSecret: s.appSecret })],
        'https://api.dingtalk.com/v1.0/oauth2/accessToken',
      ]);
      expectBothTokens([legacy, modern], since);
    });

    it('curl through the proxy to a host outside *.dingtalk.com fails with the 403 (no dial out)', async () => {
      const refused = client('curl', [
        '--silent',
        '--show-error',
        '--proxy',
        s.proxyUrl,
        'https://example.com/',
      ]);
      await expect(refused).rejects.toMatchObject({
        stderr: expect.stringContaining('CONNECT tunnel failed, response 403'),
      });
    });
  },
);

describe.skipIf(!installed('python3'))(
  'proxy + python3 urllib (skipped when python3 is missing: apt-get install python3)',
  () => {
    it('S2 token calls: HTTPS_PROXY and SSL_CERT_FILE, no code change', async () => {
      const since = lastSeq();
      const out = await client('python3', [join(clients, 'get.py'), s.appKey, s.appSecret], {
        HTTPS_PROXY: s.proxyUrl,
        SSL_CERT_FILE: caPath,
      });
      expectBothTokens(out.trim().split('\n'), since);
    });
  },
);

describe.skipIf(!installed('java') || !installed('keytool'))(
  'proxy + java HttpClient (skipped when the JDK is missing: apt-get install default-jdk-headless)',
  () => {
    it('S2 token calls: java -Dhttps.proxyHost/-Dhttps.proxyPort and a keytool truststore, no code change', async () => {
      const trustStore = join(caDir, 'truststore.p12');
      await client('keytool', [
        ...['-importcert', '-noprompt', '-alias', 'dingtalk-sandbox', '-file', caPath],
        ...['-keystore', trustStore, '-storetype', 'PKCS12', '-storepass', 'changeit'],
      ]);
      const since = lastSeq();
      const out = await client('java', [
        // JVM start-up only (a quicker compile of Get.java); the client's code and settings are untouched.
        ...['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'],
        ...['-Dhttps.proxyHost=127.0.0.1', `-Dhttps.proxyPort=${s.proxyPort}`],
        ...[`-Djavax.net.ssl.trustStore=${trustStore}`, '-Djavax.net.ssl.trustStorePassword=changeit'],
        ...[join(clients, 'Get.java'), s.appKey, s.appSecret],
      ]);
      expectBothTokens(out.trim().split('\n'), since);
    });
  },
);
