/**
 * ferry (lanyulei/ferry, the ticket system) against the sandbox, replaying its DingTalk notifier,
 * pkg/notify/dingtalk/dingtalk.go — SendDingMsg(): GetAccessToken() is `http.Get` of
 * gettoken?appkey=&appsecret=; for each phone of the ticket's handlers GetDingUidByMobile() does
 * `http.Post(getbymobile?access_token=…, "application/json", json.Marshal(GetUserByMobileReq{Mobile}))`
 * and keeps result.userid when errcode is 0 ("" otherwise); then SendFlowMsg() posts asyncsend_v2
 * with {"agent_id": int64, "userid_list": "a,b", "msg": {"msgtype": "markdown", "markdown": {…}}},
 * marshalled by Go's encoding/json — which writes `&` as \u0026 (the text has &nbsp;).
 */
import { describe, expect, it } from 'vitest';
import { makeSandbox, type TestSandbox } from '../../helpers/sandbox.ts';
import { inbox } from '../../helpers/messaging.ts';

/** Go's json.Marshal: compact, and <, >, & written as \u003c, \u003e, \u0026 (HTML-safe). */
function goJsonMarshal(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const GO = { 'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'gzip' };

function ferryApp(s: TestSandbox) {
  return s.tenant.addApp({ name: 'ferry 工单', scopes: ['qyapi_base', 'qyapi_get_member_by_mobile'] });
}

async function getAccessToken(s: TestSandbox, app: { appKey: string; appSecret: string }): Promise<string> {
  const r = await s.request('GET', `/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`, {
    headers: GO,
  });
  const token = r.json() as { errcode: number; access_token: string };
  expect(token.errcode).toBe(0);
  return token.access_token;
}

/** GetDingUidByMobile(): the userid, or "" when errcode is not 0 or result is missing. */
async function getDingUidByMobile(s: TestSandbox, token: string, mobile: string): Promise<string> {
  const r = await s.request('POST', `/topapi/v2/user/getbymobile?access_token=${token}`, {
    headers: { ...GO, 'content-type': 'application/json' },
    body: goJsonMarshal({ mobile }),
  });
  const body = r.json() as { errcode: number; request_id: string; result?: { userid: string } };
  expect(typeof body.request_id).toBe('string');
  if (body.errcode !== 0) return '';
  return body.result?.userid ?? '';
}

describe('ferry (lanyulei/ferry pkg/notify/dingtalk/dingtalk.go) — handlers’ phones to userids, then a work notice', () => {
  it('SendDingMsg: phones become userids (an unknown phone is skipped) and the markdown notice reaches them', async () => {
    const s = makeSandbox();
    const app = ferryApp(s);
    const token = await getAccessToken(s, app);
    const [a, b] = [...s.tenant.directory.allUsers()].slice(1, 3);
    const phones = [a!.mobile, '13000000000', b!.mobile];
    const uids: string[] = [];
    for (const phone of phones) {
      const userId = await getDingUidByMobile(s, token, phone);
      if (userId !== '') uids.push(userId);
    }
    expect(uids).toEqual([a!.userid, b!.userid]);

    const content = {
      agent_id: app.agentId,
      userid_list: uids.join(','),
      msg: {
        msgtype: 'markdown',
        markdown: {
          title: '新工单提醒',
          text: '# 你有一个待办工单需要处理： \n  **标题&nbsp;&nbsp;：** 数据库申请  \n  [去处理](http://ferry.example/process?id=7)',
        },
      },
    };
    const r = await s.request('POST', `/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`, {
      headers: { ...GO, 'content-type': 'application/json' },
      body: goJsonMarshal(content),
    });
    const sent = r.json() as { errcode: number; task_id: number; request_id: string };
    expect(sent.errcode).toBe(0);
    expect(sent.task_id).toBeGreaterThan(0);
    // Go's \u0026 came through as &: the notice holds the text ferry wrote.
    const got = await inbox(s, a!.userid);
    expect(JSON.stringify(got)).toContain('标题&nbsp;&nbsp;');
  });

  it('a leaver’s phone and an app without qyapi_get_member_by_mobile give ferry "" (errcode 60121, 88/60011), so nobody is notified', async () => {
    const s = makeSandbox();
    const app = ferryApp(s);
    const leaver = [...s.tenant.directory.allUsers()][4]!;
    s.tenant.directory.updateUser(leaver.userid, { resigned: true });
    expect(await getDingUidByMobile(s, await getAccessToken(s, app), leaver.mobile)).toBe('');
    const r = await s.request('POST', `/topapi/v2/user/getbymobile?access_token=${await s.tokenFor()}`, {
      headers: { 'content-type': 'application/json' },
      body: goJsonMarshal({ mobile: leaver.mobile }),
    });
    expect(r.json()).toMatchObject({ errcode: 88, sub_code: '60011' });
  });
});
