/** L5: the app's mobile home URL opened in the DingTalk mobile client (iOS and Android bridges). */
import { expect, shot, test } from '../../../fixtures/index.ts';
import { openInClient } from '../helpers.ts';

test('L5 in the mobile client, unmodified dingtalk-jsapi’s requestAuthCode signs the bound user in, no password prompt', async ({
  bi,
  client,
  tenant,
  people,
  journal,
  dingtalkPlatform,
}) => {
  const platform = dingtalkPlatform === 'android' ? 'android' : 'ios';
  const page = await openInClient(client, bi, {
    platform,
    corpId: tenant.corpId,
    userid: people.analyst.dingtalkUserid,
  });
  const outcome = await bi.ui.inAppOutcome(page);
  await shot(page, `L5-${platform}`);
  expect(outcome).toEqual({ signedIn: true, text: people.analyst.displayName });
  expect(await page.evaluate(() => navigator.userAgent)).toContain('AliApp(DingTalk/');
  expect((await journal.entries({ route: 'oapi.v2.user.getuserinfo', outcome: 'ok' })).length).toBe(1);
});
