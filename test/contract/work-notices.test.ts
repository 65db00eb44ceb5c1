import { describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { inbox, sendResult, sendWork, WORK } from '../helpers/messaging.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

const markdown = (text = '### 销售日报\n**GMV** 上涨 12%') => ({
  msgtype: 'markdown',
  markdown: { title: '销售日报', text },
});

describe('工作通知 asyncsend_v2 → progress → result (M1)', () => {
  it('M1 sends a markdown subscription to bound recipients; progress and result agree; the inbox shows it', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const users = [...s.tenant.directory.allUsers()].slice(0, 3).map((u) => u.userid);
    const sent = await sendWork(s, token, { userid_list: users.join(','), msg: markdown() });
    expect(sent).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(typeof sent.task_id).toBe('number');
    expect(typeof sent.request_id).toBe('string');

    const progress = await s.topapi(`${WORK}/getsendprogress`, token, {
      agent_id: s.main.agentId,
      task_id: sent.task_id,
    });
    expect(progress).toMatchObject({ errcode: 0, progress: { progress_in_percent: 100, status: 2 } });

    const result = await sendResult(s, token, sent.task_id);
    expect(result).toEqual({
      invalid_user_id_list: [],
      forbidden_user_id_list: [],
      failed_user_id_list: [],
      read_user_id_list: [],
      unread_user_id_list: users,
      invalid_dept_id_list: [],
      forbidden_list: [],
    });
    const [msg] = await inbox(s, users[0]!);
    expect(msg).toMatchObject({
      taskId: sent.task_id,
      source: 'workNotice',
      msgtype: 'markdown',
      title: '销售日报',
      read: false,
    });
    expect(msg!.sender).toMatchObject({ kind: 'app', name: '观远BI', agentId: s.main.agentId });
  });

  it('M1 marking a message read (admin API) moves the user to read_user_id_list', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const sent = await sendWork(s, token, { userid_list: `${GUIDE_ADMIN_USERID}`, msg: markdown() });
    const r = await s.request(
      'POST',
      `/__sandbox/api/tenants/${s.tenant.corpId}/inbox/${GUIDE_ADMIN_USERID}/${String(sent.task_id)}/read`,
    );
    expect(r.json()).toMatchObject({ read: true });
    const result = await sendResult(s, token, sent.task_id);
    expect(result.read_user_id_list).toEqual([GUIDE_ADMIN_USERID]);
    expect(result.unread_user_id_list).toEqual([]);
  });

  it('M1 opening the message page in the console marks it read', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const sent = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: markdown() });
    const page = await s.request(
      'GET',
      `/__sandbox/tenants/${s.tenant.corpId}/inbox/${GUIDE_ADMIN_USERID}/${String(sent.task_id)}`,
    );
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect((await sendResult(s, token, sent.task_id)).read_user_id_list).toEqual([GUIDE_ADMIN_USERID]);
  });

  it('accepts the legacy Java SDK body: every scalar a string and msg a JSON string', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const sent = await s.topapi(`${WORK}/asyncsend_v2`, token, {
      agent_id: String(s.main.agentId),
      userid_list: GUIDE_ADMIN_USERID,
      to_all_user: 'false',
      msg: JSON.stringify(markdown('java sdk')),
    });
    expect(sent.errcode).toBe(0);
    expect((await inbox(s, GUIDE_ADMIN_USERID))[0]!.content).toMatchObject({
      type: 'markdown',
      text: 'java sdk',
    });
  });

  it('accepts a form-encoded body with msg as a JSON string (Python top_request style)', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const form = new URLSearchParams({
      agent_id: String(s.main.agentId),
      userid_list: GUIDE_ADMIN_USERID,
      msg: JSON.stringify({ msgtype: 'text', text: { content: '表单' } }),
    });
    const r = await s.request('POST', `${WORK}/asyncsend_v2?access_token=${token}`, {
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.json()).toMatchObject({ errcode: 0 });
    expect((await inbox(s, GUIDE_ADMIN_USERID))[0]!.content).toEqual({ type: 'text', content: '表单' });
  });

  it('expands dept_id_list to every member of the department and its sub-departments, once each', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const dir = s.tenant.directory;
    const rd = [...dir.allDepartments()].find((d) => d.name === '研发部')!;
    const expected = new Set(dir.descendants(rd.deptId).flatMap((d) => [...dir.membersOf(d)]));
    const nested = [...dir.allDepartments()].find((d) => d.name === '基础架构小组')!;
    expect(dir.ancestors(nested.deptId)).toContain(rd.deptId);
    const sent = await sendWork(s, token, {
      dept_id_list: String(rd.deptId),
      userid_list: [...expected][0],
      msg: markdown(),
    });
    const result = await sendResult(s, token, sent.task_id);
    expect(new Set(result.unread_user_id_list)).toEqual(expected);
    expect(result.unread_user_id_list).toHaveLength(expected.size);
    expect(result.unread_user_id_list).toEqual(expect.arrayContaining([...dir.membersOf(nested.deptId)]));
  });

  it('to_all_user reaches every current member', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const sent = await sendWork(s, token, { to_all_user: true, msg: markdown() });
    const result = await sendResult(s, token, sent.task_id);
    expect(result.unread_user_id_list).toHaveLength(s.tenant.directory.countUsers(false));
  });

  it('M2 lists unknown and resigned users in invalid_user_id_list and unknown departments in invalid_dept_id_list', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const [a, b] = [...s.tenant.directory.allUsers()].slice(1, 3);
    s.tenant.directory.updateUser(b!.userid, { resigned: true });
    const sent = await sendWork(s, token, {
      userid_list: `${a!.userid},nobody,${b!.userid}`,
      dept_id_list: '99999',
      msg: markdown(),
    });
    expect(sent.errcode).toBe(0);
    const result = await sendResult(s, token, sent.task_id);
    expect(result.unread_user_id_list).toEqual([a!.userid]);
    expect(result.invalid_user_id_list).toEqual(['nobody', b!.userid]);
    expect(result.invalid_dept_id_list).toEqual([99999]);
  });
});

describe('工作通知 refusals and M4 (permission, visible range, flow control)', () => {
  it('M4 users outside the app visible range are left out: forbidden_user_id_list, not forbidden_list (U)', async () => {
    const s = makeSandbox();
    const dir = s.tenant.directory;
    const sales = [...dir.allDepartments()].find((d) => d.name === '销售部')!;
    s.main.visibleRange = { deptIds: [sales.deptId], userids: [] };
    const inside = dir.descendants(sales.deptId).flatMap((d) => [...dir.membersOf(d)])[0]!;
    const outside = [...dir.membersOf(1)].find((u) => u !== inside)!;
    const token = await s.tokenFor();
    const sent = await sendWork(s, token, { userid_list: `${inside},${outside}`, msg: markdown() });
    const result = await sendResult(s, token, sent.task_id);
    expect(result.unread_user_id_list).toEqual([inside]);
    expect(result.forbidden_user_id_list).toEqual([outside]);
    expect(result.forbidden_list).toEqual([]);
    expect(await inbox(s, outside)).toEqual([]);
  });

  it('M4 the same content to the same user twice a day is filtered silently: forbidden_list 143106; next day it goes', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const first = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: markdown() });
    const again = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: markdown() });
    expect(again.errcode).toBe(0);
    const result = await sendResult(s, token, again.task_id);
    expect(result.forbidden_user_id_list).toEqual([GUIDE_ADMIN_USERID]);
    expect(result.forbidden_list).toEqual([{ code: '143106', count: 1, userid: GUIDE_ADMIN_USERID }]);
    expect((await inbox(s, GUIDE_ADMIN_USERID)).map((m) => m.taskId)).toEqual([first.task_id]);
    s.tenant.clock.advance(86_400_000);
    const token2 = await s.tokenFor();
    const tomorrow = await sendWork(s, token2, { userid_list: GUIDE_ADMIN_USERID, msg: markdown() });
    expect((await sendResult(s, token2, tomorrow.task_id)).unread_user_id_list).toEqual([GUIDE_ADMIN_USERID]);
  });

  it('M4 past 500 messages a day to one user the app is capped silently: forbidden_list 143105', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const flow = s.tenant.messaging.flow;
    for (let i = 0; i < 500; i++) flow.count(s.main.appKey, GUIDE_ADMIN_USERID, s.tenant.clock.now());
    const sent = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: markdown('第 501 条') });
    const result = await sendResult(s, token, sent.task_id);
    expect(result.forbidden_list).toEqual([{ code: '143105', count: 1, userid: GUIDE_ADMIN_USERID }]);
  });

  it('refuses a missing agent_id with 41011 缺少agentid', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const r = await s.topapi(`${WORK}/asyncsend_v2`, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: markdown(),
    });
    expect(r).toMatchObject({ errcode: 41011, errmsg: '缺少agentid' });
  });

  it("refuses another app's agent_id with 40056 不合法的agentid and says why in the journal", async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const r = await sendWork(s, token, {
      agent_id: s.lacking.agentId,
      userid_list: GUIDE_ADMIN_USERID,
      msg: markdown(),
    });
    expect(r).toMatchObject({ errcode: 40056, errmsg: '不合法的agentid' });
    const entry = s.tenant.journal.query({ outcome: 'refused' }).at(-1)!;
    expect(entry.reason).toContain(`belongs to app "${s.lacking.name}"`);
  });

  it('refuses an agent_id no app has with 40056', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    expect(
      await sendWork(s, token, { agent_id: 123, userid_list: GUIDE_ADMIN_USERID, msg: markdown() }),
    ).toMatchObject({ errcode: 40056 });
  });

  it('refuses an unknown msgtype with 40008 不合法的消息类型', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const r = await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: { msgtype: 'video', video: {} },
    });
    expect(r).toMatchObject({ errcode: 40008, errmsg: '不合法的消息类型' });
  });

  it('refuses a send with no recipients (400002 无效的参数)', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    expect(await sendWork(s, token, { userid_list: '', to_all_user: false, msg: markdown() })).toMatchObject({
      errcode: 400002,
      errmsg: '无效的参数',
    });
  });

  it('refuses msg as a malformed JSON string (400002) and a missing msg (40035 缺少参数 msg)', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    expect(
      await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: '{"msgtype":"text",' }),
    ).toMatchObject({ errcode: 400002 });
    expect(await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID })).toMatchObject({
      errcode: 40035,
      errmsg: '缺少参数 msg',
    });
  });

  it('names a missing field as DingTalk does: 参数 markdown --》 title 缺失 (400402)', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const r = await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: { msgtype: 'markdown', markdown: { text: 'x' } },
    });
    expect(r.errcode).toBe(400402);
    expect(r.errmsg).toMatch(
      /^错误描述:参数 markdown --》 title 缺失，或者参数格式不正确; 解决方案:请填充上对应参数;/,
    );
  });

  it('enforces the documented sizes: action_card title ≤ 64, button title ≤ 20, msg ≤ 2048 bytes (45002)', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const card = (over: Record<string, unknown>) => ({
      msgtype: 'action_card',
      action_card: {
        title: 't',
        markdown: 'm',
        single_title: '查看',
        single_url: 'https://bi.example.com',
        ...over,
      },
    });
    const longTitle = await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: card({ title: '长'.repeat(65) }),
    });
    expect(longTitle.errcode).toBe(400402);
    expect(longTitle.errmsg).toContain('action_card --》 title');
    const longButton = await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: card({ single_title: '按'.repeat(21) }),
    });
    expect(longButton.errmsg).toContain('action_card --》 single_title');
    const big = await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: markdown('字'.repeat(700)),
    });
    expect(big).toMatchObject({ errcode: 45002, errmsg: '消息内容超过限制' });
  });

  it('refuses more than 5000 userids (40032) and more than 500 departments (40066)', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const users = Array.from({ length: 5001 }, (_, i) => `u${i}`).join(',');
    expect(await sendWork(s, token, { userid_list: users, msg: markdown() })).toMatchObject({
      errcode: 40032,
    });
    const depts = Array.from({ length: 501 }, (_, i) => String(i + 1)).join(',');
    expect(await sendWork(s, token, { dept_id_list: depts, msg: markdown() })).toMatchObject({
      errcode: 40066,
    });
  });

  it('answers 400002 for a task of another agent or an unknown task, and for results older than 24 h', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const sent = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: markdown() });
    const other = await s.tokenFor(s.lacking);
    const foreign = await s.topapi(`${WORK}/getsendprogress`, other, {
      agent_id: s.lacking.agentId,
      task_id: sent.task_id,
    });
    expect(foreign).toMatchObject({ errcode: 400002 });
    expect(
      await s.topapi(`${WORK}/getsendprogress`, token, { agent_id: s.main.agentId, task_id: 1 }),
    ).toMatchObject({ errcode: 400002 });
    s.tenant.clock.advance(25 * 3_600_000);
    const fresh = await s.tokenFor();
    expect(
      await s.topapi(`${WORK}/getsendresult`, fresh, { agent_id: s.main.agentId, task_id: sent.task_id }),
    ).toMatchObject({ errcode: 400002 });
  });
});

describe('recall and the OA status bar', () => {
  it('recalls by msg_task_id; the inbox marks it recalled', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const sent = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: markdown() });
    const wrongName = await s.topapi(`${WORK}/recall`, token, {
      agent_id: s.main.agentId,
      task_id: sent.task_id,
    });
    expect(wrongName).toMatchObject({ errcode: 40035, errmsg: '缺少参数 msg_task_id' });
    const r = await s.topapi(`${WORK}/recall`, token, {
      agent_id: s.main.agentId,
      msg_task_id: sent.task_id,
    });
    expect(r).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect((await inbox(s, GUIDE_ADMIN_USERID))[0]).toMatchObject({ recalled: true });
  });

  it('updates the status bar of an OA message, and refuses it for other types', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const oa = {
      msgtype: 'oa',
      oa: {
        message_url: 'https://bi.example.com/alert/1',
        head: { bgcolor: 'FFBBBBBB', text: '预警' },
        status_bar: { status_value: '待处理', status_bg: '0xFFF65E5E' },
        body: {
          title: '库存预警',
          form: [{ key: '指标:', value: '库存' }],
          rich: { num: '15.6', unit: '万' },
        },
      },
    };
    const sent = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: oa });
    const r = await s.topapi(`${WORK}/status_bar/update`, token, {
      agent_id: s.main.agentId,
      task_id: sent.task_id,
      status_value: '已处理',
      status_bg: '0xFF78C06E',
    });
    expect(r).toMatchObject({ errcode: 0 });
    expect((await inbox(s, GUIDE_ADMIN_USERID))[0]!.statusBar).toEqual({ value: '已处理', bg: '0xFF78C06E' });
    const md = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: markdown() });
    const refused = await s.topapi(`${WORK}/status_bar/update`, token, {
      agent_id: s.main.agentId,
      task_id: md.task_id,
      status_value: 'x',
    });
    expect(refused).toMatchObject({ errcode: 400002 });
  });
});
