/**
 * 事件订阅 in the reference BI (V2, V3, V5): its own callback crypto against DingTalk's published test
 * vector; the receiver refuses anything unsigned or wrongly signed and answers check_url; directory
 * events pushed by a real sandbox are applied as an incremental 账户同步 — one event, one transaction,
 * only what it names.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDepartments } from '../src/db/departments.ts';
import {
  CallbackRefused,
  decrypt,
  encrypt,
  isAesKey,
  newAesKey,
  sealedAnswer,
  signatureOf,
} from '../src/events/callback-crypto.ts';
import { hashPassword } from '../src/login/password.ts';
import { Agent } from './helpers/agent.ts';
import { startStack, type Stack } from './helpers/stack.ts';

// DingTalk's published test vector (open-dingtalk/DingTalk-Callback-Crypto, README and DingCallbackCrypto3.py).
const VECTOR = {
  token: 'mryue',
  aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
  ownerKey: 'ding6ccabc44d2c8d38b',
  timestamp: '1608001896814',
  nonce: 'WL4PK6yA',
  encrypt:
    '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
  signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
};

describe('the BI’s callback crypto (DingTalk’s algorithm, written in the BI)', () => {
  it('V2 signs and decrypts DingTalk’s published test vector', () => {
    expect(signatureOf(VECTOR.token, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(VECTOR.signature);
    expect(decrypt(VECTOR, VECTOR.encrypt)).toBe('{"EventType":"check_url"}');
  });

  it('decrypts what it encrypts, and its sealed "success" opens with the same secrets', () => {
    const message = '{"EventType":"user_leave_org","UserId":["张三"]}';
    expect(decrypt(VECTOR, encrypt(VECTOR, message))).toBe(message);
    const answer = sealedAnswer(VECTOR, 'success', '1', 'n');
    expect(decrypt(VECTOR, answer.encrypt)).toBe('success');
    expect(answer.msg_signature).toBe(signatureOf(VECTOR.token, '1', 'n', answer.encrypt));
  });

  it('refuses a message for another app, a wrong aes_key and a broken ciphertext, with DingTalk’s codes', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof CallbackRefused ? e.code : String(e);
      }
      return 'no error';
    };
    expect(codeOf(() => decrypt({ ...VECTOR, ownerKey: 'dingother' }, VECTOR.encrypt))).toBe(900010);
    expect(codeOf(() => decrypt({ ...VECTOR, aesKey: 'short' }, VECTOR.encrypt))).toBe(900004);
    expect(codeOf(() => decrypt({ ...VECTOR, aesKey: newAesKey() }, VECTOR.encrypt))).toBe(900008);
    expect(codeOf(() => decrypt(VECTOR, 'AAAA'))).toBe(900008);
    expect(isAesKey(newAesKey())).toBe(true);
  });
});

interface Attempt {
  ok: boolean;
  status?: number;
  answer?: string;
  reason: string;
}
interface EventView {
  eventId: string;
  eventType: string;
  http: Record<string, unknown>;
  deliveries: { state: string; attempts: Attempt[] }[];
}
interface BiUserView {
  username: string;
  displayName: string;
  dingtalkUserid: string | null;
  active: boolean;
}

const TOKEN = 'bi-events-token';
const AES_KEY = newAesKey();

describe('the BI’s event receiver against the sandbox (V2, V3, V5)', () => {
  let stack: Stack;
  let analyst: { userid: string; name: string };
  let others: { userid: string; name: string }[];
  /** What the BI logged (pino's JSON lines). */
  const logged: { level: number; msg: string; reason?: string; code?: number }[] = [];
  const receiverUrl = () => `${stack.bi.url}/dingtalk/events`;

  const users = async () =>
    (await stack.admin.get('/admin/users', { accept: 'application/json' })).json<{ users: BiUserView[] }>()
      .users;
  const byUserid = (list: BiUserView[], userid: string) => list.find((u) => u.dingtalkUserid === userid);
  const subscribe = (token = TOKEN) =>
    fetch(
      `${stack.sb.url}/__sandbox/api/tenants/${stack.corpId}/apps/${stack.app.appKey}/event-subscription`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'http', url: receiverUrl(), token, aesKey: AES_KEY }),
      },
    );
  const events = async () =>
    (await stack.sandbox<{ events: EventView[] }>('GET', `/tenants/${stack.corpId}/events`)).events;

  /** The newest event of this type once its delivery has an attempt matching `done` (bounded wait). */
  async function settled(eventType: string, done = (a: Attempt[]) => a.length > 0): Promise<EventView> {
    for (let i = 0; i < 250; i++) {
      const e = (await events()).find((x) => x.eventType === eventType);
      if (e && done(e.deliveries[0]?.attempts ?? [])) return e;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no settled ${eventType} delivery: ${JSON.stringify((await events()).slice(0, 3))}`);
  }

  /** Everything but the named users, as it was. */
  const rest = (list: BiUserView[], ...userids: string[]) =>
    list.filter((u) => !userids.includes(u.dingtalkUserid ?? ''));

  beforeAll(async () => {
    const pre = await startStack();
    const { users: dt } = await pre.sandbox<{ users: { userid: string; name: string; resigned: boolean }[] }>(
      'GET',
      `/tenants/${pre.corpId}/users?limit=12`,
    );
    await pre.stop();
    const usable = dt.filter((u) => !u.resigned && u.userid !== 'manager1471');
    analyst = usable[0]!;
    others = usable.slice(1);
    stack = await startStack({
      bi: {
        logger: pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) }),
      },
      bootstrap: {
        users: [
          {
            username: 'admin',
            password: 'admin123',
            displayName: '系统管理员',
            role: 'admin',
            dingtalkUserid: 'manager1471',
          },
          {
            username: 'analyst',
            passwordHash: await hashPassword('analyst123'),
            displayName: analyst.name,
            dingtalkUserid: analyst.userid,
          },
        ],
      },
    });
    // The BI knows the whole directory (a full 账户同步 once); from here on, events keep it in step.
    const run = await stack.admin.postJson('/admin/sync', {});
    await stack.bi.services.sync.wait(run.json<{ runId: number }>().runId);
  });
  afterAll(() => stack?.stop());

  it('V2 the settings page shows the receiver URL, and saving refuses a malformed aes_key', async () => {
    const page = await stack.admin.get('/admin/integrations/dingtalk');
    expect(page.text).toContain(`<code id="events-url">${receiverUrl()}</code>`);
    expect(page.text).toContain('未配置');
    const bad = await stack.admin.post('/admin/integrations/dingtalk/events', {
      token: TOKEN,
      aesKey: 'short',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('加密 aes_key 应为 43 位字母或数字');
  });

  it('V2 an unconfigured receiver fails check_url, so DingTalk registers nothing', async () => {
    const r = await subscribe();
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({
      error: { code: 'checkUrlFailed', message: expect.stringContaining('HTTP 503') },
    });
  });

  it('V2 once the token and aes_key are saved, check_url succeeds; a wrong token fails with the reason', async () => {
    const saved = await stack.admin.post('/admin/integrations/dingtalk/events', {
      token: TOKEN,
      aesKey: AES_KEY,
    });
    expect(saved.status).toBe(302);
    expect((await stack.admin.get('/admin/integrations/dingtalk')).text).not.toContain(AES_KEY);
    const wrong = await subscribe('another-token');
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      error: { code: 'checkUrlFailed', message: expect.stringContaining('the receiver answered HTTP 403') },
      answer: expect.stringContaining('签名不匹配'),
    });
    const right = await subscribe();
    expect(right.status).toBe(200);
  });

  it('V3 refuses unsigned and wrongly signed pushes with a non-success answer that says why', async () => {
    const body = JSON.stringify({
      encrypt: encrypt(
        { token: TOKEN, aesKey: AES_KEY, ownerKey: stack.app.appKey },
        '{"EventType":"user_leave_org","UserId":["' + analyst.userid + '"]}',
      ),
    });
    const post = (query: string) =>
      fetch(`${receiverUrl()}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const unsigned = await post('');
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toEqual({ errcode: 900005, errmsg: expect.stringContaining('未签名') });
    const wrong = await post(`?msg_signature=${'0'.repeat(40)}&timestamp=1&nonce=x`);
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({ errcode: 900005, errmsg: expect.stringContaining('签名不匹配') });
    // Each refusal is in the BI's log with why.
    expect(logged.filter((l) => l.msg === 'event push refused').map((l) => l.reason)).toEqual(
      expect.arrayContaining([expect.stringContaining('未签名'), expect.stringContaining('签名不匹配')]),
    );
    expect(byUserid(await users(), analyst.userid)?.active).toBe(true);
  });

  it('V3 malformed pushes — broken JSON, repeated query fields, a non-string encrypt, garbage ciphertext — get a 4xx, never a 5xx', async () => {
    const post = (query: string, body: string) =>
      fetch(`${receiverUrl()}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const signed = (encrypted: string) => {
      const q = new URLSearchParams({ timestamp: '1', nonce: 'n' });
      q.set('msg_signature', signatureOf(TOKEN, '1', 'n', encrypted));
      return `?${q}`;
    };
    const statuses = [
      (await post('?msg_signature=a&timestamp=1&nonce=n', '{')).status,
      (await post('?msg_signature=a&msg_signature=b&timestamp=1&timestamp=2&nonce=n', '{"encrypt":"x"}'))
        .status,
      (await post('?msg_signature=a&timestamp=1&nonce=n', '{"encrypt":42}')).status,
      (await post(signed('not base64 at all!'), JSON.stringify({ encrypt: 'not base64 at all!' }))).status,
      (
        await post(
          signed('AAAAAAAAAAAAAAAAAAAAAA=='),
          JSON.stringify({ encrypt: 'AAAAAAAAAAAAAAAAAAAAAA==' }),
        )
      ).status,
    ];
    for (const status of statuses) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    }
  });

  it('V3 a push signed wrongly by a fault rule is refused; the user stays active until the correct retry', async () => {
    const target = others[0]!;
    await stack.sandbox('POST', `/tenants/${stack.corpId}/faults`, {
      match: { host: 'event' },
      action: { type: 'wrongSignature' },
    });
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/users/${target.userid}`, { resigned: true });
    const refused = await settled('user_leave_org');
    expect(refused.deliveries[0]).toMatchObject({ state: 'pending', attempts: [{ ok: false, status: 403 }] });
    expect(byUserid(await users(), target.userid)?.active).toBe(true);
    await stack.sandbox('POST', `/tenants/${stack.corpId}/clock`, { advanceSeconds: 10 });
    await settled('user_leave_org', (a) => a.length === 2);
    expect(byUserid(await users(), target.userid)?.active).toBe(false);
  });

  it('V5 a user who leaves is deactivated at once, their session ends, nothing else is touched, no full sync', async () => {
    const agent = new Agent(stack.bi.url);
    await agent.login('analyst', 'analyst123');
    expect((await agent.get('/')).status).toBe(200);
    const before = await users();
    const runs = stack.bi.services.db.prepare('SELECT count(*) FROM sync_runs').pluck().get();
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/users/${analyst.userid}`, { resigned: true });
    const e = await settled('user_leave_org', (a) => a.some((x) => x.ok));
    expect(e.http).toMatchObject({ EventType: 'user_leave_org', UserId: [analyst.userid] });
    const after = await users();
    expect(byUserid(after, analyst.userid)).toMatchObject({ username: 'analyst', active: false });
    expect(rest(after, analyst.userid)).toEqual(rest(before, analyst.userid));
    const home = await agent.get('/');
    expect(home.status).toBe(302);
    expect(home.location).toContain('/login');
    expect(stack.bi.services.db.prepare('SELECT count(*) FROM sync_runs').pluck().get()).toBe(runs);
  });

  it('V5 a renamed user is renamed and a new user added — each alone', async () => {
    const renamed = others[1]!;
    const before = await users();
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/users/${renamed.userid}`, {
      name: '改名后的用户',
    });
    await settled('user_modify_org', (a) => a.some((x) => x.ok));
    const afterRename = await users();
    expect(byUserid(afterRename, renamed.userid)).toMatchObject({
      displayName: '改名后的用户',
      active: true,
    });
    expect(rest(afterRename, renamed.userid)).toEqual(rest(before, renamed.userid));

    const added = await stack.sandbox<{ userid: string }>('POST', `/tenants/${stack.corpId}/users`, {
      name: '新入职员工',
      deptIds: [1],
    });
    await settled('user_add_org', (a) => a.some((x) => x.ok));
    const afterAdd = await users();
    expect(byUserid(afterAdd, added.userid)).toMatchObject({ displayName: '新入职员工', active: true });
    expect(rest(afterAdd, added.userid)).toEqual(afterRename);
  });

  it('V5 department events keep the department table in step', async () => {
    const created = await stack.sandbox<{ deptId: number }>('POST', `/tenants/${stack.corpId}/departments`, {
      name: '事件部',
      parentId: 1,
    });
    await settled('org_dept_create', (a) => a.some((x) => x.ok));
    const names = () =>
      new Map(listDepartments(stack.bi.services.db).map((d) => [d.deptId, d.name] as const));
    expect(names().get(created.deptId)).toBe('事件部');
    const countBefore = names().size;
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/departments/${created.deptId}`, {
      name: '事件二部',
    });
    await settled('org_dept_modify', (a) => a.some((x) => x.ok));
    expect(names().get(created.deptId)).toBe('事件二部');
    await stack.sandbox('DELETE', `/tenants/${stack.corpId}/departments/${created.deptId}`);
    await settled('org_dept_remove', (a) => a.some((x) => x.ok));
    expect([...names().keys()]).not.toContain(created.deptId);
    expect(names().size).toBe(countBefore - 1);
  });

  it('V4 while DingTalk cannot answer the user lookup, the push is answered as failed and nothing is written', async () => {
    const target = others[2]!;
    const rule = await stack.sandbox<{ id: string }>('POST', `/tenants/${stack.corpId}/faults`, {
      match: { route: 'oapi.v2.user.get' },
      action: { type: 'status', status: 502 },
      times: 'always',
    });
    const before = await users();
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/users/${target.userid}`, { name: '暂不可见' });
    const failed = await settled('user_modify_org', (a) => a.length > 0);
    expect(failed.deliveries[0]).toMatchObject({ state: 'pending', attempts: [{ ok: false, status: 503 }] });
    expect(await users()).toEqual(before);
    await stack.sandbox('DELETE', `/tenants/${stack.corpId}/faults/${rule.id}`);
    await stack.sandbox('POST', `/tenants/${stack.corpId}/clock`, { advanceSeconds: 10 });
    await settled('user_modify_org', (a) => a.some((x) => x.ok));
    expect(byUserid(await users(), target.userid)?.displayName).toBe('暂不可见');
  });

  it('V5 an administrator who leaves stays active and is reported, as 账户同步 keeps them', async () => {
    await stack.sandbox('PATCH', `/tenants/${stack.corpId}/users/manager1471`, { resigned: true });
    const e = await settled('user_leave_org', (a) => a.some((x) => x.ok));
    expect(e.http).toMatchObject({ UserId: ['manager1471'] });
    expect(byUserid(await users(), 'manager1471')).toMatchObject({ username: 'admin', active: true });
    expect(logged.filter((l) => l.msg === 'event applied').at(-1)).toMatchObject({
      changes: [{ action: 'kept', userid: 'manager1471' }],
    });
  });
});
