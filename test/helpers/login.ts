/**
 * Helpers for web-login tests: drive a QR login through the admin API (the phone without a browser),
 * read redirects, and sign legacy /sns calls.
 */
import { createHmac } from 'node:crypto';
import type { Response } from 'light-my-request';
import type { TestSandbox } from './sandbox.ts';

export const CALLBACK = 'http://127.0.0.1:3710/auth/dingtalk/callback';

/** base64(HMAC-SHA256(appSecret, timestamp)), URL-encoded: the legacy /sns signature. */
export function snsSignature(appSecret: string, timestamp: string): string {
  return encodeURIComponent(createHmac('sha256', appSecret).update(timestamp).digest('base64'));
}

/** The Location header as a URL (relative ones resolved against the sandbox). */
export function location(r: Response): URL {
  const loc = r.headers.location;
  if (typeof loc !== 'string')
    throw new Error(`no Location header (status ${r.statusCode}): ${r.body.slice(0, 200)}`);
  return new URL(loc, 'http://sandbox.local');
}

/** The QR session id a login page shows (data-sid of its QR box). */
export function sidOf(html: string): string {
  const m = /data-sid="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no QR session on the page: ${html.slice(0, 300)}`);
  return m[1]!;
}

export function authorizeUrl(params: Record<string, string>): string {
  const q = new URLSearchParams({
    response_type: 'code',
    scope: 'openid',
    redirect_uri: CALLBACK,
    ...params,
  });
  return `/oauth2/auth?${q.toString()}`;
}

/** Open /oauth2/auth, follow to the challenge page, and return the QR session id. */
export async function openQrLogin(s: TestSandbox, params: Record<string, string>): Promise<string> {
  const auth = await s.request('GET', authorizeUrl(params));
  if (auth.statusCode !== 302)
    throw new Error(`authorize answered ${auth.statusCode}: ${auth.body.slice(0, 300)}`);
  const page = await s.request('GET', location(auth).pathname + location(auth).search);
  return sidOf(page.body);
}

/** Act as the phone through the admin API. */
export async function phone(
  s: TestSandbox,
  sid: string,
  action: 'scan' | 'confirm' | 'cancel',
  userid?: string,
) {
  return s.request('POST', `/__sandbox/api/tenants/${s.tenant.corpId}/qr/${sid}/${action}`, {
    json: userid ? { userid } : {},
  });
}

/** A whole new-generation login as `userid`: returns the final redirect (to the app's callback). */
export async function qrLogin(
  s: TestSandbox,
  params: Record<string, string>,
  userid = 'manager1471',
): Promise<URL> {
  const sid = await openQrLogin(s, params);
  await phone(s, sid, 'scan', userid);
  await phone(s, sid, 'confirm');
  return location(await s.request('GET', `/oauth2/continue?sid=${sid}`));
}

/** An oauth authCode for the main app, via a full QR login. */
export async function authCodeFor(s: TestSandbox, userid = 'manager1471', scope = 'openid'): Promise<string> {
  const url = await qrLogin(s, { client_id: s.main.appKey, state: 'st', scope }, userid);
  const code = url.searchParams.get('authCode');
  if (!code) throw new Error(`no authCode in ${url.toString()}`);
  return code;
}
