/**
 * S3 as a new user follows it: the app holds exactly the points the BI's 所需权限 lists — nothing
 * the default app happens to hold besides — and DingTalk login then works, in both generations
 * (L1, L2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, qrLogin, startStack, type Stack } from './helpers/stack.ts';

/** The codes listed under 所需权限 on the settings page, as a person reads them. */
async function listedScopes(stack: Stack): Promise<string[]> {
  const html = (await stack.admin.get('/admin/integrations/dingtalk')).text;
  const at = html.indexOf('所需权限');
  expect(at).toBeGreaterThan(0);
  const text = html.slice(at, html.indexOf('</section>', at)).replace(/<[^>]*>/g, ' ');
  return [...new Set(text.match(/\b(?:qyapi_[a-z_]+|[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+\.[A-Za-z]+)\b/g) ?? [])];
}

describe('S3 the points the BI lists are enough', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  const grantExactly = (scopes: string[]) =>
    stack.sandbox('PATCH', `/tenants/${stack.corpId}/apps/${stack.app.appKey}`, { scopes });

  for (const generation of ['new', 'legacy'] as const) {
    it(`S3 L${generation === 'new' ? 1 : 2} granted exactly the listed points, the ${generation}-generation QR login signs in`, async () => {
      await stack.admin.post('/admin/integrations/dingtalk/enable', { enabled: 'on', generation });
      const scopes = await listedScopes(stack);
      expect(scopes).toContain('qyapi_get_member');
      await grantExactly(scopes);
      const r = await qrLogin(stack, stack.agent(), ADMIN.userid);
      expect(r.status).toBe(302);
      expect(new URL(r.location!).pathname).toBe('/');
    });
  }

  it('S3 the new generation lists Contact.User.Read (users/me) and says why', async () => {
    await stack.admin.post('/admin/integrations/dingtalk/enable', { enabled: 'on', generation: 'new' });
    const html = (await stack.admin.get('/admin/integrations/dingtalk')).text;
    expect(await listedScopes(stack)).toContain('Contact.User.Read');
    expect(html).toContain('/v1.0/contact/users/me');
  });
});
