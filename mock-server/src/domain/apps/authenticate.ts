/**
 * An app proving who it is with its key and secret — the one check behind every token endpoint
 * (`/gettoken`, `/v1.0/oauth2/accessToken`, `/v1.0/oauth2/{corpId}/token`, `/v1.0/oauth2/userAccessToken`;
 * docs/dingtalk/tokens.md): the key must name an app, the secret must be that app's, and the caller's
 * IP must be on the app's 服务器出口IP list, refused in that order. Each endpoint names its fields its
 * own way (appkey/appsecret, appKey/appSecret, clientId/clientSecret, client_id/client_secret), and
 * its refusals say them as it does.
 */
import { because, DingTalkError } from '../errors.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { assertIpAllowed, type App } from './apps.ts';

/** Where a key is looked up: every tenant (the Sandbox), or one corp's apps (`appsOf`). */
export interface AppLookup {
  findApp(key: string): { tenant: Tenant; app: App } | undefined;
  /** Set when only one corp's apps are looked at: its refusal says which corp. */
  corpId?: string;
}

/** One corp's apps, for endpoints that name the corp (…/{corpId}/token). */
export function appsOf(tenant: Tenant): AppLookup {
  return {
    corpId: tenant.corpId,
    findApp(key) {
      const app = tenant.getApp(key);
      return app && { tenant, app };
    },
  };
}

/** How an endpoint names its credentials in its refusals. */
export interface CredentialNames {
  /** The key, in Chinese and in English: "Client ID（AppKey）" / "Client ID". */
  key: { zh: string; en: string };
  /** The secret's field name, e.g. "appsecret", "clientSecret". */
  secret: string;
}

export interface AppCredentials {
  key: string;
  /** As sent (the legacy query may hold anything); absent or '' when the caller sent none. */
  secret: unknown;
  /** The caller's IP, for the app's 服务器出口IP list. */
  ip: string;
  names: CredentialNames;
}

/** The app `key` names, or the endpoint's refusal for a key no app has (invalidAppCredentials). */
export function appByKey(
  lookup: AppLookup,
  key: string,
  names: Pick<CredentialNames, 'key'>,
): { tenant: Tenant; app: App } {
  const found = lookup.findApp(key);
  if (found) return found;
  const { zh, en } = names.key;
  throw new DingTalkError(
    'invalidAppCredentials',
    lookup.corpId === undefined
      ? because(`没有 ${zh} 为 ${key} 的应用`, `no app has the ${en} ${key}`)
      : because(
          `组织 ${lookup.corpId} 没有 ${zh} 为 ${key} 的应用`,
          `corp ${lookup.corpId} has no app with ${en} ${key}`,
        ),
  );
}

/** The app whose key and secret these are, called from an allowed IP; else the DingTalkError. */
export function authenticateApp(lookup: AppLookup, c: AppCredentials): { tenant: Tenant; app: App } {
  const found = appByKey(lookup, c.key, c.names);
  const { app } = found;
  if (c.secret !== app.appSecret) {
    const s = c.names.secret;
    throw new DingTalkError(
      'invalidAppCredentials',
      because(
        `${s} 与应用「${app.name}」（${c.key}）不符${c.secret ? '' : `：缺少 ${s}`}`,
        `the ${s} does not match app "${app.name}" (${c.key})${c.secret ? '' : `: ${s} is missing`}`,
      ),
    );
  }
  assertIpAllowed(app, c.ip);
  return found;
}
