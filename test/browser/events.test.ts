/**
 * 事件订阅 and 事件推送 in Chromium (V1, V2, V4 over HTTP): an app subscribes through its 事件订阅 page to a
 * loopback receiver written as DingTalk's DingCallbackCrypto samples are (the page's own generated
 * aes_key and token, read back from the form), the check_url handshake's outcome is shown, a user who
 * leaves through the 通讯录 page is pushed, and the tenant's 事件推送 page shows the event in both wire
 * forms and each delivery attempt. What a receiver answers is shown as text, never run.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCallback, sealCallback } from '../../mock-server/src/domain/events/callback-crypto.ts';
import type { Delivery, EventOutbox } from '../../mock-server/src/domain/events/event-outbox.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { launchChromium } from '../helpers/browser.ts';

interface Secrets {
  token: string;
  aesKey: string;
  ownerKey: string;
}

/**
 * A receiver: verifies and decrypts each push with `secrets()`, then answers what `answer` says —
 * the encrypted "success", or a text of the test's choosing. Resolves `next` with each event's JSON.
 */
async function receiver(secrets: () => Secrets, answer: { text?: string }) {
  const seen: Record<string, unknown>[] = [];
  let waiting: ((e: Record<string, unknown>) => void) | null = null;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const q = new URL(req.url!, 'http://x').searchParams;
      const s = secrets();
      let plain: Record<string, unknown>;
      try {
        plain = JSON.parse(
          openCallback(s, {
            msg_signature: q.get('msg_signature') ?? '',
            timeStamp: q.get('timestamp') ?? '',
            nonce: q.get('nonce') ?? '',
            encrypt: (JSON.parse(body) as { encrypt: string }).encrypt,
          }),
        ) as Record<string, unknown>;
      } catch (e) {
        res.statusCode = 400;
        return void res.end(`refused: ${String(e)}`);
      }
      seen.push(plain);
      waiting?.(plain);
      if (answer.text !== undefined) {
        res.setHeader('content-type', 'text/html');
        return void res.end(answer.text);
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(sealCallback(s, 'success', String(Date.now()), 'n0nce')));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dingtalk/events`,
    seen,
    server,
    /** The next event whose EventType is `type`. */
    next: (type: string) =>
      new Promise<Record<string, unknown>>((resolve) => {
        waiting = (e) => {
          if (e.EventType === type) resolve(e);
        };
      }),
  };
}

/** The next attempt the outbox records for `appKey` (the pusher settles it after reading the answer). */
function nextSettled(outbox: EventOutbox, appKey: string): Promise<Delivery> {
  const settle = outbox.settle.bind(outbox);
  return new Promise((resolve) => {
    outbox.settle = (d, attempt, retryInMs) => {
      settle(d, attempt, retryInMs);
      if (d.appKey !== appKey) return;
      outbox.settle = settle;
      resolve(d);
    };
  });
}

describe('事件订阅 and 事件推送 in the console', () => {
  let browser: Browser;
  let sb: RunningSandbox;
  let page: Page;
  let corpId: string;
  const dialogs: string[] = [];
  const servers: Server[] = [];

  beforeAll(async () => {
    [browser, sb] = await Promise.all([launchChromium(), startSandbox({ port: 0 })]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    corpId = sb.defaultTenant.corpId;
  });
  afterAll(async () => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all([browser?.close(), sb?.stop(), ...servers.map((s) => new Promise((r) => s.close(r)))]);
  });

  it('V2 V1 subscribes through 事件订阅 (generated aes_key, check_url passed), a user who leaves is pushed, and 事件推送 shows the event and its delivery', async () => {
    const app = sb.defaultTenant.listApps()[0]!;
    const eventsPage = `${sb.url}/__sandbox/tenants/${corpId}/apps/${app.appKey}/events`;
    await page.goto(eventsPage);
    expect(await page.locator('.cs-title h1').textContent()).toContain('事件订阅');
    expect(await page.locator('#event-none').textContent()).toContain('未订阅事件');
    // The app shell's 开发配置 now links 事件订阅, marked as the current page.
    expect(await page.locator('nav.cs-side a.on').textContent()).toBe('事件订阅');

    // 自动生成 makes a new 43-character aes_key of letters and digits.
    const before = await page.locator('#event-aeskey').inputValue();
    await page.locator('#event-aeskey-generate').click();
    const aesKey = await page.locator('#event-aeskey').inputValue();
    expect(aesKey).toMatch(/^[a-zA-Z0-9]{43}$/);
    expect(aesKey).not.toBe(before);
    const token = 'console-t0ken';
    await page.locator('#event-token').fill(token);

    const secrets = { token, aesKey, ownerKey: app.appKey };
    const rx = await receiver(() => secrets, {});
    servers.push(rx.server);
    await page.locator('input[name=channel][value=http]').check();
    await page.locator('#event-url').fill(rx.url);
    // Only 通讯录用户离职 and 通讯录用户增加 stay ticked.
    for (const type of ['user_modify_org', 'org_dept_create', 'org_dept_modify', 'org_dept_remove'])
      await page.locator(`input[name=eventTypes][value=${type}]`).uncheck();
    await page.locator('#event-save').click();
    await page.waitForURL(/\/events$/);
    expect(await page.locator('.cs-flash.ok').textContent()).toContain('已通过 check_url 校验');
    expect(rx.seen).toEqual([{ EventType: 'check_url' }]);
    expect(await page.locator('#event-current-url').textContent()).toBe(rx.url);
    expect(await page.locator('#event-current').textContent()).not.toContain(aesKey);
    expect(sb.defaultTenant.events.subscription(app.appKey)?.eventTypes).toEqual([
      'user_add_org',
      'user_leave_org',
    ]);

    // A user leaves through the 通讯录 page.
    const leaver = [...sb.defaultTenant.directory.allUsers()].find(
      (u) => !u.resigned && u.userid !== 'manager1471',
    )!;
    const pushed = rx.next('user_leave_org');
    const settled = nextSettled(sb.defaultTenant.events, app.appKey);
    await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/directory/users/${leaver.userid}`);
    await page.locator('input[name=resigned]').check();
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/directory/);
    expect(await pushed).toMatchObject({
      EventType: 'user_leave_org',
      UserId: [leaver.userid],
      CorpId: corpId,
    });
    expect((await settled).state).toBe('delivered');

    // The tenant's 事件推送 page, reached from the side navigation.
    await page.locator('nav a[href$="/events"]').first().click();
    await page.waitForURL(/\/tenants\/[^/]+\/events$/);
    expect(await page.locator('.cs-title h1').textContent()).toContain('事件推送');
    const card = page.locator('[data-event-type=user_leave_org]').first();
    expect(await card.locator('h3').textContent()).toContain('通讯录用户离职');
    expect(JSON.parse((await card.locator('pre.event-http').textContent())!)).toMatchObject({
      EventType: 'user_leave_org',
      UserId: [leaver.userid],
      CorpId: corpId,
    });
    expect(JSON.parse((await card.locator('pre.event-stream').textContent())!)).toMatchObject({
      userId: [leaver.userid],
    });
    const delivery = card.locator(`.event-delivery[data-app="${app.appKey}"]`);
    expect(await delivery.getAttribute('data-state')).toBe('delivered');
    expect(await delivery.textContent()).toContain('已送达');
    const attempt = delivery.locator('tr.event-attempt');
    expect(await attempt.count()).toBe(1);
    expect(await attempt.locator('td').nth(2).textContent()).toBe('成功');
    expect(await attempt.locator('td').nth(3).textContent()).toBe('200');
    expect(await attempt.locator('.attempt-answer').textContent()).toContain('"encrypt"');
    // Fits the 1280 px window: long JSON and answers wrap.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(dialogs).toEqual([]);
  });

  it('V2 V4 a receiver answering <script> is shown as text: in the refused check_url and in a failed delivery with its next try', async () => {
    const app = sb.defaultTenant.listApps()[1]!;
    const script = '<script>alert("xss")</script><img src=x onerror="alert(2)">';
    const secrets = {
      token: 'tok',
      aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
      ownerKey: app.appKey,
    };
    const answer: { text?: string } = { text: script };
    const rx = await receiver(() => secrets, answer);
    servers.push(rx.server);

    // check_url answered with markup: refused, the answer quoted as text, the values typed kept.
    await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/apps/${app.appKey}/events`);
    await page.locator('input[name=channel][value=http]').check();
    await page.locator('#event-url').fill(rx.url);
    await page.locator('#event-token').fill(secrets.token);
    await page.locator('#event-aeskey').fill(secrets.aesKey);
    await page.locator('#event-save').click();
    await page.waitForURL(/\/events$/);
    const refusal = await page.locator('.cs-flash.error').textContent();
    expect(refusal).toContain('请求网址未通过 check_url 校验');
    expect(refusal).toContain('HTTP 200');
    expect(refusal).toContain(script);
    expect(await page.locator('#event-url').inputValue()).toBe(rx.url);
    expect(await page.locator('main script, main img').count()).toBe(0);
    expect(sb.defaultTenant.events.subscription(app.appKey)).toBeUndefined();

    // Registered while it answers well, then it answers markup: the delivery fails and waits to retry.
    delete answer.text;
    await page.locator('#event-save').click();
    await page.waitForURL(/\/events$/);
    expect(await page.locator('.cs-flash.ok').textContent()).toContain('已通过 check_url 校验');
    answer.text = script;
    const pushed = rx.next('user_add_org');
    const settled = nextSettled(sb.defaultTenant.events, app.appKey);
    const added = await fetch(`${sb.url}/__sandbox/api/tenants/${corpId}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userid: 'xss_receiver_1', name: '新同事', deptIds: [1] }),
    });
    expect(added.status).toBe(201);
    await pushed;
    expect((await settled).state).toBe('pending');

    await page.goto(`${sb.url}/__sandbox/tenants/${corpId}/events?app=${app.appKey}`);
    const delivery = page.locator(`[data-event-type=user_add_org] .event-delivery[data-app="${app.appKey}"]`);
    await delivery.first().waitFor();
    expect(await delivery.first().getAttribute('data-state')).toBe('pending');
    expect(await delivery.first().locator('.next-try').textContent()).toContain('下次推送');
    const row = delivery.first().locator('tr.event-attempt');
    expect(await row.locator('td').nth(2).textContent()).toBe('失败');
    expect(await row.locator('.attempt-answer').textContent()).toContain(script);
    expect(await row.locator('td').nth(5).textContent()).toContain('返回内容不是加密的 JSON');
    expect(await page.locator('main script, main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
