/**
 * M1–M4, 订阅预警消息推送至钉钉: subscriptions and alerts as work notifications and to a signed group
 * robot. Each test checks the BI's per-recipient report, what DingTalk received (journal) and what
 * people got (their sandbox inbox, the robot's group chat).
 */
import { randomBytes } from 'node:crypto';
import type { AppInfo, InboxMessage } from 'dingtalk-sandbox';
import type { DeliveryRow } from '../../targets/target.ts';
import { expect, sameText, shot, test } from '../../fixtures/index.ts';

const ASYNCSEND = 'oapi.message.corpconversation.asyncsend_v2';
const GETSENDRESULT = 'oapi.message.corpconversation.getsendresult';

interface SendResult {
  invalid_user_id_list: string[];
  forbidden_user_id_list: string[];
  failed_user_id_list: string[];
  read_user_id_list: string[];
  unread_user_id_list: string[];
  forbidden_list: { code: string; userid: string }[];
}

/** getsendprogress and getsendresult of a task, asked with the app's own corp token, as the BI would. */
async function sendOutcome(sandboxUrl: string, app: AppInfo, taskId: number) {
  const q = new URLSearchParams({ appkey: app.appKey, appsecret: app.appSecret });
  const token = ((await (await fetch(`${sandboxUrl}/gettoken?${q}`)).json()) as { access_token: string })
    .access_token;
  const post = async <T>(path: string): Promise<T> => {
    const r = await fetch(`${sandboxUrl}${path}?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agent_id: app.agentId, task_id: taskId }),
    });
    const body = (await r.json()) as T & { errcode: number };
    expect(body.errcode, JSON.stringify(body)).toBe(0);
    return body;
  };
  const { progress } = await post<{ progress: { progress_in_percent: number; status: number } }>(
    '/topapi/message/corpconversation/getsendprogress',
  );
  const { send_result } = await post<{ send_result: SendResult }>(
    '/topapi/message/corpconversation/getsendresult',
  );
  return { progress, result: send_result };
}

/** The page a message link opens: the BI page itself, or inside DingTalk's dingtalk://…/page/link?url=. */
function linkTarget(link: string): URL {
  const url = new URL(link);
  if (url.protocol === 'dingtalk:') return new URL(url.searchParams.get('url') ?? '');
  return url;
}

const byRecipient = (rows: DeliveryRow[]) => Object.fromEntries(rows.map((r) => [r.recipient, r]));

test.describe('subscriptions as work notifications (M1)', () => {
  test('M1 a subscription sent now as an action card reaches each bound recipient, its button opens the BI; getsendprogress and getsendresult agree', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    app,
    journal,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    const rows = await bi.ui.sendSubscriptionNow(page, {
      recipients: [people.admin.displayName, people.analyst.displayName],
      format: 'action_card',
    });
    await shot(page, 'M1-report');
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => [r.recipient, r.status])).toEqual(
      expect.arrayContaining([
        [people.admin.displayName, 'sent'],
        [people.analyst.displayName, 'sent'],
      ]),
    );

    const received: InboxMessage[] = [];
    for (const userid of [people.admin.dingtalkUserid, people.analyst.dingtalkUserid]) {
      const inbox = await sandbox.admin.inbox(tenant.corpId, userid);
      expect(inbox, `${userid}'s inbox`).toHaveLength(1);
      const m = inbox[0]!;
      expect(m).toMatchObject({ source: 'workNotice', msgtype: 'action_card', recalled: false });
      expect(m.sender).toMatchObject({ appKey: app.appKey, agentId: app.agentId });
      const card = (m.msg as { action_card: Record<string, string> }).action_card;
      expect(card.markdown).toContain('销售额');
      expect(linkTarget(card.single_url!).origin).toBe(new URL(bi.baseUrl).origin);
      received.push(m);
    }
    // One task for both, whose progress and result the BI read before reporting.
    const taskId = received[0]!.taskId;
    expect(received[1]!.taskId).toBe(taskId);
    expect(await journal.entries({ route: ASYNCSEND, outcome: 'ok' })).toHaveLength(1);
    expect((await journal.entries({ route: GETSENDRESULT, outcome: 'ok' })).length).toBeGreaterThan(0);

    // The administrator reads it on the phone; DingTalk's result says so.
    await sandbox.admin.markRead(tenant.corpId, people.admin.dingtalkUserid, received[0]!.messageId);
    const { progress, result } = await sendOutcome(sandbox.url, app, taskId);
    expect(progress).toEqual({ progress_in_percent: 100, status: 2 });
    expect(result).toMatchObject({
      read_user_id_list: [people.admin.dingtalkUserid],
      unread_user_id_list: [people.analyst.dingtalkUserid],
      invalid_user_id_list: [],
      forbidden_user_id_list: [],
      failed_user_id_list: [],
      forbidden_list: [],
    });
  });

  test('M1 a subscription sent now as markdown carries a link back to the BI', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    app,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    const rows = await bi.ui.sendSubscriptionNow(page, {
      recipients: [people.admin.displayName, people.analyst.displayName],
      format: 'markdown',
    });
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    for (const userid of [people.admin.dingtalkUserid, people.analyst.dingtalkUserid]) {
      const [m, ...more] = await sandbox.admin.inbox(tenant.corpId, userid);
      expect(more).toHaveLength(0);
      expect(m).toMatchObject({ source: 'workNotice', msgtype: 'markdown' });
      const { text } = (m!.msg as { markdown: { title: string; text: string } }).markdown;
      expect(text).toContain('销售额');
      const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((x) => linkTarget(x[1]!));
      expect(links.map((l) => l.origin)).toContain(new URL(bi.baseUrl).origin);
      const { result } = await sendOutcome(sandbox.url, app, m!.taskId);
      expect(result.unread_user_id_list).toEqual(
        expect.arrayContaining([people.admin.dingtalkUserid, people.analyst.dingtalkUserid]),
      );
    }
  });

  test('M1 a scheduled subscription is sent when the BI’s clock passes its time, and only once', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    const name = '每小时经营快报';
    await bi.ui.scheduleSubscription(page, {
      name,
      recipients: [people.admin.displayName],
      format: 'markdown',
      every: 'hour',
    });
    const inbox = () => sandbox.admin.inbox(tenant.corpId, people.admin.dingtalkUserid);
    expect(await bi.ui.runScheduledJobs(page, 0)).toEqual([]);
    expect(await inbox()).toHaveLength(0);

    const reports = await bi.ui.runScheduledJobs(page, 3601);
    await shot(page, 'M1-scheduled');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toEqual([
      expect.objectContaining({ recipient: people.admin.displayName, status: 'sent' }),
    ]);
    const [m, ...more] = await inbox();
    expect(more).toHaveLength(0);
    expect((m!.msg as { markdown: { title: string } }).markdown.title).toContain(name);

    expect(await bi.ui.runScheduledJobs(page, 0)).toEqual([]);
    expect(await inbox()).toHaveLength(1);
  });
});

test.describe('alerts (M2, M3)', () => {
  test('M2 an alert on 销售额 fires when the metric crosses its threshold; the unbound guest is listed as skipped, the bound one sent', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    journal,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    const rows = await bi.ui.fireAlert(page, {
      recipients: [people.admin.displayName, people.guest.displayName],
      channel: 'work_notice',
      metricValue: 2_000_000,
    });
    await shot(page, 'M2-report');
    expect(rows).toHaveLength(2);
    const report = byRecipient(rows);
    expect(report[people.admin.displayName]).toMatchObject({ status: 'sent' });
    expect(report[people.guest.displayName]).toMatchObject({ status: 'skipped' });
    expect(report[people.guest.displayName]!.reason).toMatch(/钉钉/);

    const [m, ...more] = await sandbox.admin.inbox(tenant.corpId, people.admin.dingtalkUserid);
    expect(more).toHaveLength(0);
    expect(m).toMatchObject({ source: 'workNotice' });
    expect(JSON.stringify(m!.msg)).toContain('销售额');
    expect(JSON.stringify(m!.msg)).toMatch(/2,000,000|2000000/);
    // One send, to the bound recipient only.
    expect(await journal.entries({ route: ASYNCSEND, outcome: 'ok' })).toHaveLength(1);
  });

  test('M3 an alert to the group robot is signed with its secret and lands in the group', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    journal,
  }) => {
    const robot = (await sandbox.admin.robots(tenant.corpId)).find((r) => r.secret)!;
    expect(robot.webhook.slice(0, sandbox.url.length)).toBe(sandbox.url);
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    await bi.ui.setGroupRobot(page, robot.webhook, robot.secret);
    const rows = await bi.ui.fireAlert(page, { recipients: [], channel: 'robot', metricValue: 2_000_000 });
    await shot(page, 'M3-report');
    expect(rows).toEqual([expect.objectContaining({ status: 'sent' })]);

    const chat = (await sandbox.admin.robotMessages(tenant.corpId, robot.id)).filter((m) =>
      JSON.stringify(m.msg).includes('销售额'),
    );
    expect(chat).toHaveLength(1);
    const links = [...JSON.stringify(chat[0]!.msg).matchAll(/"(?:singleURL|messageUrl)":"([^"]+)"/g)];
    expect(links.map((l) => linkTarget(l[1]!).origin)).toContain(new URL(bi.baseUrl).origin);
    const sent = await journal.entries({ route: 'oapi.robot.send' });
    expect(sent.map((e) => e.outcome)).toEqual(['ok']);
    expect(sent[0]!.path).toMatch(/^\/robot\/send\?/);
  });

  test('M3 a wrong signing secret: the BI reports DingTalk’s 310000 sign not match, nothing reaches the group', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    journal,
  }) => {
    const robot = (await sandbox.admin.robots(tenant.corpId)).find((r) => r.secret)!;
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    await bi.ui.setGroupRobot(page, robot.webhook, `SEC${randomBytes(32).toString('hex')}`);
    const rows = await bi.ui.fireAlert(page, { recipients: [], channel: 'robot', metricValue: 2_000_000 });
    await shot(page, 'M3-sign-not-match');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('refused');
    expect(rows[0]!.reason).toContain('310000');
    expect(rows[0]!.reason).toContain('sign not match');
    expect(await sandbox.admin.robotMessages(tenant.corpId, robot.id)).toHaveLength(0);
    const refused = await journal.entries({ route: 'oapi.robot.send', outcome: 'refused' });
    expect(refused.map((e) => e.code)).toEqual(['310000']);
  });

  test('M3 a stale timestamp (DingTalk’s clock an hour ahead of the BI’s signature): 310000 invalid timestamp', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    clock,
    journal,
  }) => {
    const robot = (await sandbox.admin.robots(tenant.corpId)).find((r) => r.secret)!;
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    await bi.ui.setGroupRobot(page, robot.webhook, robot.secret);
    await clock.advance(3700);
    const rows = await bi.ui.fireAlert(page, { recipients: [], channel: 'robot', metricValue: 2_000_000 });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('refused');
    expect(rows[0]!.reason).toContain('310000');
    expect(rows[0]!.reason).toContain('invalid timestamp');
    expect(await sandbox.admin.robotMessages(tenant.corpId, robot.id)).toHaveLength(0);
    const refused = await journal.entries({ route: 'oapi.robot.send', outcome: 'refused' });
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatch(/timestamp/);
  });
});

test.describe('refusals reported per recipient (M4)', () => {
  test('M4 a recipient outside the app’s visible range is reported as not sent, the other one sent', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    app,
  }) => {
    await sandbox.admin.updateApp(tenant.corpId, app.appKey, {
      visibleRange: { deptIds: [], userids: [people.admin.dingtalkUserid] },
    });
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    const rows = await bi.ui.sendSubscriptionNow(page, {
      recipients: [people.admin.displayName, people.analyst.displayName],
      format: 'action_card',
    });
    await shot(page, 'M4-visible-range');
    const report = byRecipient(rows);
    expect(report[people.admin.displayName]).toMatchObject({ status: 'sent' });
    expect(report[people.analyst.displayName]).toMatchObject({ status: 'refused' });
    expect(report[people.analyst.displayName]!.reason).toMatch(/可见范围|forbidden_user_id_list/);

    expect(await sandbox.admin.inbox(tenant.corpId, people.analyst.dingtalkUserid)).toHaveLength(0);
    const [m] = await sandbox.admin.inbox(tenant.corpId, people.admin.dingtalkUserid);
    const { result } = await sendOutcome(sandbox.url, app, m!.taskId);
    expect(result.forbidden_user_id_list).toEqual([people.analyst.dingtalkUserid]);
  });

  test('M4 the same content twice the same day: the second send is throttled (forbidden_list 143106) and the BI names each recipient', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    journal,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    const send = () =>
      bi.ui.sendSubscriptionNow(page, {
        name: '经营概览日报',
        recipients: [people.admin.displayName, people.analyst.displayName],
        format: 'action_card',
      });
    expect((await send()).map((r) => r.status)).toEqual(['sent', 'sent']);
    // Later the same day, the data unchanged.
    await bi.ui.runScheduledJobs(page, 120);
    const again = await send();
    await shot(page, 'M4-throttled');
    expect(again).toHaveLength(2);
    for (const name of [people.admin.displayName, people.analyst.displayName]) {
      const row = byRecipient(again)[name]!;
      expect(row.status).toBe('refused');
      expect(row.reason).toContain('143106');
    }
    // DingTalk accepted both calls (throttling is silent); each person got the message once.
    expect(await journal.entries({ route: ASYNCSEND, outcome: 'ok' })).toHaveLength(2);
    for (const userid of [people.admin.dingtalkUserid, people.analyst.dingtalkUserid])
      expect(await sandbox.admin.inbox(tenant.corpId, userid)).toHaveLength(1);
  });

  test('M4 with qyapi_base revoked in 权限管理, the send is refused; every recipient is marked with DingTalk’s text and the scope', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    app,
    journal,
  }) => {
    // Work notifications need qyapi_base (调用企业API基础权限, 默认开通): revoking it is how an admin
    // reproduces a send without permission.
    await sandbox.admin.revokeScope(tenant.corpId, app.appKey, 'qyapi_base');
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    const rows = await bi.ui.sendSubscriptionNow(page, {
      recipients: [people.admin.displayName, people.analyst.displayName, people.guest.displayName],
      format: 'markdown',
    });
    await shot(page, 'M4-no-permission');
    const report = byRecipient(rows);
    for (const name of [people.admin.displayName, people.analyst.displayName]) {
      expect(report[name]!.status).toBe('refused');
      expect(sameText(report[name]!.reason)).toContain(
        sameText(
          '没有调用该接口的权限,接口权限申请参考:https://open.dingtalk.com/document/orgapp-server/add-api-permission, {requiredScopes=[qyapi_base]}',
        ),
      );
    }
    expect(report[people.guest.displayName]!.status).toBe('skipped');
    expect(await sandbox.admin.inbox(tenant.corpId, people.admin.dingtalkUserid)).toHaveLength(0);
    expect(await journal.entries({ route: ASYNCSEND, outcome: 'refused' })).toHaveLength(1);
  });
});
