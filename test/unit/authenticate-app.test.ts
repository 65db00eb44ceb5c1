/**
 * authenticateApp (domain/apps/authenticate.ts), the one credential check of every token endpoint:
 * unknown key, wrong or missing secret, then the IP allow-list — each with the endpoint's own names.
 */
import { describe, expect, it } from 'vitest';
import {
  appsOf,
  authenticateApp,
  type CredentialNames,
} from '../../mock-server/src/domain/apps/authenticate.ts';
import { DingTalkError } from '../../mock-server/src/domain/errors.ts';
import { Sandbox } from '../../mock-server/src/domain/tenancy/sandbox.ts';
import { defaultSnapshot } from '../../mock-server/src/snapshots.ts';

const LEGACY: CredentialNames = { key: { zh: 'AppKey', en: 'AppKey' }, secret: 'appsecret' };
const CORP: CredentialNames = { key: { zh: 'client_id', en: 'client_id' }, secret: 'client_secret' };

function setup() {
  const sandbox = new Sandbox();
  const tenant = sandbox.addTenant(defaultSnapshot());
  const app = tenant.addApp({ name: '测试应用', ipAllowList: ['10.0.0.1'] });
  return { sandbox, tenant, app };
}

/** The refusal `fn` throws: its kind and its reason in both languages. */
function refusal(fn: () => unknown): { kind: string; zh: string; en: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DingTalkError) return { kind: e.kind, zh: e.reasonZh, en: e.reason };
    throw e;
  }
  throw new Error('no refusal');
}

describe('authenticateApp (one check for every token endpoint)', () => {
  it('returns the tenant and app of a right key and secret from an allowed IP', () => {
    const { sandbox, tenant, app } = setup();
    const got = authenticateApp(sandbox, {
      key: app.appKey,
      secret: app.appSecret,
      ip: '10.0.0.1',
      names: LEGACY,
    });
    expect(got).toEqual({ tenant, app });
  });

  it('refuses a key no app has, in the endpoint’s words', () => {
    const { sandbox } = setup();
    expect(
      refusal(() =>
        authenticateApp(sandbox, { key: 'dingnope', secret: 'x', ip: '10.0.0.1', names: LEGACY }),
      ),
    ).toEqual({
      kind: 'invalidAppCredentials',
      zh: '没有 AppKey 为 dingnope 的应用',
      en: 'no app has the AppKey dingnope',
    });
  });

  it('refuses a key of another corp when the endpoint names the corp (…/{corpId}/token)', () => {
    const { sandbox, tenant } = setup();
    const other = sandbox.addTenant(defaultSnapshot(), { fresh: true, name: 'other' });
    const foreign = other.addApp({ name: '别家应用' });
    const r = refusal(() =>
      authenticateApp(appsOf(tenant), {
        key: foreign.appKey,
        secret: foreign.appSecret,
        ip: '10.0.0.1',
        names: CORP,
      }),
    );
    expect(r).toEqual({
      kind: 'invalidAppCredentials',
      zh: `组织 ${tenant.corpId} 没有 client_id 为 ${foreign.appKey} 的应用`,
      en: `corp ${tenant.corpId} has no app with client_id ${foreign.appKey}`,
    });
  });

  it('refuses a wrong secret, and says when it is missing', () => {
    const { sandbox, app } = setup();
    const creds = { key: app.appKey, ip: '10.0.0.1', names: LEGACY };
    expect(refusal(() => authenticateApp(sandbox, { ...creds, secret: 'wrong' }))).toEqual({
      kind: 'invalidAppCredentials',
      zh: `appsecret 与应用「测试应用」（${app.appKey}）不符`,
      en: `the appsecret does not match app "测试应用" (${app.appKey})`,
    });
    expect(refusal(() => authenticateApp(sandbox, { ...creds, secret: undefined }))).toEqual({
      kind: 'invalidAppCredentials',
      zh: `appsecret 与应用「测试应用」（${app.appKey}）不符：缺少 appsecret`,
      en: `the appsecret does not match app "测试应用" (${app.appKey}): appsecret is missing`,
    });
  });

  it('checks the IP allow-list only after the secret (X6 only for a right secret)', () => {
    const { sandbox, app } = setup();
    const creds = { key: app.appKey, ip: '192.0.2.9', names: LEGACY };
    expect(refusal(() => authenticateApp(sandbox, { ...creds, secret: 'wrong' })).kind).toBe(
      'invalidAppCredentials',
    );
    expect(refusal(() => authenticateApp(sandbox, { ...creds, secret: app.appSecret })).kind).toBe(
      'ipNotAllowed',
    );
  });
});
