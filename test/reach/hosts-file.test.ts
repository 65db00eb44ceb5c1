/**
 * The hosts-file route (README, "Reach DingTalk's real hostnames"): `127.0.0.1 oapi.dingtalk.com
 * api.dingtalk.com …` plus the sandbox CA, with the TLS listener (serve --tls) — unmodified clients on
 * DingTalk's real URLs, without touching /etc/hosts:
 * - on any port, curl's --connect-to (what a hosts line does, the port aside);
 * - on 443 itself, when this process may listen there (root or CAP_NET_BIND_SERVICE, port free):
 *   curl --resolve and the JDK's -Djdk.net.hosts.file=<a hosts file>, exactly a hosts line's effect.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../mock-server/src/start.ts';

const run = promisify(execFile);
const installed = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const HOSTS_LINE = '127.0.0.1 oapi.dingtalk.com api.dingtalk.com login.dingtalk.com\n';

let caDir: string;
let running: RunningSandbox;
/** A second sandbox whose TLS listener is on 443, when this process may listen there. */
let on443: RunningSandbox | null = null;

beforeAll(async () => {
  caDir = mkdtempSync(join(tmpdir(), 'dt-hosts-ca-'));
  running = await startSandbox({ tls: { port: 0, caDir } });
  // Another run may take 443 between the probe and the start: then this part is skipped too.
  if (await canListenOn443()) on443 = await startSandbox({ tls: { port: 443, caDir } }).catch(() => null);
});
afterAll(async () => {
  await Promise.all([running?.stop(), on443?.stop()]);
  rmSync(caDir, { recursive: true, force: true });
});

/** Whether 127.0.0.1:443 is free and this process may listen there (tried, then closed). */
async function canListenOn443(): Promise<boolean> {
  const probe = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(443, '127.0.0.1', () => resolve(true));
  });
  if (ok) await new Promise((resolve) => probe.close(resolve));
  return ok;
}

/** JVM start-up only (the client code and its flags are untouched): a quicker compile of Get.java. */
const QUICK_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

async function client(cmd: string, args: string[]): Promise<string> {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(k)) delete env[k];
  return (await run(cmd, args, { env, timeout: 50_000 })).stdout;
}

function credentials(s: RunningSandbox) {
  const app = s.defaultTenant.listApps()[0]!;
  return {
    appKey: app.appKey,
    appSecret: app.appSecret,
    since: s.defaultTenant.journal.query().at(-1)?.seq ?? 0,
  };
}

/** Both answers hold a token, and both calls are in the sandbox's journal. */
function expectBothTokens(s: RunningSandbox, answers: string[], since: number): void {
  expect(answers.map((a) => JSON.parse(a) as unknown)).toEqual([
    expect.objectContaining({ errcode: 0, access_token: expect.stringMatching(/^\w+$/) }),
    expect.objectContaining({ accessToken: expect.stringMatching(/^\w+$/), expireIn: 7200 }),
  ]);
  for (const route of ['oapi.gettoken', 'api.oauth2.accessToken'])
    expect([route, s.defaultTenant.journal.query({ route, sinceSeq: since })]).toEqual([
      route,
      [expect.objectContaining({ outcome: 'ok' })],
    ]);
}

function curlBoth(s: RunningSandbox, route: string[]): Promise<string[]> {
  const { appKey, appSecret } = credentials(s);
  const common = ['--silent', '--show-error', '--fail', '--cacert', s.tls!.caPath, ...route];
  return Promise.all([
    client('curl', [...common, `https://oapi.dingtalk.com/gettoken?appkey=${appKey}&appsecret=${appSecret}`]),
    client('curl', [
      ...common,
      ...['-X', 'POST', '-H', 'content-type: application/json'],
      ...['-d', JSON.stringify({ appKey, appSecret }), 'https://api.dingtalk.com/v1.0/oauth2/accessToken'],
    ]),
  ]);
}

describe.skipIf(!installed('curl'))(
  'hosts-file route + curl (skipped when curl is missing: apt-get install curl)',
  () => {
    it('S2 token calls: curl --connect-to <host>:443:127.0.0.1:<TLS port> --cacert on the real URLs', async () => {
      const { since } = credentials(running);
      const to = (host: string) => ['--connect-to', `${host}:443:127.0.0.1:${running.tls!.port}`];
      const answers = await curlBoth(running, [...to('oapi.dingtalk.com'), ...to('api.dingtalk.com')]);
      expectBothTokens(running, answers, since);
    });
  },
);

describe('hosts-file route on port 443 (skipped unless this process may listen on 127.0.0.1:443: root or CAP_NET_BIND_SERVICE)', () => {
  it.skipIf(!installed('curl'))(
    'curl --resolve <host>:443:127.0.0.1 (a hosts line) gets both tokens',
    async (ctx) => {
      if (!on443) ctx.skip();
      const { since } = credentials(on443!);
      const resolve = (host: string) => ['--resolve', `${host}:443:127.0.0.1`];
      const answers = await curlBoth(on443!, [
        ...resolve('oapi.dingtalk.com'),
        ...resolve('api.dingtalk.com'),
      ]);
      expectBothTokens(on443!, answers, since);
    },
  );

  it.skipIf(!installed('java') || !installed('keytool'))(
    'java -Djdk.net.hosts.file=<hosts file> with a keytool truststore gets both tokens, no code change',
    async (ctx) => {
      if (!on443) ctx.skip();
      const hosts = join(caDir, 'hosts');
      writeFileSync(hosts, HOSTS_LINE);
      const trustStore = join(caDir, 'hosts-truststore.p12');
      await client('keytool', [
        ...['-importcert', '-noprompt', '-alias', 'dingtalk-sandbox', '-file', on443!.tls!.caPath],
        ...['-keystore', trustStore, '-storetype', 'PKCS12', '-storepass', 'changeit'],
      ]);
      const { appKey, appSecret, since } = credentials(on443!);
      const out = await client('java', [
        ...QUICK_JVM,
        `-Djdk.net.hosts.file=${hosts}`,
        ...[`-Djavax.net.ssl.trustStore=${trustStore}`, '-Djavax.net.ssl.trustStorePassword=changeit'],
        ...[join(import.meta.dirname, 'clients', 'Get.java'), appKey, appSecret],
      ]);
      expectBothTokens(on443!, out.trim().split('\n'), since);
    },
  );
});
