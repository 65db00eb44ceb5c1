/**
 * JumpServer (jumpserver/jumpserver, the bastion host) against the sandbox, replaying its own requests:
 *
 * - login and binding, apps/authentication/views/dingtalk.py (DingTalkQRMixin.get_qr_url,
 *   DingTalkQRLoginCallbackView / DingTalkQRBindCallbackView) with apps/authentication/views/base.py
 *   (BaseLoginCallbackView.get): the browser goes to login.dingtalk.com/oauth2/auth — the NEW web
 *   login — with client_id, response_type=code, scope=openid, state, redirect_uri, prompt=consent;
 *   the callback reads `code` and hands it to
 * - apps/common/sdk/im/dingtalk/__init__.py (DingTalk, DingTalkRequests): gettoken?appkey=&appsecret=
 *   when the client is built; get_userinfo_bycode — POST /sns/getuserinfo_bycode with
 *   `requests.post(json={"tmp_auth_code": code}, params={timestamp, signature, accessKey})`, the
 *   signature base64(HMAC-SHA256(appsecret, timestamp)) left for requests to URL-encode, no token;
 *   then get_userid_by_unionid (topapi/user/getbyunionid → result.userid) and get_user_detail
 *   (topapi/v2/user/get → result.name, email or org_email);
 * - the same SDK's senders: send_by_template (topapi/message/corpconversation/sendbytemplate with
 *   agent_id as configured — a string —, userid_list / dept_id_list joined with ",", data) and
 *   send_markdown (asyncsend_v2, to_all_user false), then get_send_msg_progress.
 *
 * apps/common/sdk/im/mixin.py (BaseRequest) raises on any errcode ≠ 0 and on HTTP ≠ 200, and
 * apps/common/sdk/im/utils.py (DictWrapper) on a missing field: the assertions below read what it reads.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { location, phone, sidOf } from '../../helpers/login.ts';
import { inbox } from '../../helpers/messaging.ts';
import { makeSandbox, type TestSandbox } from '../../helpers/sandbox.ts';
import { pythonJsonDumps } from './wire-dialects.ts';

/** What python-requests 2.x puts on every request. */
const REQUESTS_HEADERS = {
  'user-agent': 'python-requests/2.31.0',
  'accept-encoding': 'gzip, deflate',
  accept: '*/*',
  connection: 'keep-alive',
};

/** Python's urllib.parse.urlencode (quote_plus: only letters, digits and _.-~ stay as they are). */
function urlencode(params: [string, string][]): string {
  const q = (v: string) =>
    encodeURIComponent(v)
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  return params.map(([k, v]) => `${q(k)}=${q(v)}`).join('&');
}

/** The SDK's DingTalkRequests: requests.get(params=…) / requests.post(params=…, json=…). */
async function call(
  s: TestSandbox,
  path: string,
  req: { params: [string, string][]; json?: unknown },
): Promise<Record<string, unknown>> {
  const url = `${path}?${urlencode(req.params)}`;
  const r =
    req.json === undefined
      ? await s.request('GET', url, { headers: REQUESTS_HEADERS })
      : await s.request('POST', url, {
          body: pythonJsonDumps(req.json),
          headers: { ...REQUESTS_HEADERS, 'content-type': 'application/json' },
        });
  expect(r.statusCode).toBe(200); // check_http_is_200
  return r.json() as Record<string, unknown>;
}

/** DingTalk(appid, appsecret, agentid): the SDK as JumpServer builds it from its settings. */
function jumpserverDingTalk(s: TestSandbox, app = s.main, now = () => s.tenant.clock.now()) {
  const agentid = String(app.agentId); // settings.DINGTALK_AGENTID is a string
  let token = '';
  const withToken = async (path: string, body: unknown) => {
    if (!token) {
      const t = await call(s, '/gettoken', {
        params: [
          ['appkey', app.appKey],
          ['appsecret', app.appSecret],
        ],
      });
      token = t.access_token as string;
    }
    return call(s, path, { params: [['access_token', token]], json: body });
  };
  return {
    /** get_userinfo_bycode: signed, no token; `_add_sign` puts timestamp, signature, accessKey. */
    async getUserinfoBycode(code: string) {
      const timestamp = String(now());
      const signature = createHmac('sha256', app.appSecret).update(timestamp, 'utf8').digest('base64');
      return call(s, '/sns/getuserinfo_bycode', {
        params: [
          ['timestamp', timestamp],
          ['signature', signature],
          ['accessKey', app.appKey],
        ],
        json: { tmp_auth_code: code },
      });
    },
    getUseridByUnionid: (unionid: string) => withToken('/topapi/user/getbyunionid', { unionid }),
    getUserDetail: (userid: string) => withToken('/topapi/v2/user/get', { userid }),
    sendByTemplate: (templateId: string, userIds: string[], deptIds: string[], data: unknown) =>
      withToken('/topapi/message/corpconversation/sendbytemplate', {
        agent_id: agentid,
        template_id: templateId,
        userid_list: userIds.join(','),
        dept_id_list: deptIds.join(','),
        data,
      }),
    sendMarkdown: (userIds: string[], title: string, msg: string) =>
      withToken('/topapi/message/corpconversation/asyncsend_v2', {
        agent_id: agentid,
        userid_list: userIds.join(','),
        to_all_user: false,
        msg: { msgtype: 'markdown', markdown: { title, text: msg } },
      }),
    getSendMsgProgress: (taskId: unknown) =>
      withToken('/topapi/message/corpconversation/getsendprogress', { agent_id: agentid, task_id: taskId }),
  };
}

/** JumpServer's callback: reverse('authentication:dingtalk-qr-login-callback') + ?redirect_url=… */
const CALLBACK = `http://127.0.0.1:3710/core/auth/dingtalk/qr/login/callback/?${urlencode([['redirect_url', '/?']])}`;

/** get_qr_url → login.dingtalk.com/oauth2/auth; the person scans, confirms and agrees; the callback's query. */
async function qrLogin(s: TestSandbox, userid: string, clientId = s.main.appKey): Promise<URL> {
  const state = 'Xq3vTbL9mA0pR7sK'; // random_string(16)
  const auth = await s.request(
    'GET',
    `/oauth2/auth?${urlencode([
      ['client_id', clientId],
      ['response_type', 'code'],
      ['scope', 'openid'],
      ['state', state],
      ['redirect_uri', CALLBACK],
      ['prompt', 'consent'],
    ])}`,
  );
  expect(auth.statusCode).toBe(302);
  const challenge = location(auth);
  const sid = sidOf((await s.request('GET', challenge.pathname + challenge.search)).body);
  await phone(s, sid, 'scan', userid);
  await phone(s, sid, 'confirm');
  const next = await s.request('GET', `/oauth2/continue?sid=${sid}`);
  const landed =
    next.statusCode === 200 // prompt=consent: the consent card, then 同意
      ? await s.request('POST', '/oauth2/consent', {
          body: `sid=${sid}&decision=agree`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      : next;
  const url = location(landed);
  expect(url.origin + url.pathname).toBe('http://127.0.0.1:3710/core/auth/dingtalk/qr/login/callback/');
  expect(url.searchParams.get('redirect_url')).toBe('/?');
  expect(url.searchParams.get('state')).toBe(state); // verify_state
  return url;
}

describe('JumpServer (jumpserver/jumpserver) — DingTalk login, binding and notifications', () => {
  it('L1 QR login: the new login’s code goes to sns/getuserinfo_bycode (signed), then getbyunionid and v2/user/get give the user', async () => {
    const s = makeSandbox();
    const url = await qrLogin(s, 'manager1471');
    const code = url.searchParams.get('code')!; // request.GET.get('code')
    const dingtalk = jumpserverDingTalk(s);
    const info = await dingtalk.getUserinfoBycode(code);
    expect(info.errcode).toBe(0);
    const userInfo = info.user_info as Record<string, unknown>; // data['user_info']
    const user = s.tenant.directory.getUser('manager1471')!;
    expect(userInfo.unionid).toBe(user.unionid);
    const byUnionid = await dingtalk.getUseridByUnionid(userInfo.unionid as string);
    expect(byUnionid).toMatchObject({ errcode: 0, result: { userid: 'manager1471' } }); // data['result']['userid']
    const detail = await dingtalk.getUserDetail('manager1471');
    expect(detail.errcode).toBe(0);
    const result = detail.result as Record<string, unknown>;
    expect(result.name).toBe(user.name); // data.get('name', username)
    expect(typeof (result.email ?? result.org_email ?? '')).toBe('string');
  });

  it('E5 the code works once and only for its app; a signature from a clock a minute off is refused (853002)', async () => {
    const s = makeSandbox();
    const dingtalk = jumpserverDingTalk(s);
    const code = (await qrLogin(s, 'manager1471')).searchParams.get('code')!;
    s.tenant.clock.freeze(true);
    const skewed = jumpserverDingTalk(s, s.main, () => s.tenant.clock.now() - 61_000);
    expect(await skewed.getUserinfoBycode(code)).toMatchObject({
      errcode: 853002,
      errmsg: 'timestamp参数不合法，与钉钉服务器当前时间相差超过1分钟',
    });
    expect(await dingtalk.getUserinfoBycode(code)).toMatchObject({ errcode: 0 }); // not spent by the refusal
    expect(await dingtalk.getUserinfoBycode(code)).toMatchObject({
      errcode: 40078,
      errmsg: '不存在的临时授权码',
    });
    // A second JumpServer configured with another app cannot trade the first one's code.
    const other = (await qrLogin(s, 'manager1471')).searchParams.get('code')!;
    expect(await jumpserverDingTalk(s, s.lacking).getUserinfoBycode(other)).toMatchObject({ errcode: 40078 });
  });

  it('M1 send_by_template and send_markdown reach the person’s work-notification inbox; get_send_msg_progress', async () => {
    const s = makeSandbox();
    const dingtalk = jumpserverDingTalk(s);
    const sent = await dingtalk.sendByTemplate('jms-login-alert', ['manager1471'], [], {
      name: '管理员',
      url: 'https://jumpserver.example/ui/',
    });
    expect(sent).toMatchObject({ errcode: 0, task_id: expect.any(Number) });
    const md = await dingtalk.sendMarkdown(['manager1471'], 'JumpServer', '**登录提醒**：管理员 已登录');
    expect(md).toMatchObject({ errcode: 0, task_id: expect.any(Number) });
    for (const taskId of [sent.task_id, md.task_id]) {
      expect(await dingtalk.getSendMsgProgress(taskId)).toMatchObject({
        errcode: 0,
        progress: { progress_in_percent: 100, status: 2 },
      });
    }
    const messages = await inbox(s, 'manager1471');
    expect(messages.map((m) => m.taskId).sort()).toEqual([sent.task_id, md.task_id].sort());
    const template = messages.find((m) => m.taskId === sent.task_id)!;
    expect(template.title).toBe('消息模板 jms-login-alert');
    expect(template.content.text).toContain('**name**：管理员');
    expect(template.content.text).toContain('**url**：https://jumpserver.example/ui/');
  });
});
