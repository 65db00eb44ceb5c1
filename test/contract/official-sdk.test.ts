/**
 * The official SDK @alicloud/dingtalk, pointed at the sandbox only through its endpoint setting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '@alicloud/openapi-client';
import * as oauth2 from '@alicloud/dingtalk/dist/oauth2_1_0/client.js';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

describe('official SDK @alicloud/dingtalk against the sandbox', () => {
  let sb: RunningSandbox;
  // The SDK is CommonJS: under NodeNext its class sits at module.exports.default, which an ESM
  // namespace import exposes as `default.default` (vitest may already unwrap one level).
  type Oauth2Client = typeof oauth2.default.default;
  const mod = oauth2.default as unknown as Oauth2Client | { default: Oauth2Client };
  const Oauth2: Oauth2Client = 'default' in mod ? mod.default : mod;
  const { GetAccessTokenRequest } = oauth2;
  let client: InstanceType<typeof Oauth2>;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
    const config = new Config({});
    config.protocol = 'http';
    config.regionId = 'central';
    config.endpoint = sb.url.replace('http://', '');
    client = new Oauth2(config);
  });
  afterAll(() => sb?.stop());

  it('obtains an access token with getAccessToken', async () => {
    const app = sb.defaultTenant.listApps()[0]!;
    const res = await client.getAccessToken(
      new GetAccessTokenRequest({ appKey: app.appKey, appSecret: app.appSecret }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body?.accessToken).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body?.expireIn).toBe(7200);
  });

  it('gets invalidClientIdOrSecret for a wrong secret, parsed as a DingTalk error', async () => {
    const app = sb.defaultTenant.listApps()[0]!;
    const err = await client
      .getAccessToken(new GetAccessTokenRequest({ appKey: app.appKey, appSecret: 'wrong' }))
      .then(
        () => null,
        (e: unknown) =>
          e as { code?: string; statusCode?: number; message?: string; data?: Record<string, unknown> },
      );
    expect(err?.code).toBe('invalidClientIdOrSecret');
    expect(err?.statusCode).toBe(400);
    expect(err?.message).toContain('无效的clientId或者clientSecret');
    expect(err?.data?.requestid).toEqual(expect.any(String));
  });
});
