/** jsapi tickets on both hosts and dd.config verification (X5), without a browser. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

async function legacyTicket(s: TestSandbox, token: string): Promise<Record<string, unknown>> {
  return (await s.request('GET', `/get_jsapi_ticket?access_token=${token}&type=jsapi`)).json() as Record<
    string,
    unknown
  >;
}
async function apiTicket(s: TestSandbox, token: string) {
  const r = await s.request('POST', '/v1.0/oauth2/jsapiTickets', {
    headers: { 'x-acs-dingtalk-access-token': token },
  });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> };
}

describe('jsapi tickets', () => {
  it('GET /get_jsapi_ticket answers ticket and expires_in 7200, the same ticket while it is valid', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const first = await legacyTicket(s, token);
    expect(first).toEqual({
      errcode: 0,
      errmsg: 'ok',
      ticket: expect.stringMatching(/^\w{32}$/),
      expires_in: 7200,
    });
    s.tenant.clock.advance(3600_000);
    expect((await legacyTicket(s, token)).ticket).toBe(first.ticket);
  });

  it('POST /v1.0/oauth2/jsapiTickets needs no body and answers the same ticket as the legacy host', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const { status, body } = await apiTicket(s, token);
    expect(status).toBe(200);
    expect(body).toEqual({ jsapiTicket: (await legacyTicket(s, token)).ticket, expireIn: 7200 });
  });

  it('POST /v1.0/oauth2/jsapiTickets without the token header answers 400 MissingParameter', async () => {
    const s = makeSandbox();
    const r = await s.request('POST', '/v1.0/oauth2/jsapiTickets');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'AuthenticationFailed.MissingParameter' });
  });

  it('gives each app its own ticket', async () => {
    const s = makeSandbox();
    const a = await legacyTicket(s, await s.tokenFor(s.main));
    const b = await legacyTicket(s, await s.tokenFor(s.lacking));
    expect(a.ticket).not.toBe(b.ticket);
  });

  it('issues a new ticket after expiry, and the old one no longer verifies (stale)', async () => {
    const s = makeSandbox();
    const old = (await legacyTicket(s, await s.tokenFor())).ticket as string;
    s.tenant.clock.advance(7201_000);
    const fresh = (await apiTicket(s, await s.tokenFor())).body.jsapiTicket as string;
    expect(fresh).not.toBe(old);
    expect(s.tenant.jsapiTickets.isValid(s.main.appKey, old, s.tenant.clock.now())).toBe(false);
    expect(s.tenant.jsapiTickets.isValid(s.main.appKey, fresh, s.tenant.clock.now())).toBe(true);
  });
});

describe('dd.config verification (runtime.permission.requestJsApis)', () => {
  const PAGE = 'http://127.0.0.1:3710/dingtalk/mobile?corpId=ding1&name=%E5%BC%A0%E4%B8%89#/home';

  async function setup() {
    const s = makeSandbox();
    const ticket = (await legacyTicket(s, await s.tokenFor())).ticket as string;
    const base = {
      agentId: String(s.main.agentId),
      corpId: s.tenant.corpId,
      timeStamp: '1767225600',
      nonceStr: 'nonce-1',
      jsApiList: ['biz.user.get'],
    };
    const sign = (url: string, t = ticket) =>
      sha1(`jsapi_ticket=${t}&noncestr=nonce-1&timestamp=1767225600&url=${url}`);
    const config = async (params: Record<string, unknown>, pageUrl = PAGE) => {
      const r = await s.request('POST', '/__sandbox/api/client/invoke', {
        json: {
          session: { corpId: s.tenant.corpId, userid: 'manager1471', platform: 'ios' },
          method: 'runtime.permission.requestJsApis',
          params,
          url: pageUrl,
        },
      });
      return r.json() as { errorCode: string | number; message?: string; result?: unknown };
    };
    const last = () => s.tenant.journal.query({ route: 'client.runtime.permission.requestJsApis' }).at(-1)!;
    return { s, ticket, base, sign, config, last };
  }

  it('X5 accepts the URL as the browser shows it, without the fragment', async () => {
    const { base, sign, config } = await setup();
    const url = PAGE.split('#')[0]!;
    expect(await config({ ...base, signature: sign(url) })).toEqual({
      errorCode: '0',
      result: { jsApiList: ['biz.user.get'] },
    });
  });

  it('X5 accepts the query URL-decoded, as the official Java demo signs it', async () => {
    const { base, sign, config } = await setup();
    const decoded = 'http://127.0.0.1:3710/dingtalk/mobile?corpId=ding1&name=张三';
    expect((await config({ ...base, signature: sign(decoded) })).errorCode).toBe('0');
  });

  it('X5 refuses an explicit :80 with 52013 and says which URL was signed', async () => {
    const { base, sign, config, last } = await setup();
    const withPort = 'http://127.0.0.1:80/dingtalk/mobile?corpId=ding1&name=%E5%BC%A0%E4%B8%89';
    const reply = await config(
      { ...base, signature: sign(withPort) },
      PAGE.replace('127.0.0.1:3710', '127.0.0.1'),
    );
    expect(reply).toMatchObject({
      errorCode: 3,
      message: expect.stringContaining('Code:52013 - Message: 签名校验失败'),
    });
    expect(last()).toMatchObject({
      code: '52013',
      reason: expect.stringContaining('explicit default port :80'),
    });
  });

  it('X5 quotes nonce, timestamp, url and the masked ticket back to the page, as DingTalk does', async () => {
    const { ticket, base, config } = await setup();
    const reply = await config({ ...base, signature: 'wrong' });
    expect(reply.message).toBe(
      `权限校验失败 Code:52013 - Message: 签名校验失败,nonce:[nonce-1],timestamp:[1767225600],url:[${PAGE.split('#')[0]}],ticketList:[${ticket.slice(0, 10)}${'*'.repeat(22)}]`,
    );
  });

  it('X5 refuses a page signed with its #fragment, naming the cause', async () => {
    const { base, sign, config, last } = await setup();
    await config({ ...base, signature: sign(PAGE) });
    expect(last().reason).toContain('the #fragment must not be signed');
  });

  it.each([
    [52010, 'corpId', 'dingsomeoneelse'],
    [52019, 'agentId', '12345'],
    [52015, 'nonceStr', ''],
    [52018, 'timeStamp', undefined],
    [52016, 'signature', undefined],
    [52017, 'jsApiList', 'biz.user.get'],
  ])('answers %i when %s is wrong or missing', async (code, field, value) => {
    const { base, sign, config, last } = await setup();
    const params: Record<string, unknown> = { ...base, signature: sign(PAGE.split('#')[0]!), [field]: value };
    const reply = await config(params);
    expect(reply.message).toContain(`Code:${code} - Message: `);
    expect(last().code).toBe(String(code));
  });
});
