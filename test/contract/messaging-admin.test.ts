import { describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { sendWork, signQuery } from '../helpers/messaging.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

interface RobotView {
  id: string;
  name: string;
  webhook: string;
  accessToken: string;
  secret: string;
  keywords: string[];
  openConversationId: string;
}

describe('admin API for messaging', () => {
  it('lists the default signed robot and keyword robot with their webhooks', async () => {
    const s = makeSandbox();
    const r = await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/robots`, {
      headers: { host: '127.0.0.1:3700' },
    });
    const { robots } = r.json() as { robots: RobotView[] };
    expect(robots).toHaveLength(2);
    const signed = robots.find((x) => x.secret)!;
    expect(signed.secret).toMatch(/^SEC[0-9a-f]{64}$/);
    expect(signed.webhook).toBe(`http://127.0.0.1:3700/robot/send?access_token=${signed.accessToken}`);
    expect(robots.find((x) => !x.secret)!.keywords).toEqual(['预警', '订阅', '报表']);
  });

  it('creates a signed robot whose webhook then accepts signed messages; refuses one without any security setting', async () => {
    const s = makeSandbox();
    const base = `/__sandbox/api/tenants/${s.tenant.corpId}/robots`;
    const none = await s.request('POST', base, { json: { name: '裸机器人' } });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error: { code: 'noSecurity' } });
    const created = (
      await s.request('POST', base, { json: { name: '新机器人', secret: true } })
    ).json() as RobotView;
    expect(created.secret).toMatch(/^SEC/);
    const sent = await s.request(
      'POST',
      `/robot/send?access_token=${created.accessToken}${signQuery(created.secret, s.tenant.clock.now())}`,
      {
        json: { msgtype: 'text', text: { content: 'hi' } },
      },
    );
    expect(sent.json()).toMatchObject({ errcode: 0 });
    const msgs = await s.request('GET', `${base}/${created.id}/messages`);
    expect((msgs.json() as { messages: unknown[] }).messages).toHaveLength(1);
  });

  it('lists users with inbox totals and unread counts, and 404s for unknown messages, users, chats', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: { msgtype: 'text', text: { content: '1' } },
    });
    const list = await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/inbox`);
    expect(list.json()).toEqual({
      users: [{ userid: GUIDE_ADMIN_USERID, name: expect.any(String), total: 1, unread: 1 }],
    });
    const base = `/__sandbox/api/tenants/${s.tenant.corpId}`;
    expect((await s.request('POST', `${base}/inbox/${GUIDE_ADMIN_USERID}/123/read`)).statusCode).toBe(404);
    expect((await s.request('GET', `${base}/inbox/nobody`)).statusCode).toBe(404);
    expect((await s.request('GET', `${base}/chats/cidNOPE==/messages`)).statusCode).toBe(404);
    const chats = (await s.request('GET', `${base}/chats`)).json() as {
      chats: { name: string; messages: number }[];
    };
    // The group, and the default bot's one-to-one chat with the administrator (kind oto).
    expect(chats.chats).toEqual([
      expect.objectContaining({ name: '数据预警群', kind: 'group', messages: 0 }),
      expect.objectContaining({ kind: 'oto', messages: 0 }),
    ]);
  });

  it('a tenant created for a parallel worker gets robots of its own: each token reaches its own tenant only', async () => {
    const s = makeSandbox();
    const created = await s.request('POST', '/__sandbox/api/tenants', { json: { name: 'worker-1' } });
    const corpId = (created.json() as { corpId: string }).corpId;
    const other = s.sandbox.getTenant(corpId)!;
    const mine = s.tenant.messaging.robots.listRobots().find((r) => r.keywords.length)!;
    const theirs = other.messaging.robots.listRobots().find((r) => r.keywords.length)!;
    expect(theirs.accessToken).not.toBe(mine.accessToken);
    await s.request('POST', `/robot/send?access_token=${theirs.accessToken}`, {
      json: { msgtype: 'text', text: { content: '预警' } },
    });
    expect(other.messaging.chats.messagesOf(theirs.openConversationId)).toHaveLength(1);
    expect(s.tenant.messaging.chats.messagesOf(mine.openConversationId)).toHaveLength(0);
    s.sandbox.removeTenant(corpId);
    const gone = await s.request('POST', `/robot/send?access_token=${theirs.accessToken}`, {
      json: { msgtype: 'text', text: { content: '预警' } },
    });
    expect(gone.json()).toMatchObject({ errcode: 300001 });
  });

  it('renders the console pages: people with unread counts, a chat, and an HTML 404', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: { msgtype: 'text', text: { content: '1' } },
    });
    const index = await s.request('GET', `/__sandbox/tenants/${s.tenant.corpId}/inbox`);
    expect(index.statusCode).toBe(200);
    expect(index.body).toMatch(
      new RegExp(`data-userid="${GUIDE_ADMIN_USERID}".*?<span class="sb-badge sb-unread">1</span>`),
    );
    expect(index.body).toContain('数据预警群');
    const missing = await s.request('GET', `/__sandbox/tenants/${s.tenant.corpId}/inbox/nobody`);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
  });
});
