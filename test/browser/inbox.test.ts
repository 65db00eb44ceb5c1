import { mkdirSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';
import { launchChromium } from '../helpers/browser.ts';

const REPORT = 'https://bi.example.com/dashboards/42';

describe('inbox page in real Chromium (M1)', () => {
  let browser: Browser;
  let sb: RunningSandbox;
  beforeAll(async () => {
    [browser, sb] = await Promise.all([launchChromium(), startSandbox({ port: 0 })]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), sb?.stop()]);
  });

  async function send(token: string, agentId: number, msg: unknown): Promise<number> {
    const r = await fetch(`${sb.url}/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agent_id: agentId, userid_list: GUIDE_ADMIN_USERID, msg }),
    });
    const body = (await r.json()) as { errcode: number; task_id: number };
    expect(body.errcode).toBe(0);
    return body.task_id;
  }

  it('M1 shows a markdown subscription and an action card as DingTalk renders them; opening one marks it read', async () => {
    const app = sb.defaultTenant.listApps()[0]!;
    const t = (await (
      await fetch(`${sb.url}/gettoken?appkey=${app.appKey}&appsecret=${encodeURIComponent(app.appSecret)}`)
    ).json()) as {
      access_token: string;
    };
    await send(t.access_token, app.agentId, {
      msgtype: 'markdown',
      markdown: {
        title: '销售日报',
        text: '### 销售日报\n**GMV** 1.2 亿，<font color=#FF0000>同比 -3%</font>\n> 数据截至 22:00\n- 华东 4000 万\n- 华北 3000 万',
      },
    });
    const cardTask = await send(t.access_token, app.agentId, {
      msgtype: 'action_card',
      action_card: {
        title: '库存预警',
        markdown: '#### 库存预警\n华东仓 **SKU-1** 低于安全库存',
        btn_orientation: '1',
        btn_json_list: [
          { title: '查看报表', action_url: REPORT },
          {
            title: '忽略',
            action_url: `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(`${REPORT}?ignore=1`)}&pc_slide=true`,
          },
        ],
      },
    });

    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    await page.goto(`${sb.url}/__sandbox/tenants/${sb.defaultTenant.corpId}/inbox/${GUIDE_ADMIN_USERID}`);
    const md = page.locator('.dt-msg-markdown');
    await expect.poll(() => md.locator('h3').textContent()).toBe('销售日报');
    expect(await md.locator('strong').textContent()).toBe('GMV');
    expect(await md.locator('font').getAttribute('color')).toBe('#FF0000');
    expect(await md.locator('blockquote').count()).toBe(1);
    expect(await md.locator('li').count()).toBe(2);

    const card = page.locator('.dt-msg-action-card');
    expect(await card.locator('h4').textContent()).toBe('库存预警');
    const buttons = card.locator('.dt-btns.dt-horizontal a.dt-btn');
    expect(await buttons.allTextContents()).toEqual(['查看报表', '忽略']);
    expect(await buttons.first().getAttribute('href')).toBe(REPORT);
    // M1: a dingtalk:// page link opens its target, as the client would.
    expect(await buttons.nth(1).getAttribute('href')).toBe(`${REPORT}?ignore=1`);
    const boxes = await Promise.all([buttons.first().boundingBox(), buttons.nth(1).boundingBox()]);
    expect(boxes[0]!.y).toBe(boxes[1]!.y); // horizontal: one row
    expect(await page.locator(`[data-message-id="${cardTask}"]`).getAttribute('data-read')).toBe('false');

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/inbox.png', fullPage: true });

    await page.locator(`[data-message-id="${cardTask}"] a.dt-open`).click();
    await expect
      .poll(() => page.locator(`[data-message-id="${cardTask}"]`).getAttribute('data-read'))
      .toBe('true');
    const result = (await (
      await fetch(`${sb.url}/topapi/message/corpconversation/getsendresult?access_token=${t.access_token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agent_id: app.agentId, task_id: cardTask }),
      })
    ).json()) as { send_result: { read_user_id_list: string[] } };
    expect(result.send_result.read_user_id_list).toEqual([GUIDE_ADMIN_USERID]);
    await page.close();
  });
});
