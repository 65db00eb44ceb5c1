/**
 * 订阅预警消息推送至钉钉 against the sandbox's messaging: a subscription sent now and on schedule
 * (M1, the BI clock moved, no sleeps), an alert crossing its threshold with an unbound recipient
 * listed as skipped (M2), the group robot with its signing secret (M3), and refusals reported per
 * recipient (M4).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery, Dispatch } from '../src/db/dispatches.ts';
import { ADMIN, startStack, type Stack } from './helpers/stack.ts';

interface InboxMessage {
  title: string;
  msgtype: string;
  msg: Record<string, Record<string, string>>;
}

describe('订阅与预警 → 钉钉', () => {
  let stack: Stack;
  let analyst: { id: number; userid: string };
  let guestId: number;
  let adminId: number;
  let robot: { webhook: string; secret: string; id: string };

  const inbox = async (userid: string) =>
    (await stack.sandbox<{ messages: InboxMessage[] }>('GET', `/tenants/${stack.corpId}/inbox/${userid}`))
      .messages;
  const byUser = (ds: Delivery[]) => Object.fromEntries(ds.map((d) => [d.recipient, [d.status, d.reason]]));
  const setMetric = (sales: number) =>
    stack.admin
      .postJson('/dashboard/metrics', { sales: String(sales) })
      .then((r) => r.json<{ alertsFired: number; dispatchIds: number[] }>());
  const report = (id: number) =>
    stack.admin
      .get(`/admin/dispatches/${id}`, { accept: 'application/json' })
      .then((r) => r.json<{ dispatch: Dispatch; deliveries: Delivery[] }>());

  beforeAll(async () => {
    stack = await startStack();
    const userid = [...stack.sb.defaultTenant.directory.allUsers()].find(
      (u) => u.userid !== ADMIN.userid && !u.resigned && u.active,
    )!.userid;
    await stack.admin.post('/admin/users', {
      username: 'analyst',
      displayName: '分析师',
      dingtalkUserid: userid,
    });
    await stack.admin.post('/admin/users', { username: 'guest', displayName: '访客', password: 'guest123' });
    const users = (await stack.admin.get('/admin/users', { accept: 'application/json' })).json<{
      users: { id: number; username: string }[];
    }>().users;
    const id = (name: string) => users.find((u) => u.username === name)!.id;
    analyst = { id: id('analyst'), userid };
    guestId = id('guest');
    adminId = id('admin');
    const robots = await stack.sandbox<{ robots: { id: string; webhook: string; secret: string }[] }>(
      'GET',
      `/tenants/${stack.corpId}/robots`,
    );
    robot = robots.robots.find((r) => r.secret)!;
  });
  afterAll(() => stack?.stop());
  beforeEach(() => stack.sandbox('DELETE', `/tenants/${stack.corpId}/faults`));

  it('M1 立即发送 pushes an action card linking back to the BI; the unbound recipient is listed as skipped', async () => {
    const sub = (
      await stack.admin.postJson('/admin/subscriptions', {
        name: '经营概览日报',
        format: 'action_card',
        interval: '',
        recipients: [String(adminId), String(analyst.id), String(guestId)],
      })
    ).json<{ id: number }>();
    const sent = (await stack.admin.postJson(`/admin/subscriptions/${sub.id}/send`, {})).json<{
      dispatch: Dispatch;
      deliveries: Delivery[];
    }>();
    expect(sent.dispatch.status).toBe('sent');
    expect(byUser(sent.deliveries)).toMatchObject({
      系统管理员: ['sent', expect.stringContaining('task_id')],
      分析师: ['sent', expect.stringContaining('task_id')],
      访客: ['skipped', '未绑定钉钉账号'],
    });
    const [message] = (await inbox(ADMIN.userid)).filter((m) => m.title.includes('经营概览日报'));
    expect(message!.msgtype).toBe('action_card');
    const url = message!.msg.action_card!.single_url!;
    expect(url).toMatch(/^dingtalk:\/\/dingtalkclient\/page\/link\?url=.+&pc_slide=false$/);
    const target = new URL(decodeURIComponent(/url=([^&]+)/.exec(url)![1]!));
    expect(target.origin).toBe(stack.bi.url);
    expect(target.pathname).toBe('/dingtalk/mobile');
    expect(message!.msg.action_card!.markdown).toContain('销售额');
    expect((await inbox(analyst.userid)).map((m) => m.title)).toContainEqual(
      expect.stringContaining('经营概览日报'),
    );
  });

  it('M1 a scheduled subscription is sent when the BI clock passes its time, once', async () => {
    await stack.admin.postJson('/admin/subscriptions', {
      name: '每小时快报',
      format: 'markdown',
      interval: '60',
      recipients: [String(adminId)],
    });
    const run = () =>
      stack.admin
        .postJson('/system-backend/jobs/run', {})
        .then((r) => r.json<{ subscriptionsSent: number }>());
    expect((await run()).subscriptionsSent).toBe(0);
    await stack.admin.postJson('/system-backend/clock', { advanceSeconds: '3601' });
    expect((await run()).subscriptionsSent).toBe(1);
    expect((await run()).subscriptionsSent).toBe(0);
    const md = (await inbox(ADMIN.userid)).find((m) => m.title.includes('每小时快报'))!;
    expect(md.msgtype).toBe('markdown');
    expect(md.msg.markdown!.text).toContain('dingtalk://dingtalkclient/page/link?url=');
  });

  it('M2 an alert fires when the metric crosses its threshold, once, and re-arms', async () => {
    await setMetric(1_280_000);
    const created = (
      await stack.admin.postJson('/admin/alerts', {
        name: '销售额跌破百万',
        metric: 'sales',
        operator: '<',
        threshold: '1000000',
        channel: 'work_notice',
        recipients: [String(analyst.id), String(guestId)],
      })
    ).json<{ alert: { id: number }; fired: { alerts: number } }>();
    expect(created.fired.alerts).toBe(0);
    const first = await setMetric(900_000);
    expect(first.alertsFired).toBe(1);
    const r = await report(first.dispatchIds[0]!);
    expect(byUser(r.deliveries)).toEqual({
      分析师: ['sent', expect.stringContaining('task_id')],
      访客: ['skipped', '未绑定钉钉账号'],
    });
    expect((await inbox(analyst.userid)).map((m) => m.title)).toContain('【预警】销售额跌破百万');
    expect((await setMetric(800_000)).alertsFired).toBe(0);
    expect((await setMetric(1_200_000)).alertsFired).toBe(0);
    expect((await setMetric(700_000)).alertsFired).toBe(1);
    await stack.admin.post(`/admin/alerts/${created.alert.id}/delete`);
  });

  it('M3 an alert goes to the group robot, signed with its secret', async () => {
    await stack.admin.post('/admin/integrations/dingtalk/robot', {
      webhook: robot.webhook,
      secret: robot.secret,
      enabled: 'on',
    });
    expect((await stack.admin.get('/admin/integrations/dingtalk')).text).not.toContain(robot.secret);
    await setMetric(1_280_000);
    await stack.admin.postJson('/admin/alerts', {
      name: '订单数过低',
      metric: 'orders',
      operator: '<',
      threshold: '100',
      channel: 'robot',
    });
    const fired = await stack.admin
      .postJson('/dashboard/metrics', { orders: '50' })
      .then((r) => r.json<{ dispatchIds: number[] }>());
    const r = await report(fired.dispatchIds[0]!);
    expect(r.dispatch).toMatchObject({ channel: 'robot', status: 'sent' });
    const chat = await stack.sandbox<{ messages: { title: string; msgtype: string }[] }>(
      'GET',
      `/tenants/${stack.corpId}/robots/${robot.id}/messages`,
    );
    expect(chat.messages.map((m) => m.title)).toContainEqual(expect.stringContaining('订单数过低'));
    await stack.admin.postJson('/dashboard/metrics', { orders: '3421' });
  });

  it('M3 a wrong signing secret is reported with DingTalk’s 310000 text', async () => {
    await stack.admin.post('/admin/integrations/dingtalk/robot', {
      webhook: robot.webhook,
      secret: 'SECthis-is-not-the-secret',
      enabled: 'on',
    });
    const fired = await stack.admin
      .postJson('/dashboard/metrics', { orders: '40' })
      .then((r) => r.json<{ dispatchIds: number[] }>());
    const r = await report(fired.dispatchIds[0]!);
    expect(r.dispatch.status).toBe('failed');
    expect(r.deliveries[0]).toMatchObject({ recipient: '钉钉群机器人', status: 'refused' });
    expect(r.deliveries[0]!.reason).toBe('sign not match（errcode 310000）');
    await stack.admin.postJson('/dashboard/metrics', { orders: '3421' });
  });

  it('M4 a recipient outside the app’s visible range is reported as refused, the others sent', async () => {
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/apps/${stack.app.appKey}`, {
      visibleRange: { deptIds: [], userids: [ADMIN.userid] },
    });
    try {
      const sub = (
        await stack.admin.postJson('/admin/subscriptions', {
          name: '范围测试',
          recipients: [String(adminId), String(analyst.id)],
        })
      ).json<{ id: number }>();
      const r = (await stack.admin.postJson(`/admin/subscriptions/${sub.id}/send`, {})).json<{
        dispatch: Dispatch;
        deliveries: Delivery[];
      }>();
      expect(r.dispatch.status).toBe('partial');
      expect(byUser(r.deliveries)).toEqual({
        系统管理员: ['sent', expect.stringContaining('task_id')],
        分析师: ['refused', expect.stringContaining('forbidden_user_id_list')],
      });
    } finally {
      await stack.sandbox('PATCH', `/tenants/${stack.corpId}/apps/${stack.app.appKey}`, {
        visibleRange: { deptIds: [], userids: [] },
      });
    }
  });

  it('M4 an unchanged subscription sent again the same day: each recipient refused with forbidden_list 143106', async () => {
    const sub = (
      await stack.admin.postJson('/admin/subscriptions', {
        name: '重复内容测试',
        recipients: [String(adminId), String(analyst.id)],
      })
    ).json<{ id: number }>();
    const send = () =>
      stack.admin
        .postJson(`/admin/subscriptions/${sub.id}/send`, {})
        .then((r) => r.json<{ dispatch: Dispatch; deliveries: Delivery[] }>());
    expect((await send()).dispatch.status).toBe('sent');
    // Later the same day, the data unchanged: the same message.
    await stack.admin.postJson('/system-backend/clock', { advanceSeconds: '120' });
    const again = await send();
    expect(again.dispatch.status).toBe('failed');
    const throttled = ['refused', '同一用户当日已收到相同内容的消息（forbidden_list code 143106）'];
    expect(byUser(again.deliveries)).toEqual({ 系统管理员: throttled, 分析师: throttled });
    expect((await inbox(ADMIN.userid)).filter((m) => m.title.includes('重复内容测试'))).toHaveLength(1);
  });

  it('M4 sending without the permission marks every recipient refused with DingTalk’s text', async () => {
    await stack.sandbox('POST', `/tenants/${stack.corpId}/faults`, {
      match: { route: 'oapi.message.corpconversation.asyncsend_v2' },
      action: { type: 'missingScope', scope: 'qyapi_message_corpconversation' },
      times: 1,
    });
    const sub = (
      await stack.admin.postJson('/admin/subscriptions', {
        name: '无权限测试',
        recipients: [String(adminId)],
      })
    ).json<{ id: number }>();
    const r = (await stack.admin.postJson(`/admin/subscriptions/${sub.id}/send`, {})).json<{
      dispatch: Dispatch;
      deliveries: Delivery[];
    }>();
    expect(r.dispatch.status).toBe('failed');
    expect(r.deliveries[0]!.status).toBe('refused');
    expect(r.deliveries[0]!.reason).toContain('{requiredScopes=[qyapi_message_corpconversation]}');
    const page = await stack.admin.get(`/admin/dispatches/${r.dispatch.id}`);
    expect(page.text).toContain('被拒绝');
  });
});
