/**
 * Every refusal the sandbox decides reads in Chinese first: the journal's `reasonZh` is the thrower's
 * own Chinese (not the `钉钉错误：<DingTalk's message>` fallback), with the English `reason` kept.
 * Walks the refusals of every DingTalk host (oapi, api, login, robot webhook) and of the client
 * bridge, one request each, plus the admin API's fault-rule answers (`explanationZh`).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../mock-server/src/domain/journal/journal.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const CJK = /[\u4e00-\u9fff]/;

/** The refused entries `act` added to the tenant's journal and the unattributed one. */
async function refusalsOf(s: TestSandbox, act: () => Promise<unknown>): Promise<JournalEntry[]> {
  const before = [s.tenant.journal.query().length, s.sandbox.unattributed.query().length] as const;
  await act();
  return [
    ...s.tenant.journal.query().slice(before[0]),
    ...s.sandbox.unattributed.query().slice(before[1]),
  ].filter((e) => e.outcome !== 'ok');
}

type Case = [title: string, en: string | RegExp, act: (s: TestSandbox, t: Tokens) => Promise<unknown>];
interface Tokens {
  corp: string;
  user: string;
}

const snsSign = (secret: string, ts: string) =>
  createHmac('sha256', secret).update(ts, 'utf8').digest('base64');

const userTokenGrant = (s: TestSandbox, extra: Record<string, unknown>, secret = s.main.appSecret) =>
  s.request('POST', '/v1.0/oauth2/userAccessToken', {
    json: { clientId: s.main.appKey, clientSecret: secret, ...extra },
  });

const apiGet = (s: TestSandbox, path: string, token: string) =>
  s.request('GET', path, { headers: { 'x-acs-dingtalk-access-token': token } });
const apiPost = (s: TestSandbox, path: string, token: string, json: unknown) =>
  s.request('POST', path, { headers: { 'x-acs-dingtalk-access-token': token }, json });

const send = (s: TestSandbox, t: Tokens, body: Record<string, unknown>) =>
  s.topapi('/topapi/message/corpconversation/asyncsend_v2', t.corp, body);
const text = { msgtype: 'text', text: { content: '日报' } };
const webhook = (s: TestSandbox, token: string, json: unknown, query = '') =>
  s.request('POST', `/robot/send?access_token=${token}${query}`, { json });
const robots = (s: TestSandbox) => s.tenant.messaging.robots.listRobots();

const CASES: Case[] = [
  // tokens and the user-token grants
  [
    'gettoken, unknown AppKey',
    'no app has the AppKey',
    (s) => s.request('GET', '/gettoken?appkey=nope&appsecret=x'),
  ],
  [
    'accessToken, unknown Client ID',
    'no app has the Client ID',
    (s) => s.request('POST', '/v1.0/oauth2/accessToken', { json: { appKey: 'nope', appSecret: 'x' } }),
  ],
  [
    'accessToken, wrong secret',
    'the appSecret does not match',
    (s) => s.request('POST', '/v1.0/oauth2/accessToken', { json: { appKey: s.main.appKey, appSecret: 'x' } }),
  ],
  [
    'corp token, unknown corp',
    'no corp has the corpId',
    (s) =>
      s.request('POST', '/v1.0/oauth2/dingnocorp/token', {
        json: { client_id: s.main.appKey, client_secret: 'x', grant_type: 'client_credentials' },
      }),
  ],
  [
    'corp token, wrong grant_type',
    'grant_type must be client_credentials',
    (s) =>
      s.request('POST', `/v1.0/oauth2/${s.tenant.corpId}/token`, {
        json: { client_id: s.main.appKey, client_secret: s.main.appSecret, grant_type: 'password' },
      }),
  ],
  [
    'corp token, unknown client_id',
    'has no app with client_id',
    (s) =>
      s.request('POST', `/v1.0/oauth2/${s.tenant.corpId}/token`, {
        json: { client_id: 'nope', client_secret: 'x', grant_type: 'client_credentials' },
      }),
  ],
  [
    'corp token, wrong client_secret',
    'the client_secret does not match',
    (s) =>
      s.request('POST', `/v1.0/oauth2/${s.tenant.corpId}/token`, {
        json: { client_id: s.main.appKey, client_secret: 'x', grant_type: 'client_credentials' },
      }),
  ],
  [
    'userAccessToken, unknown Client ID',
    'no app has the Client ID',
    (s) =>
      s.request('POST', '/v1.0/oauth2/userAccessToken', {
        json: { clientId: 'nope', clientSecret: 'x', grantType: 'authorization_code', code: 'c' },
      }),
  ],
  [
    'userAccessToken, wrong secret',
    'the clientSecret does not match',
    (s) => userTokenGrant(s, { grantType: 'authorization_code', code: 'c' }, 'x'),
  ],
  ['userAccessToken, no code', 'needs "code"', (s) => userTokenGrant(s, { grantType: 'authorization_code' })],
  [
    'userAccessToken, invented code (E5)',
    'was never issued',
    (s) => userTokenGrant(s, { grantType: 'authorization_code', code: 'invented' }),
  ],
  [
    'userAccessToken, no refreshToken',
    'needs "refreshToken"',
    (s) => userTokenGrant(s, { grantType: 'refresh_token' }),
  ],
  [
    'userAccessToken, invented refresh token',
    'refresh token',
    (s) => userTokenGrant(s, { grantType: 'refresh_token', refreshToken: 'invented' }),
  ],
  [
    'users/me, another unionId',
    'is not the token\u2019s own user'.replace('\u2019', "'"),
    (s, t) => apiGet(s, '/v1.0/contact/users/someone-else', t.user),
  ],
  // request shape
  [
    'a required parameter missing',
    'required parameter "userid"',
    (s, t) => s.topapi('/topapi/v2/user/get', t.corp, {}),
  ],
  [
    'a parameter of the wrong type',
    'parameter "dept_id" is invalid',
    (s, t) => s.topapi('/topapi/v2/department/get', t.corp, { dept_id: 'abc' }),
  ],
  [
    'an unparseable JSON body',
    'could not be parsed',
    (s, t) =>
      s.request('POST', `/topapi/v2/user/get?access_token=${t.corp}`, {
        body: '{"userid":',
        headers: { 'content-type': 'application/json' },
      }),
  ],
  [
    'the caller outside the server IP list',
    'is not in the server IP allow-list',
    async (s, t) => {
      s.main.ipAllowList = ['10.9.9.9'];
      await s.topapi('/topapi/v2/user/get', t.corp, { userid: 'manager1471' });
    },
  ],
  // directory
  [
    'v2/user/get, no such user (X4)',
    'no user with userid',
    (s, t) => s.topapi('/topapi/v2/user/get', t.corp, { userid: 'nobody' }),
  ],
  [
    'getbyunionid, no such unionid',
    'no user with unionid',
    (s, t) => s.topapi('/topapi/user/getbyunionid', t.corp, { unionid: 'nobody' }),
  ],
  [
    'v2/department/get, no such department',
    'no department with dept_id',
    (s, t) => s.topapi('/topapi/v2/department/get', t.corp, { dept_id: 987654 }),
  ],
  [
    'user/listsimple, no such department',
    'no department with dept_id',
    (s, t) => s.topapi('/topapi/user/listsimple', t.corp, { dept_id: 987654, cursor: 0, size: 10 }),
  ],
  // work notifications
  [
    'asyncsend_v2 without agent_id',
    'agent_id is missing',
    (s, t) => send(s, t, { userid_list: 'manager1471', msg: text }),
  ],
  [
    'asyncsend_v2, agent_id not a number',
    'is not a number',
    (s, t) => send(s, t, { agent_id: 'abc', userid_list: 'manager1471', msg: text }),
  ],
  [
    'asyncsend_v2, another app\u2019s agent_id',
    'belongs to app',
    (s, t) => send(s, t, { agent_id: s.lacking.agentId, userid_list: 'manager1471', msg: text }),
  ],
  [
    'asyncsend_v2, no msg',
    'msg is missing',
    (s, t) => send(s, t, { agent_id: s.main.agentId, userid_list: 'manager1471' }),
  ],
  [
    'asyncsend_v2, msg not JSON',
    'msg is a string but not JSON',
    (s, t) => send(s, t, { agent_id: s.main.agentId, userid_list: 'manager1471', msg: '{oops' }),
  ],
  [
    'asyncsend_v2, no msgtype',
    'msg.msgtype is missing',
    (s, t) => send(s, t, { agent_id: s.main.agentId, userid_list: 'manager1471', msg: { text: {} } }),
  ],
  [
    'asyncsend_v2, unknown msgtype',
    'is not a work-notification type',
    (s, t) => send(s, t, { agent_id: s.main.agentId, userid_list: 'manager1471', msg: { msgtype: 'video' } }),
  ],
  [
    'asyncsend_v2, text without content',
    'text.content is missing',
    (s, t) =>
      send(s, t, {
        agent_id: s.main.agentId,
        userid_list: 'manager1471',
        msg: { msgtype: 'text', text: {} },
      }),
  ],
  [
    'asyncsend_v2, no recipients',
    'none of userid_list',
    (s, t) => send(s, t, { agent_id: s.main.agentId, msg: text }),
  ],
  [
    'asyncsend_v2, a bad dept id',
    'not a department id',
    (s, t) => send(s, t, { agent_id: s.main.agentId, dept_id_list: 'abc', msg: text }),
  ],
  [
    'getsendprogress, no such task',
    'no work-notification task',
    (s, t) =>
      s.topapi('/topapi/message/corpconversation/getsendprogress', t.corp, {
        agent_id: s.main.agentId,
        task_id: 42,
      }),
  ],
  // custom robot webhook
  [
    'robot webhook without access_token',
    'has no access_token',
    (s) => s.request('POST', '/robot/send', { json: { msgtype: 'text', text: { content: '预警' } } }),
  ],
  [
    'robot webhook, unknown access_token',
    'no robot has this access_token',
    (s) => webhook(s, 'nope', { msgtype: 'text', text: { content: '预警' } }),
  ],
  [
    'robot webhook, not a JSON body',
    'must be a JSON object body',
    (s) =>
      s.request('POST', `/robot/send?access_token=${robots(s)[1]!.accessToken}`, {
        body: 'hello',
        headers: { 'content-type': 'text/plain' },
      }),
  ],
  [
    'robot webhook, signed robot without timestamp',
    'has no timestamp',
    (s) => webhook(s, robots(s)[0]!.accessToken, { msgtype: 'text', text: { content: '预警' } }),
  ],
  [
    'robot webhook, wrong sign',
    'sign does not match',
    (s) =>
      webhook(
        s,
        robots(s)[0]!.accessToken,
        { msgtype: 'text', text: { content: '预警' } },
        `&timestamp=${s.tenant.clock.now()}&sign=bad`,
      ),
  ],
  [
    'robot webhook, no keyword',
    'contains none of robot',
    (s) => webhook(s, robots(s)[1]!.accessToken, { msgtype: 'text', text: { content: 'hello' } }),
  ],
  ['robot webhook, no msgtype', 'has no msgtype', (s) => webhook(s, robots(s)[1]!.accessToken, { text: {} })],
  [
    'robot webhook, unknown msgtype',
    'is not a custom-robot type',
    (s) => webhook(s, robots(s)[1]!.accessToken, { msgtype: 'video' }),
  ],
  [
    'robot webhook, a feedCard without links',
    'needs at least one link',
    (s) => webhook(s, robots(s)[1]!.accessToken, { msgtype: 'feedCard', feedCard: { links: [] } }),
  ],
  // enterprise robot
  [
    'batchSend, empty userIds',
    'userIds is empty',
    (s, t) =>
      apiPost(s, '/v1.0/robot/oToMessages/batchSend', t.corp, {
        robotCode: s.main.appKey,
        userIds: [],
        msgKey: 'sampleText',
        msgParam: '{"content":"预警"}',
      }),
  ],
  [
    'batchSend, another app\u2019s robotCode',
    'is the robot of app',
    (s, t) =>
      apiPost(s, '/v1.0/robot/oToMessages/batchSend', t.corp, {
        robotCode: s.lacking.appKey,
        userIds: ['manager1471'],
        msgKey: 'sampleText',
        msgParam: '{"content":"预警"}',
      }),
  ],
  [
    'batchSend, unknown robotCode',
    'no robot has robotCode',
    (s, t) =>
      apiPost(s, '/v1.0/robot/oToMessages/batchSend', t.corp, {
        robotCode: 'nope',
        userIds: ['manager1471'],
        msgKey: 'sampleText',
        msgParam: '{"content":"预警"}',
      }),
  ],
  [
    'batchSend, unknown msgKey',
    'is not a known template',
    (s, t) =>
      apiPost(s, '/v1.0/robot/oToMessages/batchSend', t.corp, {
        robotCode: s.main.appKey,
        userIds: ['manager1471'],
        msgKey: 'nope',
        msgParam: '{}',
      }),
  ],
  [
    'batchSend, msgParam not JSON',
    'msgParam is not a JSON string',
    (s, t) =>
      apiPost(s, '/v1.0/robot/oToMessages/batchSend', t.corp, {
        robotCode: s.main.appKey,
        userIds: ['manager1471'],
        msgKey: 'sampleText',
        msgParam: '{oops',
      }),
  ],
  [
    'groupMessages/send, unknown group',
    'has no group',
    (s, t) =>
      apiPost(s, '/v1.0/robot/groupMessages/send', t.corp, {
        robotCode: s.main.appKey,
        openConversationId: 'cidnope',
        msgKey: 'sampleText',
        msgParam: '{"content":"预警"}',
      }),
  ],
  [
    'readStatus, unknown processQueryKey',
    'no one-to-one robot message',
    (s, t) =>
      apiGet(s, `/v1.0/robot/oToMessages/readStatus?robotCode=${s.main.appKey}&processQueryKey=nope`, t.corp),
  ],
  // legacy QR login's code exchange
  [
    'sns, unknown accessKey',
    'no app has the accessKey',
    (s) =>
      s.request('POST', '/sns/getuserinfo_bycode?accessKey=nope&timestamp=1&signature=x', {
        json: { tmp_auth_code: 'c' },
      }),
  ],
  [
    'sns, timestamp not milliseconds',
    'is not milliseconds since the epoch',
    (s) =>
      s.request('POST', `/sns/getuserinfo_bycode?accessKey=${s.main.appKey}&timestamp=abc&signature=x`, {
        json: { tmp_auth_code: 'c' },
      }),
  ],
  [
    'sns, timestamp far from the clock',
    'from the tenant clock',
    (s) =>
      s.request(
        'POST',
        `/sns/getuserinfo_bycode?accessKey=${s.main.appKey}&timestamp=${s.tenant.clock.now() - 7_200_000}&signature=x`,
        {
          json: { tmp_auth_code: 'c' },
        },
      ),
  ],
  [
    'sns, wrong signature',
    'signature does not match',
    (s) =>
      s.request(
        'POST',
        `/sns/getuserinfo_bycode?accessKey=${s.main.appKey}&timestamp=${s.tenant.clock.now()}&signature=x`,
        {
          json: { tmp_auth_code: 'c' },
        },
      ),
  ],
  [
    'sns, invented code',
    'was never issued',
    (s) => {
      const ts = String(s.tenant.clock.now());
      const sig = encodeURIComponent(snsSign(s.main.appSecret, ts));
      return s.request(
        'POST',
        `/sns/getuserinfo_bycode?accessKey=${s.main.appKey}&timestamp=${ts}&signature=${sig}`,
        {
          json: { tmp_auth_code: 'invented' },
        },
      );
    },
  ],
  // login pages' polling API
  ['qr status, unknown session', 'no QR login session', (s) => s.request('GET', '/login/qr/status?sid=nope')],
  // last: it moves the tenant clock past every token's life
  [
    'users/me, expired user token (X2)',
    'use the refreshToken',
    async (s, t) => {
      s.tenant.clock.advance(7201_000);
      await apiGet(s, '/v1.0/contact/users/me', t.user);
    },
  ],
];

describe('every refusal reads in Chinese first, English kept (journal reasonZh)', () => {
  it('E1–E5, X2, X4, M4: each refusal of the DingTalk hosts carries its own Chinese reason, not the fallback', async () => {
    const s = makeSandbox({ journalSize: 10_000 });
    s.main.scopes.push('qyapi_robot_sendmsg');
    const t: Tokens = { corp: await s.tokenFor(), user: '' };
    const code = s.tenant.authCodes.issue(
      'oauth',
      { appKey: s.main.appKey, userid: 'manager1471', scopes: ['Contact.User.Read'] },
      s.tenant.clock.now(),
    ).code;
    t.user = (
      (await userTokenGrant(s, { grantType: 'authorization_code', code })).json() as { accessToken: string }
    ).accessToken;

    const missing: string[] = [];
    for (const [title, en, act] of CASES) {
      const ipList = s.main.ipAllowList;
      const refused = await refusalsOf(s, () => act(s, t));
      s.main.ipAllowList = ipList;
      const e = refused.at(-1);
      if (!e) {
        missing.push(`${title}: not refused`);
        continue;
      }
      if (typeof en === 'string' ? !e.reason?.includes(en) : !en.test(e.reason ?? '')) {
        missing.push(`${title}: English reason "${e.reason}" lacks "${String(en)}"`);
      }
      if (!e.reasonZh || !CJK.test(e.reasonZh) || e.reasonZh.startsWith('钉钉错误')) {
        missing.push(`${title}: reasonZh is ${JSON.stringify(e.reasonZh)} (English: ${e.reason})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('L5, X4: the client bridge’s refusals carry a Chinese reason too', async () => {
    const s = makeSandbox();
    const invoke = (method: string, params: Record<string, unknown>) =>
      s.request('POST', '/__sandbox/api/client/invoke', {
        json: {
          session: { corpId: s.tenant.corpId, appKey: s.main.appKey, userid: 'manager1471', platform: 'ios' },
          method,
          params,
          url: 'http://127.0.0.1:3710/dingtalk/mobile',
        },
      });
    const refused = await refusalsOf(s, async () => {
      await invoke('runtime.permission.requestAuthCode', { corpId: 'dingnotmycorp' });
      await invoke('runtime.permission.requestAuthCodeV2', { corpId: s.tenant.corpId });
      await invoke('runtime.permission.requestJsApis', { agentId: s.main.agentId, corpId: s.tenant.corpId });
    });
    expect(refused.map((e) => e.route)).toEqual([
      'client.runtime.permission.requestAuthCode',
      'client.runtime.permission.requestAuthCodeV2',
      'client.runtime.permission.requestJsApis',
    ]);
    for (const e of refused) {
      expect(e.reason, e.route ?? undefined).toBeTruthy();
      expect(e.reasonZh ?? '', `${e.route}: ${e.reason}`).toMatch(CJK);
    }
  });

  it('X3: the admin API answers fault rules with explanationZh beside explanation', async () => {
    const s = makeSandbox();
    const base = `/__sandbox/api/tenants/${s.tenant.corpId}/faults`;
    const added = await s.request('POST', base, {
      json: { match: { route: 'oapi.v2.user.get' }, action: { type: 'rateLimit' } },
    });
    expect(added.json()).toMatchObject({
      explanation: expect.stringContaining('rate limit'),
      explanationZh: expect.stringContaining('限流'),
    });
    const list = (await s.request('GET', base)).json() as { rules: { explanationZh?: string }[] };
    expect(list.rules[0]!.explanationZh).toContain('限流');
  });
});
