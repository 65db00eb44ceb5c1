/**
 * Open a plain Chromium page as the DingTalk client (PC, iOS or Android) for a user and a micro-app:
 * the client's user agent and screen, the native bridge dingtalk-jsapi uses, and the sandbox's
 * cookie that tells its own login pages who is signed in to the client.
 *
 *   const { context, page } = await openAsDingTalkClient(browser, {
 *     sandboxUrl, corpId, appKey, userid: 'manager1471', platform: 'ios' });
 *   await page.goto(app.webApp.mobileHomeUrl);
 *
 * Cookie contract: `dt_sandbox_user=<corpId>:<userid>` (each part URI-encoded) on the sandbox
 * origin, so the sandbox's in-client pages (/oauth2/auth inside the client) know the user.
 *
 * Only Playwright's types are imported: the caller brings the browser, so this module loads without
 * Playwright installed.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import type { ClientPlatform, ClientSession } from '../domain/in-app/client-native.ts';
import { clientShimScript, SANDBOX_BINDING } from './script.ts';
import { DEFAULT_CLIENT_VERSION, dingTalkScreen } from './user-agents.ts';

export { CLIENT_USER_COOKIE } from '../domain/in-app/client-native.ts';
import { CLIENT_USER_COOKIE } from '../domain/in-app/client-native.ts';

export interface DingTalkClientOptions {
  /** Base URL of the sandbox, e.g. http://127.0.0.1:3700. */
  sandboxUrl: string;
  corpId: string;
  /** The micro-app whose page is open (AppKey); or `agentId`; the corp's first app if neither. */
  appKey?: string;
  agentId?: number;
  /** The person signed in to the client. */
  userid: string;
  platform: ClientPlatform;
  /** Client version in the UA and runtime.info (default 7.6.0). */
  version?: string;
}

/** What the sandbox says about the session: the app (with its home URLs) and the user. */
export interface ClientInfo {
  corpId: string;
  app: {
    appKey: string;
    agentId: number;
    name: string;
    webApp: { enabled: boolean; pcHomeUrl: string; mobileHomeUrl: string };
  };
  user: { userid: string; name: string; resigned: boolean };
  /** Why this user may not use the app (resigned, outside the visible range), or null. */
  barred: string | null;
}

/** Context options that make a page look like the client on `platform`. */
export function dingTalkContextOptions(
  platform: ClientPlatform,
  version = DEFAULT_CLIENT_VERSION,
): BrowserContextOptions {
  return { ...dingTalkScreen(platform, version) };
}

/** Check the session with the sandbox; throws a clear error for an unknown corp, app or user. */
export async function describeClientSession(opts: DingTalkClientOptions): Promise<ClientInfo> {
  const q = new URLSearchParams({ corpId: opts.corpId, userid: opts.userid });
  if (opts.appKey) q.set('appKey', opts.appKey);
  else if (opts.agentId !== undefined) q.set('agentId', String(opts.agentId));
  const url = `${trim(opts.sandboxUrl)}/__sandbox/api/client/session?${q.toString()}`;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`cannot reach the sandbox at ${opts.sandboxUrl}: ${String(e)}`, { cause: e });
  }
  const body = (await res.json()) as ClientInfo & { error?: { message: string } };
  if (!res.ok) throw new Error(`DingTalk client session refused: ${body.error?.message ?? res.statusText}`);
  return body;
}

/** Install the client into an existing context (its UA must already be a DingTalk one). */
export async function installDingTalkClient(
  context: BrowserContext,
  opts: DingTalkClientOptions,
): Promise<ClientInfo> {
  const info = await describeClientSession(opts);
  const base = trim(opts.sandboxUrl);
  const session: ClientSession = {
    corpId: opts.corpId,
    appKey: info.app.appKey,
    userid: opts.userid,
    platform: opts.platform,
    version: opts.version ?? DEFAULT_CLIENT_VERSION,
  };
  await context.exposeFunction(SANDBOX_BINDING, async (payload: unknown) => {
    const res = await fetch(`${base}/__sandbox/api/client/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return (await res.json()) as unknown;
  });
  await context.addInitScript({
    content: clientShimScript({ sandboxUrl: base, session, platform: opts.platform }),
  });
  await context.addCookies([
    {
      name: CLIENT_USER_COOKIE,
      value: `${encodeURIComponent(opts.corpId)}:${encodeURIComponent(opts.userid)}`,
      url: base,
      sameSite: 'Lax',
    },
  ]);
  return info;
}

/** A new context and page that look like the DingTalk client on `platform`, signed in as `userid`. */
export async function openAsDingTalkClient(
  browser: Browser,
  opts: DingTalkClientOptions & { contextOptions?: BrowserContextOptions },
): Promise<{ context: BrowserContext; page: Page; info: ClientInfo }> {
  const context = await browser.newContext({
    ...dingTalkContextOptions(opts.platform, opts.version),
    ...(opts.contextOptions ?? {}),
  });
  try {
    const info = await installDingTalkClient(context, opts);
    const page = await context.newPage();
    return { context, page, info };
  } catch (e) {
    await context.close();
    throw e;
  }
}

const trim = (u: string) => u.replace(/\/+$/, '');
