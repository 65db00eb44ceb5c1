/**
 * The reference BI's adapter (the suite's default target). It starts the BI in the worker's process
 * for each test — its own port and SQLite file — and performs every step through the BI's pages.
 *
 * `createReferenceBi(sourceDir)` runs another copy of the BI's `src/` folder — the mutation check
 * builds deliberately broken copies and runs the suite against them; the default is
 * conformance/reference-bi/src (or CONFORMANCE_BI_SOURCE).
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, type Page } from '@playwright/test';
import type {
  BiSetup,
  BiTarget,
  BiUi,
  BiUnderTest,
  DeliveryRow,
  DingTalkAppCredentials,
  SyncOutcome,
} from './target.ts';

interface BiModule {
  startBi(options: Record<string, unknown>): Promise<{ url: string; stop(): Promise<void> }>;
}

interface PasswordModule {
  hashPassword(password: string): Promise<string>;
}

const DEFAULT_SOURCE = resolve(
  process.env.CONFORMANCE_BI_SOURCE ?? join(import.meta.dirname, '..', 'reference-bi', 'src'),
);

async function loadBi(source: string): Promise<BiModule> {
  return (await import(pathToFileURL(join(source, 'app.ts')).href)) as BiModule;
}

/**
 * The BI's own scrypt hash of each password, made once per worker and handed to every test's BI in
 * its bootstrap (passwordHash): hashing is deliberately slow (~40 ms of CPU each), and three people
 * per test made it most of a BI's start. Sign-in still verifies the password the usual way.
 */
function passwordHasher(source: string): (password: string) => Promise<string> {
  const hashes = new Map<string, Promise<string>>();
  return (password) => {
    let hash = hashes.get(password);
    if (!hash) {
      hash = import(pathToFileURL(join(source, 'login', 'password.ts')).href).then((m: PasswordModule) =>
        m.hashPassword(password),
      );
      hashes.set(password, hash);
    }
    return hash;
  };
}

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();

/** 配置微应用信息: the form shows at once on a fresh BI, behind its button once an app is saved. */
async function openForm(page: Page): Promise<void> {
  const form = page.locator('#app-form');
  if (!(await form.isVisible())) await page.click('#configure-app');
  await form.waitFor();
}

function ui(baseUrl: string): BiUi {
  const go = (page: Page, path: string) => page.goto(`${baseUrl}${path}`);
  const fillCredentials = async (page: Page, c: DingTalkAppCredentials) => {
    await go(page, '/admin/integrations/dingtalk');
    await openForm(page);
    await page.fill('input[name=appKey]', c.appKey);
    await page.fill('input[name=appSecret]', c.appSecret);
    await page.fill('input[name=agentId]', String(c.agentId));
    await page.fill('input[name=corpId]', c.corpId);
  };
  const deliveries = async (page: Page): Promise<DeliveryRow[]> => {
    await page.locator('#dispatch-status').waitFor();
    const rows = await page.locator('#deliveries tbody tr').all();
    const out: DeliveryRow[] = [];
    for (const row of rows) {
      const cells = await row.locator('td').allTextContents();
      out.push({
        recipient: (cells[0] ?? '').trim(),
        status: ((await row.getAttribute('data-status')) ?? 'refused') as DeliveryRow['status'],
        reason: (cells[3] ?? '').trim(),
      });
    }
    return out;
  };
  const tickRecipients = async (page: Page, names: string[]) => {
    for (const name of names)
      await page.locator('fieldset.recipients label', { hasText: name }).locator('input').check();
  };
  const createSubscription = async (
    page: Page,
    o: { name: string; recipients: string[]; format: string; interval: string },
  ) => {
    await go(page, '/admin/subscriptions');
    await page.fill('input[name=name]', o.name);
    await page.selectOption('select[name=format]', o.format);
    await page.selectOption('select[name=interval]', o.interval);
    await tickRecipients(page, o.recipients);
    await page.click('form[action="/admin/subscriptions"] button[type=submit]');
    await page.locator('tr[data-subscription]', { hasText: o.name }).waitFor();
  };

  return {
    async signInWithPassword(page, username, password) {
      await go(page, '/login?method=password');
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    },
    async signOut(page) {
      await go(page, '/');
      const button = page.locator('.whoami button');
      if (await button.count()) {
        await button.click();
        await page.waitForURL(/\/login/);
      }
    },
    async signedInAs(page) {
      const name = page.locator('.user-name');
      return (await name.count()) ? ((await name.first().textContent()) ?? '').trim() : null;
    },
    async openLoginPage(page) {
      await go(page, '/login');
      return page.url();
    },
    async startDingTalkLogin(page) {
      await go(page, '/login');
      if (new URL(page.url()).origin === baseUrl) await page.click('#dingtalk-login');
    },
    async readLoginFailure(page) {
      await page.locator('#login-error').waitFor();
      const hint = page.locator('.login-failed .hint');
      const message =
        (await text(page, '#login-error')) +
        ((await hint.count()) ? `\n${await text(page, '.login-failed .hint')}` : '');
      return { title: await text(page, '.login-failed h1'), message };
    },

    async openDingTalkSettings(page) {
      await go(page, '/admin/integrations/dingtalk');
      if ((await page.locator('#app-form').count()) === 0) {
        await go(page, '/system-backend');
        await page.check('#feature-dingtalk');
        await page.click('#save-features');
        await go(page, '/admin/integrations/dingtalk');
      }
      await openForm(page);
    },
    async testConnection(page, creds) {
      await fillCredentials(page, creds);
      await page.click('#test-connection');
      await page.locator('#connection-result').waitFor();
      return text(page, '#connection-result');
    },
    async saveCredentials(page, creds) {
      await fillCredentials(page, creds);
      await page.click('#save-app');
      const message = page.locator('p.flash, #connection-result').first();
      await message.waitFor();
      return ((await message.textContent()) ?? '').trim();
    },
    async savedAppKey(page) {
      await go(page, '/admin/integrations/dingtalk');
      return (await page.locator('#saved-appkey').count()) ? text(page, '#saved-appkey') : '';
    },
    async readConsoleValues(page) {
      await go(page, '/admin/integrations/dingtalk');
      await page.locator('#console-values').waitFor();
      return {
        redirectUrl: await text(page, '#redirect-url'),
        pcHomeUrl: await text(page, '#pc-home-url'),
        mobileHomeUrl: await text(page, '#mobile-home-url'),
      };
    },
    async readRequiredScopes(page) {
      await go(page, '/admin/integrations/dingtalk');
      return page
        .locator('#required-scopes [data-scope]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-scope') ?? ''));
    },
    async setDingTalkEnabled(page, enabled) {
      await go(page, '/admin/integrations/dingtalk');
      await page.setChecked('#dingtalk-enabled', enabled);
      await page.click('#save-enabled');
      await expect(page.locator('#dingtalk-status')).toHaveText(enabled ? '已开启' : '已关闭');
    },
    async setLoginGeneration(page, generation) {
      await go(page, '/admin/integrations/dingtalk');
      await page.selectOption('select[name=generation]', generation);
      const saved = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/admin/integrations/dingtalk/enable'),
      );
      await page.click('#save-enabled');
      expect((await saved).status()).toBe(302);
    },
    async setDefaultLogin(page, method) {
      await go(page, '/admin/login-settings');
      await page.check(`input[name=method][value=${method}]`);
      await page.locator('form[action="/admin/login-settings"] button[type=submit]').click();
      await page.waitForURL(/\/admin\/login-settings/);
    },
    async configureEventReceiver(page, secrets) {
      await go(page, '/admin/integrations/dingtalk');
      const form = page.locator('#events-form');
      await form.locator('input[name=token]').fill(secrets.token);
      await form.locator('input[name=aesKey]').fill(secrets.aesKey);
      await form.locator('#save-events').click();
      await page.locator('.flash', { hasText: '已保存事件订阅设置' }).waitFor();
      return text(page, '#events-url');
    },
    async bindDingTalkAccount(page, username, dingtalkUserid) {
      await go(page, '/admin/users');
      const row = page.locator(`tr[data-username="${username}"]`);
      await row.locator('input[name=dingtalkUserid]').fill(dingtalkUserid);
      await row.locator('button[type=submit]').click();
      await expect(page.locator(`tr[data-username="${username}"] input[name=dingtalkUserid]`)).toHaveValue(
        dingtalkUserid,
      );
    },
    async dingTalkAccounts(page) {
      await go(page, '/admin/users');
      // Read in one go: a synced corp lists hundreds of users.
      const rows = await page
        .locator('tr[data-username]')
        .evaluateAll((trs) =>
          trs.map((r): [string, string] => [
            r.getAttribute('data-username') ?? '',
            r.querySelector<HTMLInputElement>('input[name=dingtalkUserid]')?.value ?? '',
          ]),
        );
      return new Map(rows);
    },

    async listUsers(page) {
      await go(page, '/admin/users');
      return page.locator('tr[data-username]').evaluateAll((rows) =>
        rows.map((r) => {
          const cells = [...r.querySelectorAll('td')].map((c) => (c.textContent ?? '').trim());
          return {
            username: r.getAttribute('data-username') ?? '',
            displayName: cells[1] ?? '',
            dingtalkUserid: r.querySelector<HTMLInputElement>('input[name=dingtalkUserid]')?.value ?? '',
            active: cells[5] !== '已停用',
          };
        }),
      );
    },

    async runSync(page): Promise<SyncOutcome> {
      await go(page, '/admin/sync');
      await page.click('#start-sync');
      const status = page.locator('#sync-status[data-status=succeeded], #sync-status[data-status=failed]');
      await status.waitFor({ timeout: 30_000 });
      const ok = (await status.getAttribute('data-status')) === 'succeeded';
      const said = await text(page, ok ? '#sync-summary' : '#sync-error');
      const count = (label: string) => Number(new RegExp(`${label} (\\d+)`).exec(said)?.[1] ?? NaN);
      return {
        status: ok ? 'succeeded' : 'failed',
        text: said,
        ...(ok
          ? {
              counts: {
                created: count('新建'),
                updated: count('更新'),
                unchanged: count('未变'),
                deactivated: count('停用'),
              },
            }
          : {}),
      };
    },

    async sendSubscriptionNow(page, opts) {
      await go(page, '/admin/subscriptions');
      const name = opts.name ?? `订阅-${Date.now().toString(36)}`;
      const row = page
        .locator('tr[data-subscription]')
        .filter({ has: page.getByRole('cell', { name, exact: true }) });
      if ((await row.count()) === 0) await createSubscription(page, { ...opts, name, interval: '' });
      await row.locator('button', { hasText: '立即发送' }).click();
      await page.waitForURL(/\/admin\/dispatches\//);
      return deliveries(page);
    },
    async scheduleSubscription(page, opts) {
      await createSubscription(page, { ...opts, interval: opts.every === 'hour' ? '60' : '1440' });
    },
    async runScheduledJobs(page, advanceSeconds) {
      await go(page, '/system-backend');
      if (advanceSeconds !== 0) {
        await page.fill('input[name=advanceSeconds]', String(advanceSeconds));
        await page.locator('form[action="/system-backend/clock"] button[type=submit]').click();
        await page.locator('.flash', { hasText: '系统时钟已调整' }).waitFor();
      }
      await page.locator('form[action="/system-backend/jobs/run"] button[type=submit]').click();
      const flash = page.locator('.flash', { hasText: /已发送 \d+ 个订阅/ });
      await flash.waitFor();
      const sent = Number(/已发送 (\d+) 个订阅/.exec((await flash.textContent()) ?? '')?.[1]);
      // The subscriptions page lists the newest sends first: this run's are the first `sent`.
      await go(page, '/admin/subscriptions');
      const links = await page
        .locator('a[href^="/admin/dispatches/"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      const reports: DeliveryRow[][] = [];
      for (const href of links.slice(0, sent).reverse()) {
        await go(page, href);
        reports.push(await deliveries(page));
      }
      return reports;
    },
    async fireAlert(page, opts) {
      const setSales = async (value: number) => {
        await go(page, '/');
        await page.fill('input[name=sales]', String(value));
        await page.locator('form[action="/dashboard/metrics"] button[type=submit]').click();
        // The flash comes back once the BI evaluated its alerts (and sent what fired).
        await page.locator('.flash', { hasText: '已更新' }).waitFor();
      };
      // Below the threshold first, so the alert fires on the change, as a data load would.
      await setSales(opts.metricValue - 2);
      await go(page, '/admin/alerts');
      await page.fill('input[name=name]', `预警-${Date.now().toString(36)}`);
      await page.selectOption('select[name=metric]', 'sales');
      await page.selectOption('select[name=operator]', '>');
      await page.fill('input[name=threshold]', String(opts.metricValue - 1));
      await page.selectOption('select[name=channel]', opts.channel);
      await tickRecipients(page, opts.recipients);
      await page.click('form[action="/admin/alerts"] button[type=submit]');
      await page.locator('.flash', { hasText: '已创建预警' }).waitFor();
      await setSales(opts.metricValue);
      await go(page, '/admin/alerts');
      await page.locator('a[href^="/admin/dispatches/"]').first().click();
      return deliveries(page);
    },
    async setGroupRobot(page, webhook, secret) {
      await go(page, '/admin/integrations/dingtalk');
      const form = page.locator('form[action="/admin/integrations/dingtalk/robot"]');
      await form.locator('input[name=webhook]').fill(webhook);
      await form.locator('input[name=secret]').fill(secret);
      await form.locator('input[name=enabled]').check();
      await form.locator('button[type=submit]').click();
      await page.locator('.flash', { hasText: '已保存群机器人设置' }).waitFor();
    },

    async inAppOutcome(page) {
      const done = page.locator('.user-name, #in-app-status[data-state=failed]').first();
      await done.waitFor({ timeout: 20_000 });
      if (await page.locator('.user-name').count())
        return { signedIn: true, text: await text(page, '.user-name') };
      return { signedIn: false, text: await text(page, '#in-app-status') };
    },
  };
}

export function createReferenceBi(source = DEFAULT_SOURCE): BiTarget {
  const hash = passwordHasher(source);
  return {
    name: source === DEFAULT_SOURCE ? 'reference BI' : `reference BI from ${source}`,
    async start({ dingtalkBaseUrl, workDir, setup, dingtalkTimeoutMs }): Promise<BiUnderTest> {
      const { startBi } = await loadBi(source);
      const bootstrap = await toBootstrap(setup, hash);
      const running = await startBi({
        port: 0,
        dbPath: join(workDir, 'bi.sqlite'),
        dingtalk: { oapi: dingtalkBaseUrl, api: dingtalkBaseUrl, login: dingtalkBaseUrl },
        logLevel: 'silent',
        retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
        // Short, so a timeout scenario (X3) costs a few seconds; loopback answers in milliseconds.
        // X3's timeout test asks for shorter still (dingtalkTimeoutMs).
        timeoutMs: dingtalkTimeoutMs ?? 2_000,
        bootstrap,
      });
      return {
        baseUrl: running.url,
        consoleValues: {
          redirectUrl: `${running.url}/auth/dingtalk/callback`,
          pcHomeUrl: `${running.url}/dingtalk/pc?corpId=$CORPID$`,
          mobileHomeUrl: `${running.url}/dingtalk/mobile?corpId=$CORPID$`,
        },
        ui: ui(running.url),
        stop: () => running.stop(),
      };
    },
  };
}

export const referenceBi: BiTarget = createReferenceBi();

async function toBootstrap(setup: BiSetup, hash: (password: string) => Promise<string>) {
  const hashes = await Promise.all(setup.people.map((p) => hash(p.password)));
  return {
    dingtalkFeature: setup.dingtalk !== undefined,
    ...(setup.dingtalk
      ? {
          dingtalk: {
            appKey: setup.dingtalk.appKey,
            appSecret: setup.dingtalk.appSecret,
            agentId: setup.dingtalk.agentId,
            corpId: setup.dingtalk.corpId,
            enabled: setup.dingtalk.enabled ?? true,
            generation: setup.dingtalk.generation ?? 'new',
          },
        }
      : {}),
    ...(setup.defaultLogin ? { defaultLoginMethod: setup.defaultLogin } : {}),
    users: setup.people.map((p, i) => ({
      username: p.username,
      displayName: p.displayName,
      passwordHash: hashes[i],
      role: p.admin ? 'admin' : 'user',
      ...(p.dingtalkUserid ? { dingtalkUserid: p.dingtalkUserid } : {}),
    })),
  };
}

export default referenceBi;
