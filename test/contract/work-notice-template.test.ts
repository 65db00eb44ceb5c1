/**
 * 使用模板发送工作通知消息 — POST /topapi/message/corpconversation/sendbytemplate: the answer's shape,
 * the message in each recipient's inbox (as asyncsend_v2's), and every refusal in the topapi envelope.
 */
import { describe, expect, it } from 'vitest';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';
import { inbox, sendResult, WORK } from '../helpers/messaging.ts';

const ADMIN = 'manager1471';

function byTemplate(s: TestSandbox, token: string, body: Record<string, unknown>) {
  return s.topapi(`${WORK}/sendbytemplate`, token, {
    agent_id: s.main.agentId,
    template_id: 'e27a9eed42b34a14a2',
    ...body,
  });
}

describe('sendbytemplate (使用模板发送工作通知消息)', () => {
  it('M1 answers errcode 0 with a numeric task_id, and the message lands in the inbox with the data', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const r = await byTemplate(s, token, {
      userid_list: ADMIN,
      data: { name: '淘宝 6', name2: 'http://www.taobao.com' },
    });
    expect(r).toEqual({
      errcode: 0,
      errmsg: 'ok',
      task_id: expect.any(Number),
      request_id: expect.any(String),
    });
    const [m] = await inbox(s, ADMIN);
    expect(m).toMatchObject({
      taskId: r.task_id,
      source: 'workNotice',
      title: '消息模板 e27a9eed42b34a14a2',
    });
    expect(m!.content).toMatchObject({ type: 'markdown' });
    expect(m!.content.text).toContain('**name**：淘宝 6');
    expect(m!.content.text).toContain('**name2**：http://www.taobao.com');
    expect((await sendResult(s, token, r.task_id)).unread_user_id_list).toEqual([ADMIN]);
    const progress = await s.topapi(`${WORK}/getsendprogress`, token, {
      agent_id: s.main.agentId,
      task_id: r.task_id,
    });
    expect(progress).toMatchObject({ errcode: 0, progress: { progress_in_percent: 100, status: 2 } });
  });

  it('M1 takes the form-encoded call of the doc’s sample: data as a JSON string, dept_id_list reaching a department', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const dir = s.tenant.directory;
    const dept = [...dir.allDepartments()].find(
      (d) => d.deptId !== 1 && [...dir.membersOf(d.deptId)].length > 0,
    )!;
    const member = [...dir.membersOf(dept.deptId)][0]!;
    const form = new URLSearchParams({
      agent_id: String(s.main.agentId),
      template_id: 'tpl-1',
      dept_id_list: String(dept.deptId),
      data: JSON.stringify({ 名字: '张三' }),
    });
    const r = await s.request('POST', `${WORK}/sendbytemplate?access_token=${token}`, {
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    });
    expect(r.json()).toMatchObject({ errcode: 0, task_id: expect.any(Number) });
    expect((await inbox(s, member))[0]!.content.text).toContain('**名字**：张三');
  });

  it('M4 the same template and data to the same person twice a day is filtered silently: forbidden_list 143106', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    await byTemplate(s, token, { userid_list: ADMIN, data: { a: '1' } });
    const again = await byTemplate(s, token, { userid_list: ADMIN, data: { a: '1' } });
    expect(again.errcode).toBe(0);
    expect((await sendResult(s, token, again.task_id)).forbidden_list).toEqual([
      { code: '143106', count: 1, userid: ADMIN },
    ]);
  });

  it('M4 without qyapi_base the call is refused with 88 / 60011 and the point', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    s.main.scopes = s.main.scopes.filter((p) => p !== 'qyapi_base');
    const r = await byTemplate(s, token, { userid_list: ADMIN });
    expect(r).toMatchObject({ errcode: 88, sub_code: '60011' });
    expect(r.sub_msg).toContain('{requiredScopes=[qyapi_base]}');
    expect(await inbox(s, ADMIN)).toEqual([]);
  });

  it('refuses what DingTalk refuses, each in the topapi envelope and with nothing delivered', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        { agent_id: undefined, userid_list: ADMIN },
        { errcode: 41011, errmsg: '缺少agentid' },
      ],
      [
        { agent_id: s.lacking.agentId, userid_list: ADMIN },
        { errcode: 40056, errmsg: '不合法的agentid' },
      ],
      [
        { template_id: undefined, userid_list: ADMIN },
        { errcode: 40035, errmsg: '缺少参数 template_id' },
      ],
      [
        { template_id: 42, userid_list: ADMIN },
        { errcode: 40035, errmsg: '缺少参数 template_id' },
      ],
      [
        { userid_list: '', dept_id_list: '' },
        { errcode: 400002, errmsg: '无效的参数' },
      ],
      [{ dept_id_list: 'sales' }, { errcode: 400002, errmsg: '无效的参数' }],
      [
        { userid_list: Array.from({ length: 5001 }, (_, i) => `u${i}`).join(',') },
        { errcode: 40032, errmsg: '不合法的UserID列表长度' },
      ],
      [
        { dept_id_list: Array.from({ length: 501 }, (_, i) => i + 1).join(',') },
        { errcode: 40066, errmsg: '不合法的部门列表' },
      ],
      [
        { userid_list: ADMIN, data: '{not json' },
        { errcode: 400002, errmsg: '无效的参数' },
      ],
      [
        { userid_list: ADMIN, data: ['a'] },
        { errcode: 400002, errmsg: '无效的参数' },
      ],
      [
        { userid_list: ADMIN, data: { a: { b: 'c' } } },
        { errcode: 400002, errmsg: '无效的参数' },
      ],
    ];
    for (const [body, expected] of cases) {
      const r = await byTemplate(s, token, body);
      expect(r, JSON.stringify(body).slice(0, 80)).toMatchObject(expected);
      expect(r.request_id).toEqual(expect.any(String));
    }
    expect(await inbox(s, ADMIN)).toEqual([]);
  });

  it('answers a body that is not JSON, and a missing token, in the envelope (no 5xx)', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const bad = await s.request('POST', `${WORK}/sendbytemplate?access_token=${token}`, {
      body: '{"agent_id":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ errcode: 400002 });
    const none = await s.request('POST', `${WORK}/sendbytemplate`, { json: {} });
    expect(none.statusCode).toBe(200);
    expect(none.json()).toMatchObject({ errcode: 88, sub_code: '40000', sub_msg: 'access_token is blank' });
  });
});
