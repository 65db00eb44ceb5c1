/** Opening the BI's home URL inside the simulated DingTalk client, as the workbench would. */
import type { Page } from '@playwright/test';
import type { ClientHelper } from 'dingtalk-sandbox/playwright';
import type { BiUnderTest } from '../../targets/target.ts';

export type Platform = 'pc' | 'ios' | 'android';

/** The home URL the console holds for this platform, with DingTalk's $CORPID$ filled in. */
export function homeUrl(bi: BiUnderTest, platform: Platform, corpId: string): string {
  const url = platform === 'pc' ? bi.consoleValues.pcHomeUrl : bi.consoleValues.mobileHomeUrl;
  return url.replace('$CORPID$', corpId);
}

export async function openInClient(
  client: ClientHelper,
  bi: BiUnderTest,
  opts: { platform: Platform; corpId: string; userid: string; appKey?: string; url?: string },
): Promise<Page> {
  const { page } = await client.open({ platform: opts.platform, userid: opts.userid, appKey: opts.appKey });
  await page.goto(opts.url ?? homeUrl(bi, opts.platform, opts.corpId));
  return page;
}
