/** L4: the app's PC home URL opened in the DingTalk PC client signs in without a password. */
import { expect, shot, test } from '../../../fixtures/index.ts';
import { openInClient } from '../helpers.ts';

test('L4 in the PC client, unmodified dingtalk-jsapi’s requestAuthCode signs the bound user in, no password prompt', async ({
  bi,
  client,
  tenant,
  people,
  journal,
}) => {
  const page = await openInClient(client, bi, {
    platform: 'pc',
    corpId: tenant.corpId,
    userid: people.admin.dingtalkUserid,
  });
  const outcome = await bi.ui.inAppOutcome(page);
  await shot(page, 'L4-pc');
  expect(outcome).toEqual({ signedIn: true, text: people.admin.displayName });
  expect(await page.locator('input[type=password]').count()).toBe(0);
  expect((await journal.entries({ route: 'oapi.v2.user.getuserinfo', outcome: 'ok' })).length).toBe(1);
});
