/**
 * Pages a Chinese QA team reads put Chinese first, English beside it in small grey text: fault rules
 * in words and the fault form's error kinds (with DingTalk's errcode and message), the scenario page,
 * and the reasons of refusals in the journal and the timeline.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../mock-server/src/scenarios/catalogue.ts';
import { consoleBrowser, decode } from '../helpers/console.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

/** The text of the first element matching `open` … up to the next `</tr>` (a table row). */
function row(html: string, marker: string): string {
  const at = html.indexOf(marker);
  expect(at, `no ${marker} on the page`).toBeGreaterThanOrEqual(0);
  return html.slice(at, html.indexOf('</tr>', at));
}

/** `zh` comes before `en` in `text`, both present. */
function expectChineseFirst(text: string, zh: string, en: string): void {
  const z = text.indexOf(zh);
  const e = text.indexOf(en);
  expect(z, `Chinese "${zh}" missing`).toBeGreaterThanOrEqual(0);
  expect(e, `English "${en}" missing`).toBeGreaterThanOrEqual(0);
  expect(z, `Chinese "${zh}" should come before English "${en}"`).toBeLessThan(e);
}

describe('fault rules: Chinese first, error kinds with their errcode and message (X3)', () => {
  it('X3: a rule reads in Chinese first, its English in grey beside it', async () => {
    const s = makeSandbox();
    s.tenant.faults.add({
      match: { route: 'oapi.v2.user.get', appKey: s.main.appKey },
      action: { type: 'rateLimit' },
      times: 2,
    });
    const page = await consoleBrowser(s).get(`/__sandbox/tenants/${s.tenant.corpId}/faults`);
    const r = row(decode(page.html), 'data-rule="f1"');
    expectChineseFirst(
      r,
      `对应用 ${s.main.appKey} 调用 oapi.v2.user.get 的请求：返回钉钉的限流错误`,
      'For calls to',
    );
    expect(r).toContain('2 次（已触发 0/2 次）');
    expect(r).toMatch(/class="en-line">For calls to/);
  });

  it('X3: each error kind in the form shows DingTalk’s errcode and message', async () => {
    const s = makeSandbox();
    const html = decode((await consoleBrowser(s).get(`/__sandbox/tenants/${s.tenant.corpId}/faults`)).html);
    const select = html.slice(
      html.indexOf('id="fault-kind"'),
      html.indexOf('</select>', html.indexOf('id="fault-kind"')),
    );
    expect(select).toContain('40078 不存在的临时授权码（authCodeNotFound）');
    expect(select).toContain('88/60011 没有调用该接口的权限');
    expect(select).toContain('90018 当前应用调用该接口超过QPS限制');
    expect(select).toContain('60121 找不到该用户（userNotFound）');
  });
});

describe('the scenario page: Chinese first (S1–A3)', () => {
  it('every scenario reads in Chinese first, its English title beside it; E5 says how to replay from the journal', async () => {
    const s = makeSandbox();
    const html = decode((await consoleBrowser(s).get('/__sandbox/scenarios')).html);
    expectChineseFirst(
      row(html, 'id="E1"'),
      '应用缺少 qyapi_get_member 权限时扫码登录',
      'QR login while the app lacks',
    );
    expectChineseFirst(row(html, 'id="X2"'), 'access token 过期', 'Access token expiry');
    const e5 = row(html, 'id="E5"');
    expectChineseFirst(e5, '免登码属于其他应用', 'In-app code of another app');
    expect(e5).toContain('请求日志 → 找到一次免登码换取（getuserinfo）→ 重放');
    // Every row's first line (before its grey English) is Chinese.
    const firsts = [...html.matchAll(/<tr id="([A-Z]\d+)">[\s\S]*?<\/span><\/td><td><div>([^<]*)/g)];
    expect(firsts.length).toBe(SCENARIOS.length);
    for (const m of firsts) expect(m[2], `scenario ${m[1]}`).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('journal and timeline reasons: Chinese first (E1, E5, X2, X3, X4)', () => {
  it('E1, E5, X2, X4, X3: each refusal’s reason reads in Chinese first, the English beside it', async () => {
    const s = makeSandbox();
    const lacking = await s.tokenFor(s.lacking);
    await s.topapi('/topapi/v2/user/get', lacking, { userid: 'manager1471' }); // E1
    const token = await s.tokenFor();
    const code = s.tenant.authCodes.issue(
      'inapp',
      { appKey: s.main.appKey, userid: 'manager1471' },
      s.tenant.clock.now(),
    ).code;
    await s.topapi('/topapi/v2/user/getuserinfo', token, { code });
    await s.topapi('/topapi/v2/user/getuserinfo', token, { code }); // E5: used twice
    await s.topapi('/topapi/v2/user/get', token, { userid: 'nobody-here' }); // X4: no such user
    s.tenant.faults.add({ match: { route: 'oapi.v2.department.get' }, action: { type: 'rateLimit' } });
    await s.topapi('/topapi/v2/department/get', token, { dept_id: 1 }); // X3
    s.tenant.clock.advance(7201_000);
    await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' }); // X2: expired

    const entries = s.tenant.journal.query({ outcome: 'refused' });
    expect(entries.filter((e) => !/[\u4e00-\u9fff]/.test(e.reasonZh ?? ''))).toEqual([]);
    const html = decode((await consoleBrowser(s).get(`/__sandbox/tenants/${s.tenant.corpId}/journal`)).html);
    const rowOf = (seq: number) => row(html, `data-seq="${seq}"`);
    const bySeq = (route: string, i = 0) =>
      s.tenant.journal.query({ route }).filter((e) => e.outcome !== 'ok')[i]!.seq;

    expectChineseFirst(
      rowOf(bySeq('oapi.v2.user.get', 0)),
      '未开通 oapi.v2.user.get 所需的权限点 qyapi_get_member',
      'has not been granted the permission point qyapi_get_member',
    );
    expectChineseFirst(
      rowOf(bySeq('oapi.v2.user.getuserinfo')),
      '秒前使用过；授权码只能用一次',
      'was already used',
    );
    expectChineseFirst(
      rowOf(bySeq('oapi.v2.user.get', 2)),
      '的 access_token 已过期 1 秒（租户时钟）',
      'expired 1 s ago',
    );
    expectChineseFirst(
      rowOf(bySeq('oapi.v2.user.get', 1)),
      '中没有 userid 为 "nobody-here" 的用户',
      'no user with userid',
    );
    expectChineseFirst(
      rowOf(bySeq('oapi.v2.department.get')),
      '故障规则 f1：对调用 oapi.v2.department.get 的请求',
      'For calls to',
    );

    const flows = decode((await consoleBrowser(s).get(`/__sandbox/tenants/${s.tenant.corpId}/flows`)).html);
    expectChineseFirst(
      flows,
      '未开通 oapi.v2.user.get 所需的权限点 qyapi_get_member',
      'has not been granted',
    );
    expectChineseFirst(flows, '秒前使用过；授权码只能用一次', 'was already used');
  });
});
