/**
 * An app's `events` block in the config file (docs/config.md, 事件订阅): an HTTP subscription is
 * registered at start without the check_url handshake — the receiver may start after the sandbox — and
 * the directory's changes are pushed to it encrypted; with `verify: true` the handshake runs first and a
 * URL that fails it stops the start in one line. Bad blocks are refused naming their place in the file.
 */
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyConfigEvents } from '../../mock-server/src/config/events.ts';
import { loadConfig } from '../../mock-server/src/config/load.ts';
import { tenantsFromConfig } from '../../mock-server/src/config/tenants.ts';
import { openCallback, sealCallback } from '../../mock-server/src/domain/events/callback-crypto.ts';
import { ALL_ROUTES } from '../../mock-server/src/http/app.ts';
import { createSandbox } from '../../mock-server/src/start.ts';

const knownRoutes = () => ALL_ROUTES.map((r) => r.id);
const TOKEN = 'cfg-token';
const AES_KEY = 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7';
const APP_KEY = 'dingcfgeventsapp';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

/** A receiver as DingTalk's DingCallbackCrypto samples write it; `plain: true` answers a bare "success". */
async function receiver(opts: { plain?: boolean } = {}) {
  const got: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const q = new URL(req.url!, 'http://x').searchParams;
      const secrets = { token: TOKEN, aesKey: AES_KEY, ownerKey: APP_KEY };
      got.push(
        JSON.parse(
          openCallback(secrets, {
            msg_signature: q.get('msg_signature') ?? '',
            timeStamp: q.get('timestamp') ?? '',
            nonce: q.get('nonce') ?? '',
            encrypt: (JSON.parse(body) as { encrypt: string }).encrypt,
          }),
        ) as Record<string, unknown>,
      );
      if (opts.plain) return void res.end('success');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(sealCallback(secrets, 'success', String(Date.now()), 'n1')));
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dingtalk/events`, got };
}

/** A file with one tenant (the default directory) and one app carrying `events`. */
function fileWith(events: Record<string, unknown>, app: Record<string, unknown> = { appKey: APP_KEY }) {
  return { tenants: [{ corpId: 'dingcfgeventscorp', apps: [{ name: 'BI', ...app, events }] }] };
}

async function load(content: unknown) {
  const path = join(mkdtempSync(join(tmpdir(), 'sandbox-config-events-')), 'dingtalk-sandbox.config.json');
  writeFileSync(path, JSON.stringify(content));
  const { config } = await loadConfig(path);
  return config.tenants!;
}

/** What loading and building the file throws: its one-line message. */
async function refusal(content: unknown): Promise<string> {
  try {
    tenantsFromConfig(await load(content), { file: 'cfg.json', knownRoutes });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('events in the config file', () => {
  it('V1: an HTTP subscription is registered at start without check_url, and a user who leaves is pushed to it encrypted', async () => {
    const rx = await receiver();
    const file = await load(
      fileWith({
        channel: 'http',
        url: rx.url,
        token: TOKEN,
        aesKey: AES_KEY,
        eventTypes: ['user_leave_org'],
      }),
    );
    const tenants = tenantsFromConfig(file, { file: 'cfg.json', knownRoutes });
    const { defaultTenant, eventPusher } = createSandbox({ tenants });
    expect(rx.got).toEqual([]); // no check_url: the receiver may not be up yet
    expect(defaultTenant.events.subscription(APP_KEY)).toMatchObject({
      channel: 'http',
      eventTypes: ['user_leave_org'],
      http: { url: rx.url, verifiedAt: 0 },
    });

    const leaver = [...defaultTenant.directory.allUsers()].find((u) => !u.resigned)!;
    defaultTenant.directory.updateUser(leaver.userid, { resigned: true });
    await new Promise((r) => setImmediate(r));
    await eventPusher.settled();
    await eventPusher.stop();
    expect(rx.got).toEqual([
      {
        EventType: 'user_leave_org',
        TimeStamp: expect.any(Number),
        UserId: [leaver.userid],
        CorpId: 'dingcfgeventscorp',
      },
    ]);
  });

  it('V1: a Stream subscription needs nothing but the channel', async () => {
    const tenants = tenantsFromConfig(await load(fileWith({ channel: 'stream' })), {
      file: 'cfg.json',
      knownRoutes,
    });
    expect(tenants[0]!.eventSubscriptions).toEqual([{ appKey: APP_KEY, channel: 'stream', eventTypes: '*' }]);
  });

  it('V2: verify: true sends check_url at start and stamps the subscription when the URL answers the encrypted success', async () => {
    const rx = await receiver();
    const file = await load(
      fileWith({ channel: 'http', url: rx.url, token: TOKEN, aesKey: AES_KEY, verify: true }),
    );
    const tenants = tenantsFromConfig(file, { file: 'cfg.json', knownRoutes });
    await verifyConfigEvents(file, tenants, { file: 'cfg.json', now: () => 1_234 });
    expect(rx.got).toEqual([{ EventType: 'check_url' }]);
    expect(tenants[0]!.eventSubscriptions![0]!.http).toMatchObject({ url: rx.url, verifiedAt: 1_234 });
  });

  it('V2: verify: true with a URL that answers a bare "success" stops the start in one line naming the place', async () => {
    const rx = await receiver({ plain: true });
    const file = await load(
      fileWith({ channel: 'http', url: rx.url, token: TOKEN, aesKey: AES_KEY, verify: true }),
    );
    const tenants = tenantsFromConfig(file, { file: 'cfg.json', knownRoutes });
    const failed = verifyConfigEvents(file, tenants, { file: 'cfg.json' });
    await expect(failed).rejects.toThrow(
      /^cfg\.json: tenants\[0\]\.apps\[0\]\.events: the URL failed the check_url handshake: the answer is not the encrypted JSON .* \(it answered HTTP 200\); start the receiver before the sandbox, or drop "verify": true$/,
    );
  });

  it('V2: verify: false (the default) never dials the URL, even one nobody listens on', async () => {
    const file = await load(
      fileWith({ channel: 'http', url: 'http://127.0.0.1:9/nobody', token: TOKEN, aesKey: AES_KEY }),
    );
    const tenants = tenantsFromConfig(file, { file: 'cfg.json', knownRoutes });
    await expect(verifyConfigEvents(file, tenants, { file: 'cfg.json' })).resolves.toBeUndefined();
    expect(tenants[0]!.eventSubscriptions![0]!.http!.verifiedAt).toBe(0);
  });

  it('refuses, naming the place: HTTP without its secrets, a short aes_key, an unknown event type, HTTP without a fixed appKey', async () => {
    expect(await refusal(fileWith({ channel: 'http', url: 'http://127.0.0.1:8080/cb' }))).toMatch(
      /^dingtalk-sandbox\.config\.json: tenants\[0\]\.apps\[0\]\.events\.token: HTTP push needs token \(and 1 more\); fix the file$/,
    );
    expect(
      await refusal(
        fileWith({ channel: 'http', url: 'http://127.0.0.1:8080/cb', token: 't', aesKey: 'short' }),
      ),
    ).toContain('tenants[0].apps[0].events.aesKey: aes_key must be 43 letters or digits');
    expect(
      await refusal(fileWith({ channel: 'stream', eventTypes: ['user_add_org', 'chat_add'] })),
    ).toContain('tenants[0].apps[0].events.eventTypes');
    expect(
      await refusal(
        fileWith({ channel: 'http', url: 'http://127.0.0.1:8080/cb', token: TOKEN, aesKey: AES_KEY }, {}),
      ),
    ).toBe(
      'cfg.json: tenants[0].apps[0]: events over HTTP need a fixed appKey: the receiver decrypts each push with it; fix the file',
    );
    expect(await refusal(fileWith({ channel: 'stream', verify: 'yes' }))).toContain(
      'tenants[0].apps[0].events.verify',
    );
  });
});
