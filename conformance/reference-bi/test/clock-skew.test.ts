/**
 * X2 clock skew: DingTalk's clock 90 s ahead of the BI server's — past getuserinfo_bycode's one-minute
 * window. The legacy QR login signs its code exchange with the BI's time and DingTalk answers 853002
 * timestamp参数不合法; the 登录失败 page names the clock, not the app's configuration — and once
 * DingTalk's time is back, login works again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from './helpers/agent.ts';
import { ADMIN, qrLogin, startStack, type Stack } from './helpers/stack.ts';

describe('X2 the legacy login when the clocks disagree', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await stack.admin.post('/admin/integrations/dingtalk/enable', { enabled: 'on', generation: 'legacy' });
  });
  afterAll(() => stack?.stop());

  it('X2 after +90 s on DingTalk, 登录失败 shows 853002 timestamp参数不合法 and a hint about clock skew, not app configuration', async () => {
    await stack.sandbox('POST', `/tenants/${stack.corpId}/clock`, { advanceSeconds: 90 });
    const r = await qrLogin(stack, stack.agent(), ADMIN.userid);
    const text = decode(r.text.replace(/<[^>]+>/g, ' '));
    expect(r.status).not.toBe(302);
    expect(text).toContain('timestamp参数不合法，与钉钉服务器当前时间相差超过1分钟');
    expect(text).toContain('时钟');
    expect(text).not.toContain('检查钉钉应用配置');
  });

  it('X2 恢复真实时间 on the DingTalk side: the same login signs in again', async () => {
    await stack.sandbox('POST', `/tenants/${stack.corpId}/clock`, { reset: true });
    const r = await qrLogin(stack, stack.agent(), ADMIN.userid);
    expect(r.status).toBe(302);
    expect(new URL(r.location!).pathname).toBe('/');
  });
});
