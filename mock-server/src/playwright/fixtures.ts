/**
 * Playwright fixtures (`dingtalk-sandbox/playwright`):
 *
 * - `sandbox` (worker): a sandbox for this worker — started in the worker's process on a free port,
 *   or, with the `sandboxUrl` option, a shared one elsewhere (each test still gets its own tenant);
 * - `tenant` (test): an isolated tenant (fresh corpId, AppKeys and secrets), deleted afterwards;
 * - `journal`, `clock`, `faults`, `inbox`, `phone`: the tenant's journal, clock, fault rules,
 *   inboxes and the simulated phone, through the admin API;
 * - `client`: open a URL as the DingTalk client (PC, iOS, Android) signed in as a user;
 * - `chat`: talk to the tenant's bots as a person — `send` (a group with @, or one-to-one; text or a
 *   file) and `waitForReply` (the bot's next message in that chat), with or without the console's
 *   chat page (`pageUrl`), through the admin API;
 * - on failure, the tenant's journal and fault explanations are attached to the report.
 *
 * Compose with your own fixtures through `mergeTests` or `test.extend`.
 */
import { test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { SandboxAdmin, type FaultRuleInfo, type TenantInfo, type ClockInfo } from '../admin-client.ts';
import type { JournalEntry, Outcome } from '../domain/journal/journal.ts';
import type { FaultRuleInput } from '../faults/rule.ts';
import type { ClientPlatform } from '../domain/in-app/client-native.ts';
import { openAsDingTalkClient } from '../client-shim/playwright.ts';

export interface SandboxHandle {
  url: string;
  admin: SandboxAdmin;
}

export interface SandboxOptions {
  /** Use a sandbox that is already running (shared by workers); start one per worker otherwise. */
  sandboxUrl: string | undefined;
  /** Admin token of that sandbox, if it requires one. */
  sandboxAdminToken: string | undefined;
  /**
   * What each test's tenant is made from: the default snapshot, a named snapshot, or a size. A test
   * option (the tenant is per test), so `test.use({ tenantFrom })` works inside a describe block.
   */
  tenantFrom: { snapshot?: string; users?: number; seed?: number } | undefined;
}

export interface JournalHelper {
  entries(q?: { route?: string; outcome?: Outcome; since?: number }): Promise<JournalEntry[]>;
  /** Entries refused (or faulted), with their reasons. */
  refusals(): Promise<JournalEntry[]>;
}

export interface ClockHelper {
  now(): Promise<ClockInfo>;
  advance(seconds: number): Promise<ClockInfo>;
  set(at: number | string, frozen?: boolean): Promise<ClockInfo>;
}

export interface FaultsHelper {
  add(rule: FaultRuleInput): Promise<FaultRuleInfo>;
  list(): Promise<FaultRuleInfo[]>;
  clear(): Promise<void>;
}

export interface ClientHelper {
  /** A new page that is the DingTalk client on `platform`, signed in as `userid`, inside `appKey`'s micro-app. */
  open(opts: {
    platform: ClientPlatform;
    userid: string;
    appKey?: string;
    url?: string;
  }): Promise<{ context: BrowserContext; page: Page }>;
}

/** A person's message to a bot (the admin API's POST …/bots/{robotCode}/messages). */
export interface ChatSend {
  /** Who writes: a userid of the tenant (in a group, one of its members). */
  from: string;
  /** A group (`{ type: '2', id: openConversationId }`) or the person's one-to-one chat with the bot (`{ type: '1' }`). */
  conversation: { type: '1' | '2'; id?: string; title?: string };
  /** The bot (robotCode = its AppKey); default the tenant's first bot. */
  robotCode?: string;
  text?: string;
  /** Group only: @-mention the bot (default true); without it the message lands but is not pushed. */
  atBot?: boolean;
  /** With `file`: picture, file, audio or video (default: picture for an image name, else file). */
  msgtype?: 'text' | 'picture' | 'file' | 'audio' | 'video';
  /** A picture or file instead of text: its name and bytes (or the bytes already in base64). */
  file?: { fileName: string; bytes?: Uint8Array | string; base64?: string };
}

/** What became of a person's message: whether it was pushed to the bot, and the callback's data. */
export interface ChatDelivered {
  pushed: boolean;
  /** The Stream messageId, when pushed. */
  messageId?: string;
  conversationId: string;
  /** The person's message in the chat. */
  chatMessageId?: string;
  data?: Record<string, unknown> & { sessionWebhook?: string; sessionWebhookExpiredTime?: number };
  /** Why it was not pushed. */
  reason?: string;
}

/** A message of a chat as the admin API shows it (GET …/chats/{id}/messages). */
export interface ChatMessageInfo {
  messageId: string;
  sender: { kind: 'person' | 'app' | 'robot' | 'appRobot'; name: string; userid?: string; appKey?: string };
  msgtype: string;
  /** A short preview (a markdown's title, a text's words). */
  title: string;
  /** The body as sent (a bot's reply: its sessionWebhook body). */
  msg: unknown;
  content: { type: string; [k: string]: unknown };
  sentAt: number;
}

export interface ChatHelper {
  /** A person writes to a bot: the message lands in the chat and (one-to-one, or with @) is pushed. */
  send(msg: ChatSend): Promise<ChatDelivered>;
  /**
   * The bot's next message in the chat: the first one after the latest person's message (and after
   * any reply this helper returned before), waiting up to `timeout` ms (default 10 s).
   */
  waitForReply(
    conversationId: string,
    opts?: { timeout?: number; robotCode?: string },
  ): Promise<ChatMessageInfo>;
  /** The chat's messages, oldest first. */
  messages(conversationId: string): Promise<ChatMessageInfo[]>;
  /** The console's chat page for the conversation (as a person of it): open it in a `page` to talk there. */
  pageUrl(conversationId: string, as?: string): string;
}

const IMAGE_NAME = /\.(png|jpe?g|gif|bmp|webp)$/i;

export interface SandboxTestFixtures {
  tenant: TenantInfo;
  journal: JournalHelper;
  clock: ClockHelper;
  faults: FaultsHelper;
  client: ClientHelper;
  chat: ChatHelper;
}

export interface SandboxWorkerFixtures {
  sandbox: SandboxHandle;
}

/** How often the QR pages of a fixture-started sandbox poll their status. */
export const TEST_LOGIN_POLL_MS = 100;

export const test = base.extend<
  SandboxTestFixtures & Pick<SandboxOptions, 'tenantFrom'> & { _attachJournalOnFailure: void },
  SandboxWorkerFixtures & Omit<SandboxOptions, 'tenantFrom'>
>({
  sandboxUrl: [undefined, { option: true, scope: 'worker' }],
  sandboxAdminToken: [undefined, { option: true, scope: 'worker' }],
  tenantFrom: [undefined, { option: true }],

  sandbox: [
    async ({ sandboxUrl, sandboxAdminToken }, use) => {
      if (sandboxUrl) {
        await use({
          url: sandboxUrl,
          admin: new SandboxAdmin(sandboxUrl, { adminToken: sandboxAdminToken }),
        });
        return;
      }
      // One sandbox in this worker's process, on a free loopback port. Its QR pages poll their
      // status every 100 ms (500 ms by default) so a confirmed scan is followed at once, not up to
      // half a second later in every login a test performs.
      const { startSandbox } = await import('../start.ts');
      const running = await startSandbox({ port: 0, loginPollMs: TEST_LOGIN_POLL_MS });
      await use({ url: running.url, admin: new SandboxAdmin(running.url) });
      await running.stop();
    },
    { scope: 'worker' },
  ],

  tenant: async ({ sandbox, tenantFrom }, use, testInfo) => {
    const tenant = await sandbox.admin.createTenant({
      ...(tenantFrom ?? {}),
      name: `test ${testInfo.testId}`.slice(0, 100),
    });
    await use(tenant);
    await sandbox.admin.deleteTenant(tenant.corpId).catch(() => undefined);
  },

  journal: async ({ sandbox, tenant }, use) => {
    await use({
      entries: (q = {}) => sandbox.admin.journal(tenant.corpId, q),
      refusals: async () =>
        (await sandbox.admin.journal(tenant.corpId)).filter(
          (e) => e.outcome === 'refused' || e.outcome === 'fault',
        ),
    });
  },

  clock: async ({ sandbox, tenant }, use) => {
    await use({
      now: () => sandbox.admin.clock(tenant.corpId),
      advance: (seconds) => sandbox.admin.advanceClock(tenant.corpId, seconds),
      set: (at, frozen) => sandbox.admin.setClock(tenant.corpId, at, frozen),
    });
  },

  faults: async ({ sandbox, tenant }, use) => {
    await use({
      add: (rule) => sandbox.admin.addFault(tenant.corpId, rule),
      list: () => sandbox.admin.faults(tenant.corpId),
      clear: () => sandbox.admin.clearFaults(tenant.corpId),
    });
  },

  client: async ({ sandbox, tenant, browser }, use) => {
    const opened: BrowserContext[] = [];
    await use({
      open: async ({ platform, userid, appKey, url }) => {
        const { context, page } = await openAsDingTalkClient(browser as Browser, {
          sandboxUrl: sandbox.url,
          corpId: tenant.corpId,
          appKey: appKey ?? tenant.apps[0]?.appKey,
          userid,
          platform,
        });
        opened.push(context);
        if (url) await page.goto(url);
        return { context, page };
      },
    });
    await Promise.all(opened.map((c) => c.close().catch(() => undefined)));
  },

  chat: async ({ sandbox, tenant }, use) => {
    const t = `/tenants/${encodeURIComponent(tenant.corpId)}`;
    const returned = new Map<string, Set<string>>();
    let firstBot: string | undefined;
    const botCode = async (robotCode?: string): Promise<string> => {
      if (robotCode) return robotCode;
      firstBot ??= (await sandbox.admin.request<{ bots: { robotCode: string }[] }>('GET', `${t}/bots`))
        .bots[0]?.robotCode;
      if (!firstBot) throw new Error(`tenant ${tenant.corpId} has no bot (an app with the robot capability)`);
      return firstBot;
    };
    const messages = async (conversationId: string) =>
      (
        await sandbox.admin.request<{ messages: ChatMessageInfo[] }>(
          'GET',
          `${t}/chats/${encodeURIComponent(conversationId)}/messages`,
        )
      ).messages;
    await use({
      async send({ robotCode, file, ...msg }) {
        const code = await botCode(robotCode);
        const body: Record<string, unknown> = { ...msg };
        if (file) {
          const { fileName, bytes, base64 } = file;
          body.file = { fileName, base64: base64 ?? Buffer.from(bytes ?? '').toString('base64') };
          body.msgtype = msg.msgtype ?? (IMAGE_NAME.test(fileName) ? 'picture' : 'file');
        }
        return sandbox.admin.request<ChatDelivered>(
          'POST',
          `${t}/bots/${encodeURIComponent(code)}/messages`,
          body,
        );
      },
      async waitForReply(conversationId, { timeout = 10_000, robotCode } = {}) {
        const seen = returned.get(conversationId) ?? new Set<string>();
        returned.set(conversationId, seen);
        const end = Date.now() + timeout;
        for (;;) {
          const all = await messages(conversationId);
          const lastPerson = all.findLastIndex((m) => m.sender.kind === 'person');
          const lastSeen = all.findLastIndex((m) => seen.has(m.messageId));
          const reply = all
            .slice(Math.max(lastPerson, lastSeen) + 1)
            .find((m) => m.sender.kind === 'appRobot' && (!robotCode || m.sender.appKey === robotCode));
          if (reply) {
            seen.add(reply.messageId);
            return reply;
          }
          if (Date.now() > end)
            throw new Error(`no reply from a bot in chat ${conversationId} within ${timeout} ms`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      messages,
      pageUrl: (conversationId, as) =>
        `${sandbox.url.replace(/\/$/, '')}/__sandbox${t}/chats/${encodeURIComponent(conversationId)}${
          as ? `?as=${encodeURIComponent(as)}` : ''
        }`,
    });
  },

  _attachJournalOnFailure: [
    async ({ sandbox, tenant }, use, testInfo) => {
      await use();
      if (testInfo.status === testInfo.expectedStatus) return;
      const [entries, rules] = await Promise.all([
        sandbox.admin.journal(tenant.corpId).catch(() => []),
        sandbox.admin.faults(tenant.corpId).catch(() => []),
      ]);
      await testInfo.attach('sandbox-journal.json', {
        body: JSON.stringify(entries, null, 2),
        contentType: 'application/json',
      });
      if (rules.length > 0) {
        await testInfo.attach('fault-rules.txt', {
          body: rules.map((r) => `${r.id}: ${r.explanation}`).join('\n'),
          contentType: 'text/plain',
        });
      }
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';
export {
  openAsDingTalkClient,
  installDingTalkClient,
  dingTalkContextOptions,
} from '../client-shim/playwright.ts';
export { SandboxAdmin } from '../admin-client.ts';
/** The Chromium the sandbox's browser tools launch, for a Playwright config's `launchOptions`. */
export { chromiumLaunchOptions } from '../chromium.ts';
