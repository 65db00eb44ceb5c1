/**
 * L4/L5/X5 in real Chromium: unmodified dingtalk-jsapi (from npm, bundled as served to a page) in a
 * page opened as the DingTalk client on PC, iOS and Android by the sandbox's client shim.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from '@playwright/test';
import { openAsDingTalkClient } from '../../mock-server/src/client-shim/playwright.ts';
import type { ClientPlatform } from '../../mock-server/src/domain/in-app/client-native.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { launchChromium } from '../helpers/browser.ts';
import { bundleDingTalkJsapi, startMicroAppServer, type MicroAppServer } from '../helpers/dingtalk-jsapi.ts';

interface Dd {
  env: { platform: string };
  runtime: { permission: { requestAuthCode(p: { corpId: string }): Promise<{ code: string }> } };
  getAuthCode(p: { corpId: string }): Promise<{ authCode: string }>;
  requestAuthCode(p: { corpId: string; clientId: string }): Promise<{ code: string }>;
  biz: { user: { get(p: object): Promise<Record<string, unknown>> } };
  config(c: Record<string, unknown>): void;
  ready(cb: () => void): void;
  error(cb: (e: unknown) => void): void;
}
declare global {
  interface Window {
    dd: Dd;
  }
}

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');
const USER = 'manager1471';

describe('in-app login and dd.config through unmodified dingtalk-jsapi (real Chromium)', () => {
  let browser: Browser;
  let sb: RunningSandbox;
  let micro: MicroAppServer;

  beforeAll(async () => {
    let js: string;
    [browser, sb, js] = await Promise.all([
      launchChromium(),
      startSandbox({ port: 0 }),
      bundleDingTalkJsapi(),
    ]);
    micro = await startMicroAppServer(js);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), sb?.stop(), micro?.stop()]);
  });

  const mainApp = () => sb.defaultTenant.listApps()[0]!;

  async function json(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
    return (await (await fetch(`${sb.url}${path}`, init)).json()) as Record<string, unknown>;
  }
  async function tokenFor(corpId: string, appKey: string): Promise<string> {
    const app = sb.sandbox.getTenant(corpId)!.getApp(appKey)!;
    const body = await json(`/gettoken?appkey=${app.appKey}&appsecret=${encodeURIComponent(app.appSecret)}`);
    return body.access_token as string;
  }
  const getuserinfo = (token: string, code: string) =>
    json(`/topapi/v2/user/getuserinfo?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
  const ticketFor = async (token: string) =>
    (await json(`/get_jsapi_ticket?access_token=${token}`)).ticket as string;

  /** dd.config with these parameters; resolves "ready" or the payload dd.error received. */
  function ddConfig(page: Page, cfg: Record<string, unknown>): Promise<unknown> {
    return page.evaluate(
      (c) =>
        new Promise<unknown>((resolve) => {
          window.dd.config(c);
          window.dd.ready(() => resolve('ready'));
          window.dd.error((e) => resolve(e));
        }),
      cfg,
    );
  }

  async function signedConfig(page: Page, corpId: string, agentId: number, ticket: string) {
    const url = await page.evaluate(() => location.href.split('#')[0]!);
    const timeStamp = String(Math.floor(Date.now() / 1000));
    const nonceStr = 'sandbox-nonce';
    const signature = sha1(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timeStamp}&url=${url}`);
    return { agentId: String(agentId), corpId, timeStamp, nonceStr, signature, jsApiList: ['biz.user.get'] };
  }

  const PLATFORMS: [ClientPlatform, string][] = [
    ['pc', 'L4'],
    ['ios', 'L5'],
    ['android', 'L5'],
  ];

  for (const [platform, scenario] of PLATFORMS) {
    it(`${scenario} on ${platform}: requestAuthCode and getAuthCode give codes getuserinfo accepts once, requestAuthCode V2 an OAuth code, and a well-signed dd.config fires dd.ready`, async () => {
      const corpId = sb.defaultTenant.corpId;
      const app = mainApp();
      const { context, page } = await openAsDingTalkClient(browser, {
        sandboxUrl: sb.url,
        corpId,
        appKey: app.appKey,
        userid: USER,
        platform,
      });
      try {
        await page.goto(`${micro.url}/dingtalk/${platform}?corpId=${corpId}&来源=工作台#/home`);
        expect(await page.evaluate(() => window.dd.env.platform)).toBe(platform);
        expect(await context.cookies(sb.url)).toContainEqual(
          expect.objectContaining({ name: 'dt_sandbox_user', value: `${corpId}:${USER}` }),
        );

        const token = await tokenFor(corpId, app.appKey);
        const { code } = await page.evaluate(
          (c) => window.dd.runtime.permission.requestAuthCode({ corpId: c }),
          corpId,
        );
        expect(await getuserinfo(token, code)).toMatchObject({
          errcode: 0,
          result: { userid: USER, sys: true, sys_level: 1 },
        });
        expect(await getuserinfo(token, code)).toMatchObject({
          errcode: 40078,
          errmsg: '不存在的临时授权码',
        });

        const { authCode } = await page.evaluate((c) => window.dd.getAuthCode({ corpId: c }), corpId);
        expect(await json(`/user/getuserinfo?access_token=${token}&code=${authCode}`)).toMatchObject({
          errcode: 0,
          userid: USER,
          is_sys: true,
        });

        const v2 = await page.evaluate(([c, id]) => window.dd.requestAuthCode({ corpId: c, clientId: id }), [
          corpId,
          app.appKey,
        ] as const);
        expect(sb.defaultTenant.authCodes.peek(v2.code)).toMatchObject({ kind: 'oauth', appKey: app.appKey });
        expect(await page.evaluate(() => window.dd.biz.user.get({}))).toMatchObject({ emplId: USER });

        const cfg = await signedConfig(page, corpId, app.agentId, await ticketFor(token));
        expect(await ddConfig(page, cfg)).toBe('ready');
      } finally {
        await context.close();
      }
    });
  }

  /** A fresh tenant (own clock, tickets and journal) and a client page for its main app. */
  async function freshClient(platform: ClientPlatform) {
    const created = await json('/__sandbox/api/tenants', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `X5 ${platform}` }),
    });
    const corpId = created.corpId as string;
    const tenant = sb.sandbox.getTenant(corpId)!;
    const app = tenant.listApps()[0]!;
    const opened = await openAsDingTalkClient(browser, {
      sandboxUrl: sb.url,
      corpId,
      appKey: app.appKey,
      userid: USER,
      platform,
    });
    await opened.page.goto(`${micro.url}/dingtalk/${platform}?corpId=${corpId}`);
    const token = await tokenFor(corpId, app.appKey);
    return { ...opened, tenant, app, corpId, token };
  }
  const lastReason = (
    tenant: { journal: { query(q: { route: string }): { reason?: string }[] } },
    route: string,
  ) => tenant.journal.query({ route }).at(-1)?.reason ?? '';

  it('X5 on pc: a wrong signature calls dd.error with 52013 签名校验失败, and the journal names the expected signature', async () => {
    const { context, page, tenant, app, corpId, token } = await freshClient('pc');
    try {
      const cfg = await signedConfig(page, corpId, app.agentId, await ticketFor(token));
      const err = (await ddConfig(page, { ...cfg, signature: 'f'.repeat(40) })) as {
        errorCode: number;
        message: string;
      };
      expect(err.errorCode).toBe(3);
      expect(err.message).toContain('Code:52013 - Message: 签名校验失败');
      expect(lastReason(tenant, 'client.config')).toMatch(/^expected signature [0-9a-f]{8}… for url "http/);
    } finally {
      await context.close();
    }
  });

  it('X5 on ios: a ticket replaced by a newer one (stale) gives 52013', async () => {
    const { context, page, tenant, app, corpId, token } = await freshClient('ios');
    try {
      const old = await ticketFor(token);
      const rotated = await json(`/__sandbox/api/tenants/${corpId}/apps/${app.appKey}/jsapi-ticket/rotate`, {
        method: 'POST',
      });
      expect(rotated.replaced).toBe(old);
      const err = (await ddConfig(page, await signedConfig(page, corpId, app.agentId, old))) as {
        message: string;
      };
      expect(err.message).toContain('Code:52013');
      expect(lastReason(tenant, 'client.runtime.permission.requestJsApis')).toContain('stale ticket');
    } finally {
      await context.close();
    }
  });

  it('X5 on android: a ticket that expired on the tenant clock gives 52013', async () => {
    const { context, page, tenant, app, corpId, token } = await freshClient('android');
    try {
      const cfg = await signedConfig(page, corpId, app.agentId, await ticketFor(token));
      tenant.clock.advance(7201 * 1000);
      const err = (await ddConfig(page, cfg)) as { message: string };
      expect(err.message).toContain('Code:52013');
      expect(lastReason(tenant, 'client.runtime.permission.requestJsApis')).toMatch(/expired \d+ s ago/);
    } finally {
      await context.close();
    }
  });
});
