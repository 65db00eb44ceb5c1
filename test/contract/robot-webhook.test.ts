import { describe, expect, it } from 'vitest';
import { robotsOf, signQuery, webhook } from '../helpers/messaging.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const text = (content: string) => ({ msgtype: 'text', text: { content } });

async function post(s: TestSandbox, url: string, json: unknown) {
  return (await s.request('POST', url, { json })).json() as { errcode: number; errmsg: string };
}

async function chatMessages(s: TestSandbox, robotId: string) {
  const r = await s.request('GET', `/__sandbox/api/tenants/${s.tenant.corpId}/robots/${robotId}/messages`);
  return (
    r.json() as {
      messages: { msgtype: string; content: Record<string, unknown>; at: Record<string, unknown> }[];
    }
  ).messages;
}

describe('custom robot webhook: 加签 (M3)', () => {
  it('M3 delivers a signed message into the group', async () => {
    const s = makeSandbox();
    const { signed } = robotsOf(s);
    const r = await post(s, webhook(signed, s.tenant.clock.now()), text('库存预警：低于阈值'));
    expect(r).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await chatMessages(s, signed.id)).map((m) => m.content)).toEqual([
      { type: 'text', content: '库存预警：低于阈值' },
    ]);
  });

  it('M3 a wrong sign gives 310000 sign not match and nothing is posted', async () => {
    const s = makeSandbox();
    const { signed } = robotsOf(s);
    const now = s.tenant.clock.now();
    const wrong = `/robot/send?access_token=${signed.accessToken}${signQuery('SECnot-the-secret', now)}`;
    expect(await post(s, wrong, text('x'))).toMatchObject({ errcode: 310000, errmsg: 'sign not match' });
    const noSign = `/robot/send?access_token=${signed.accessToken}&timestamp=${now}`;
    expect(await post(s, noSign, text('x'))).toMatchObject({ errcode: 310000, errmsg: 'sign not match' });
    expect(await chatMessages(s, signed.id)).toEqual([]);
  });

  it('M3 a base64 "+" sent without URL-encoding arrives as a space and does not match', async () => {
    const s = makeSandbox();
    const { signed } = robotsOf(s);
    // Find a timestamp whose signature contains "+", then send it raw.
    let ts = s.tenant.clock.now();
    let q = signQuery(signed.secret, ts);
    while (!q.includes('%2B')) q = signQuery(signed.secret, ++ts);
    const raw = q.replace(/%2B/g, '+').replace(/%2F/g, '/').replace(/%3D/g, '=');
    expect(await post(s, `/robot/send?access_token=${signed.accessToken}${raw}`, text('x'))).toMatchObject({
      errcode: 310000,
      errmsg: 'sign not match',
    });
  });

  it('M3 a timestamp more than an hour from the tenant clock gives 310000 invalid timestamp', async () => {
    const s = makeSandbox();
    const { signed } = robotsOf(s);
    const stale = s.tenant.clock.now() - 3_600_001;
    expect(await post(s, webhook(signed, stale), text('x'))).toMatchObject({
      errcode: 310000,
      errmsg: 'invalid timestamp',
    });
    const withinHour = s.tenant.clock.now() - 3_500_000;
    expect(await post(s, webhook(signed, withinHour), text('x'))).toMatchObject({ errcode: 0 });
  });

  it('M3 the skew is judged on the tenant clock: a correct client timestamp is stale after the clock moves 2 h', async () => {
    const s = makeSandbox();
    const { signed } = robotsOf(s);
    const clientNow = Date.now();
    s.tenant.clock.advance(2 * 3_600_000);
    expect(await post(s, webhook(signed, clientNow), text('x'))).toMatchObject({
      errcode: 310000,
      errmsg: 'invalid timestamp',
    });
    const missing = `/robot/send?access_token=${signed.accessToken}`;
    expect(await post(s, missing, text('x'))).toMatchObject({ errcode: 310000, errmsg: 'invalid timestamp' });
  });
});

describe('custom robot webhook: keywords, IP list, token, body', () => {
  it('M3 a message without any keyword gives 310000 keywords not in content; with one it is posted', async () => {
    const s = makeSandbox();
    const { keyword } = robotsOf(s);
    expect(await post(s, webhook(keyword), text('hello'))).toMatchObject({
      errcode: 310000,
      errmsg: 'keywords not in content',
    });
    const md = { msgtype: 'markdown', markdown: { title: '销售报表', text: '### 今日数据' } };
    expect(await post(s, webhook(keyword), md)).toEqual({ errcode: 0, errmsg: 'ok' });
  });

  it('refuses a caller outside the robot IP list with 310000 ip X.X.X.X not in whitelist', async () => {
    const s = makeSandbox();
    const created = await s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/robots`, {
      json: { name: 'IP机器人', ipAllowList: ['10.1.2.3'] },
    });
    expect(created.statusCode).toBe(201);
    const { accessToken } = created.json() as { accessToken: string };
    const r = await post(s, `/robot/send?access_token=${accessToken}`, text('x'));
    expect(r).toMatchObject({ errcode: 310000, errmsg: 'ip 127.0.0.1 not in whitelist' });
  });

  it('answers 300001 token is not exist for an unknown access_token', async () => {
    const s = makeSandbox();
    expect(await post(s, '/robot/send?access_token=0123456789abcdef', text('x'))).toMatchObject({
      errcode: 300001,
      errmsg: 'token is not exist',
    });
  });

  it('answers 40035 缺少参数 json for a body that is not JSON, 40008 for an unknown msgtype, 400402/400403 for missing fields', async () => {
    const s = makeSandbox();
    const { keyword } = robotsOf(s);
    const bad = await s.request('POST', webhook(keyword), {
      body: '{"msgtype":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.json()).toMatchObject({ errcode: 40035, errmsg: '缺少参数 json' });
    expect(await post(s, webhook(keyword), { msgtype: 'image', image: {} })).toMatchObject({
      errcode: 40008,
    });
    const noTitle = await post(s, webhook(keyword), { msgtype: 'markdown', markdown: { text: '预警' } });
    expect(noTitle.errcode).toBe(400402);
    expect(noTitle.errmsg).toContain('参数 markdown --》 title 缺失');
    const noText = await post(s, webhook(keyword), { msgtype: 'markdown', markdown: { title: '预警' } });
    expect(noText.errcode).toBe(400403);
  });
});

describe('custom robot webhook: 20 messages a minute (tenant clock)', () => {
  it('M3 the 21st message within a minute gives 130101; the robot stays throttled 10 minutes as documented', async () => {
    const s = makeSandbox();
    const { keyword } = robotsOf(s);
    for (let i = 0; i < 20; i++)
      expect(await post(s, webhook(keyword), text(`预警 ${i}`))).toMatchObject({ errcode: 0 });
    expect(await post(s, webhook(keyword), text('预警 21'))).toEqual({
      errcode: 130101,
      errmsg: 'send too fast, exceed 20 times per minute',
      request_id: expect.any(String),
    });
    s.tenant.clock.advance(61_000);
    expect(await post(s, webhook(keyword), text('预警 22'))).toMatchObject({ errcode: 130101 });
    s.tenant.clock.advance(10 * 60_000);
    expect(await post(s, webhook(keyword), text('预警 23'))).toMatchObject({ errcode: 0 });
  });

  it('M3 without the penalty (messaging.penaltyMs 0) it works again a minute later', async () => {
    const s = makeSandbox({ messaging: { penaltyMs: 0 } });
    const { keyword } = robotsOf(s);
    for (let i = 0; i < 20; i++) await post(s, webhook(keyword), text(`预警 ${i}`));
    expect(await post(s, webhook(keyword), text('预警 21'))).toMatchObject({ errcode: 130101 });
    s.tenant.clock.advance(60_001);
    expect(await post(s, webhook(keyword), text('预警 22'))).toMatchObject({ errcode: 0 });
  });
});

describe('custom robot message types', () => {
  it('accepts text with at, link, markdown, actionCard (single and btns) and feedCard', async () => {
    const s = makeSandbox();
    const { keyword } = robotsOf(s);
    const member = s.tenant.directory.getUser(s.tenant.messaging.chats.list()[0]!.memberUserids[1]!)!;
    const bodies = [
      {
        msgtype: 'text',
        text: { content: `预警 @${member.mobile}` },
        at: { atMobiles: [member.mobile], isAtAll: false },
      },
      {
        msgtype: 'link',
        link: { title: '预警', text: '点开', messageUrl: 'https://bi.example.com', picUrl: '' },
      },
      { msgtype: 'markdown', markdown: { title: '预警', text: '## 预警' } },
      {
        msgtype: 'actionCard',
        actionCard: {
          title: '预警',
          text: '详情',
          singleTitle: '阅读全文',
          singleURL: 'https://bi.example.com',
        },
      },
      {
        msgtype: 'actionCard',
        actionCard: {
          title: '预警',
          text: '处理',
          btnOrientation: '1',
          btns: [
            { title: '好', actionURL: 'https://a' },
            { title: '不', actionURL: 'https://b' },
          ],
        },
      },
      {
        msgtype: 'feedCard',
        feedCard: {
          links: [
            { title: '预警一', messageURL: 'https://a', picURL: 'https://a.png' },
            { title: '预警二', messageURL: 'https://b', picURL: '' },
          ],
        },
      },
    ];
    for (const b of bodies) expect(await post(s, webhook(keyword), b)).toMatchObject({ errcode: 0 });
    const msgs = await chatMessages(s, keyword.id);
    expect(msgs.map((m) => m.content.type)).toEqual([
      'text',
      'link',
      'markdown',
      'actionCard',
      'actionCard',
      'feedCard',
    ]);
    expect(msgs[0]!.at).toEqual({ atMobiles: [member.mobile], atUserIds: [], isAtAll: false });
    const chat = await s.request(
      'GET',
      `/__sandbox/tenants/${s.tenant.corpId}/chats/${encodeURIComponent(keyword.openConversationId)}`,
    );
    expect(chat.body).toContain(`<span class="dt-at">@${member.name}</span>`);
    expect(chat.body).toContain('dt-msg-feed-card');
  });
});
