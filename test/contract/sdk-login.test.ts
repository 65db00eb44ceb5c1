/**
 * The official SDK @alicloud/dingtalk against a listening sandbox, pointed at it only through
 * config.endpoint / config.protocol (docs/dingtalk/hosts-and-errors.md).
 */
import { createRequire } from 'node:module';
import * as openapi from '@alicloud/openapi-client';
import * as teaUtil from '@alicloud/tea-util';
import type * as ContactModule from '@alicloud/dingtalk/dist/contact_1_0/client.js';
import type * as OAuth2Module from '@alicloud/dingtalk/dist/oauth2_1_0/client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

// The SDK is CommonJS with `exports.default = Client`; require() gives the same shape everywhere.
const require = createRequire(import.meta.url);
const oauth2 = require('@alicloud/dingtalk/dist/oauth2_1_0/client.js') as typeof OAuth2Module.default;
const contact = require('@alicloud/dingtalk/dist/contact_1_0/client.js') as typeof ContactModule.default;

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(() => sb?.stop());

function config(): openapi.Config {
  const c = new openapi.Config({});
  c.endpoint = `127.0.0.1:${sb.port}`;
  c.protocol = 'http';
  return c;
}

/** A web login over HTTP: authorize page → admin-API phone → redirect with the authCode. */
async function loginCode(): Promise<string> {
  const app = sb.defaultTenant.listApps()[0]!;
  const q = new URLSearchParams({
    client_id: app.appKey,
    redirect_uri: app.redirectUrls[0]!,
    response_type: 'code',
    scope: 'openid',
    state: 'sdk',
  });
  const auth = await fetch(`${sb.url}/oauth2/auth?${q.toString()}`, { redirect: 'manual' });
  const page = await (await fetch(new URL(auth.headers.get('location')!, sb.url))).text();
  const sid = /data-sid="([^"]+)"/.exec(page)![1]!;
  const admin = `${sb.url}/__sandbox/api/tenants/${sb.defaultTenant.corpId}/qr/${sid}`;
  const post = (path: string, json: unknown) =>
    fetch(`${admin}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
  await post('scan', { userid: 'manager1471' });
  await post('confirm', {});
  const done = await fetch(`${sb.url}/oauth2/continue?sid=${sid}`, { redirect: 'manual' });
  return new URL(done.headers.get('location')!).searchParams.get('authCode')!;
}

describe('official SDK @alicloud/dingtalk against the sandbox', () => {
  it('L1 getUserToken then getUser("me") return the signed-in user', async () => {
    const app = sb.defaultTenant.listApps()[0]!;
    const client = new oauth2.default(config());
    const token = await client.getUserToken(
      new oauth2.GetUserTokenRequest({
        clientId: app.appKey,
        clientSecret: app.appSecret,
        code: await loginCode(),
        grantType: 'authorization_code',
      }),
    );
    expect(token.statusCode).toBe(200);
    expect(token.body?.expireIn).toBe(7200);
    const users = new contact.default(config());
    const me = await users.getUserWithOptions(
      'me',
      new contact.GetUserHeaders({ xAcsDingtalkAccessToken: token.body!.accessToken }),
      new teaUtil.RuntimeOptions({}),
    );
    expect(me.body?.nick).toBe(sb.defaultTenant.directory.getUser('manager1471')!.name);
    expect(me.body?.visitor).toBe(false);
  });

  it('surfaces invalidParameter.authCode.notFound for a used code as an SDK error', async () => {
    const app = sb.defaultTenant.listApps()[0]!;
    const client = new oauth2.default(config());
    const request = new oauth2.GetUserTokenRequest({
      clientId: app.appKey,
      clientSecret: app.appSecret,
      code: await loginCode(),
      grantType: 'authorization_code',
    });
    await client.getUserToken(request);
    const reused = client.getUserToken(request);
    await expect(reused).rejects.toThrow('不合法的临时授权码');
    await expect(reused).rejects.toMatchObject({
      code: 'invalidParameter.authCode.notFound',
      statusCode: 400,
    });
  });

  it('surfaces the 403 requiredScopes refusal of users/me', async () => {
    const app = sb.defaultTenant.listApps()[0]!;
    const token = await new oauth2.default(config()).getUserToken(
      new oauth2.GetUserTokenRequest({
        clientId: app.appKey,
        clientSecret: app.appSecret,
        code: await loginCode(),
        grantType: 'authorization_code',
      }),
    );
    const saved = app.scopes;
    app.scopes = saved.filter((s) => s !== 'Contact.User.Read');
    try {
      const me = new contact.default(config()).getUserWithOptions(
        'me',
        new contact.GetUserHeaders({ xAcsDingtalkAccessToken: token.body!.accessToken }),
        new teaUtil.RuntimeOptions({}),
      );
      await expect(me).rejects.toMatchObject({
        code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        statusCode: 403,
      });
      // toHaveProperty with a value compares as toEqual does (no extra keys), as the old check did.
      await expect(me).rejects.toHaveProperty('accessDeniedDetail', {
        requiredScopes: ['Contact.User.Read'],
      });
    } finally {
      app.scopes = saved;
    }
  });
});
