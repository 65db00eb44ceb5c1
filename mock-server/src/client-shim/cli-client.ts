/**
 * `dingtalk-sandbox client [url] --platform pc|ios|android --user <userid> [--app <appKey>]
 * [--sandbox <baseUrl>] [--corp <corpId>]`: a headed Chromium window that is the DingTalk client,
 * for manual QA. Loaded lazily by the CLI, and Playwright lazily here, so `serve` starts without it.
 */
import { CHROMIUM_ARGS } from '../chromium.ts';
import { existsSync } from 'node:fs';
import type { BrowserType } from '@playwright/test';
import type { ClientPlatform } from '../domain/in-app/client-native.ts';
import { CLIENT_PLATFORMS } from '../domain/in-app/client-native.ts';
import { describeClientSession, openAsDingTalkClient, type ClientInfo } from './playwright.ts';

export interface ClientCommandOptions {
  url?: string;
  platform: string;
  user: string;
  app?: string;
  corp?: string;
  sandbox: string;
}

export class ClientCommandError extends Error {}

/** Why a headed window cannot open here, or null. */
export function displayProblem(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (platform !== 'linux') return null;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return 'no display: a headed Chromium window needs an X or Wayland display (DISPLAY is not set). Run it on a desktop, or under `xvfb-run`, or use the Playwright helper headless in tests.';
}

export function parsePlatform(value: string): ClientPlatform {
  if ((CLIENT_PLATFORMS as readonly string[]).includes(value)) return value as ClientPlatform;
  throw new ClientCommandError(`--platform must be one of ${CLIENT_PLATFORMS.join(', ')} (got "${value}")`);
}

export async function runClientCommand(
  opts: ClientCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
  os: NodeJS.Platform = process.platform,
): Promise<void> {
  const platform = parsePlatform(opts.platform);
  const noDisplay = displayProblem(env, os);
  if (noDisplay) throw new ClientCommandError(noDisplay);
  const sandboxUrl = opts.sandbox.replace(/\/+$/, '');
  const corpId = opts.corp ?? (await defaultCorp(sandboxUrl));
  const session = {
    sandboxUrl,
    corpId,
    ...(opts.app ? { appKey: opts.app } : {}),
    userid: opts.user,
    platform,
  };
  try {
    await describeClientSession(session); // fail fast on an unknown corp, app or user
  } catch (e) {
    throw new ClientCommandError(firstLine(e));
  }

  let chromium: BrowserType;
  try {
    ({ chromium } = await import('@playwright/test'));
  } catch {
    throw new ClientCommandError(
      'Playwright is not installed: `npm install -D @playwright/test` (and a Chromium) to open the client window.',
    );
  }
  const executablePath =
    env.DINGTALK_SANDBOX_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  let browser;
  try {
    browser = await chromium.launch({
      headless: false,
      executablePath,
      args: [...CHROMIUM_ARGS],
    });
  } catch (e) {
    throw new ClientCommandError(
      `cannot start Chromium${executablePath ? ` at ${executablePath}` : ''} on display ${env.DISPLAY ?? env.WAYLAND_DISPLAY ?? '(none)'}: ${firstLine(e)}. Check the display, install Chromium (Debian: apt-get install chromium) or set DINGTALK_SANDBOX_CHROMIUM.`,
    );
  }
  try {
    const { page, info } = await openAsDingTalkClient(browser, session);
    const target = (opts.url ?? homeUrl(info, platform)).replaceAll('$CORPID$', corpId);
    if (!target)
      throw new ClientCommandError(`app "${info.app.name}" has no home URL for ${platform}; pass a URL`);
    if (info.barred) process.stderr.write(`warning: ${info.barred}; requestAuthCode will be refused\n`);
    process.stdout.write(
      `DingTalk ${platform} client: ${info.user.name} (${info.user.userid}) in ${corpId}, app "${info.app.name}" (${info.app.appKey})\n  opening ${target}\n  close the window or press Ctrl+C to quit\n`,
    );
    // A page that does not load (BI not running yet) leaves the window open on Chromium's error page.
    await page.goto(target).catch((e: unknown) => {
      process.stderr.write(`warning: ${firstLine(e)}\n`);
    });
    await new Promise<void>((resolve) => {
      browser.on('disconnected', () => resolve());
      process.once('SIGINT', () => resolve());
    });
  } finally {
    await browser.close().catch(() => undefined);
  }
}

function homeUrl(info: ClientInfo, platform: ClientPlatform): string {
  return platform === 'pc' ? info.app.webApp.pcHomeUrl : info.app.webApp.mobileHomeUrl;
}

async function defaultCorp(sandboxUrl: string): Promise<string> {
  let body: { tenants?: { corpId: string; default: boolean }[] };
  try {
    body = (await (await fetch(`${sandboxUrl}/__sandbox/api/tenants`)).json()) as typeof body;
  } catch (e) {
    throw new ClientCommandError(
      `cannot reach the sandbox at ${sandboxUrl} (${firstLine(e)}); start it with \`dingtalk-sandbox serve\` or pass --sandbox`,
    );
  }
  const t = body.tenants?.find((x) => x.default) ?? body.tenants?.[0];
  if (!t) throw new ClientCommandError(`the sandbox at ${sandboxUrl} has no tenant`);
  return t.corpId;
}

const firstLine = (e: unknown) => String(e instanceof Error ? e.message : e).split('\n')[0];
