/**
 * Temporary authorisation codes, one store per tenant, for every flow that hands a person's identity
 * to an app through a short-lived code:
 *
 * - `inapp`: 免登 codes from `dd.runtime.permission.requestAuthCode` / `dd.getAuthCode`, exchanged at
 *   `/topapi/v2/user/getuserinfo` or `/user/getuserinfo` — 5 minutes, single use (C[S3]);
 * - `oauth`: `authCode` of the new web login (login.dingtalk.com/oauth2/auth) and of
 *   `dd.requestAuthCode` (requestAuthCodeV2), exchanged at `/v1.0/oauth2/userAccessToken` —
 *   single use; TTL not documented (U: 5 minutes like the others);
 * - `sns`: legacy `tmp_auth_code` of `/connect/qrconnect`, exchanged at `/sns/getuserinfo_bycode` —
 *   single use (C[S24]); TTL U (5 minutes).
 *
 * `/sns/getuserinfo_bycode` also takes the app's `inapp` and `oauth` codes (docs/dingtalk/web-login.md):
 * an endpoint may accept several kinds, and a code of any of them is still used once.
 *
 * A code is bound to its corp and app: redeeming it with another app, as the wrong kind, twice or
 * late fails — and `redeem` says which, so the journal can tell QA the exact cause (E5).
 * `--state` keeps the unexpired codes (`list` / `restore`): a login in progress survives a restart.
 */
import { newAuthCode } from '../ids.ts';

export type AuthCodeKind = 'inapp' | 'oauth' | 'sns';

export const AUTH_CODE_TTL_MS = 5 * 60 * 1000;

export interface AuthCode {
  code: string;
  kind: AuthCodeKind;
  appKey: string;
  userid: string;
  issuedAt: number;
  expiresAt: number;
  usedAt: number | null;
  /** Personal scopes granted with an oauth code (e.g. Contact.User.Read), and whether corpId was asked. */
  scopes: string[];
}

export type RedeemFailure = 'unknown' | 'used' | 'expired' | 'otherApp' | 'wrongKind';

export type RedeemResult =
  | { ok: true; code: AuthCode }
  | { ok: false; cause: RedeemFailure; code?: AuthCode; reason: string; reasonZh: string };

const KIND_NAMES_ZH: Record<AuthCodeKind, string> = {
  inapp: '客户端内免登码（requestAuthCode）',
  oauth: '网页登录的 OAuth authCode',
  sns: '旧版扫码登录的 tmp_auth_code',
};

const KIND_NAMES: Record<AuthCodeKind, string> = {
  inapp: 'an in-app 免登 code (requestAuthCode)',
  oauth: 'a web-login OAuth authCode',
  sns: 'a legacy QR-login tmp_auth_code',
};

/** Recent in-app exchanges remembered for the console's 重放 (E5); older ones are forgotten. */
const EXCHANGES_KEPT = 64;

export class AuthCodes {
  private readonly codes = new Map<string, AuthCode>();
  /**
   * Request id → the raw code a recent in-app exchange presented, so the console can replay that call
   * with the same code (E5). In memory only: never in the journal, an export, a page or a log.
   */
  private readonly exchanges = new Map<string, string>();

  /** Remember which code the call `requestId` presented (bounded, newest kept). */
  noteExchange(requestId: string, code: string): void {
    this.exchanges.set(requestId, code);
    if (this.exchanges.size > EXCHANGES_KEPT) this.exchanges.delete(this.exchanges.keys().next().value!);
  }

  /** The code the call `requestId` presented, if it is among the recent exchanges. */
  exchangedBy(requestId: string): string | undefined {
    return this.exchanges.get(requestId);
  }

  issue(
    kind: AuthCodeKind,
    input: { appKey: string; userid: string; scopes?: string[]; ttlMs?: number },
    now: number,
  ): AuthCode {
    this.sweep(now);
    const code: AuthCode = {
      code: newAuthCode(),
      kind,
      appKey: input.appKey,
      userid: input.userid,
      issuedAt: now,
      expiresAt: now + (input.ttlMs ?? AUTH_CODE_TTL_MS),
      usedAt: null,
      scopes: input.scopes ?? [],
    };
    this.codes.set(code.code, code);
    return code;
  }

  /** Look a code up without using it. */
  peek(code: string): AuthCode | undefined {
    return this.codes.get(code);
  }

  /** Use a code once: only for its kind (or one of the kinds given), its app, before it expires. */
  redeem(
    code: string,
    expect: { kind: AuthCodeKind | readonly AuthCodeKind[]; appKey: string },
    now: number,
  ): RedeemResult {
    const kinds: readonly AuthCodeKind[] = typeof expect.kind === 'string' ? [expect.kind] : expect.kind;
    const found = this.codes.get(code);
    if (!found) {
      return {
        ok: false,
        cause: 'unknown',
        reason: `code ${mask(code)} was never issued by this corp (invented, from another corp, or forgotten after expiry)`,
        reasonZh: `授权码 ${mask(code)} 不是本组织发放的（编造的、其他组织的，或过期后已被遗忘）`,
      };
    }
    if (!kinds.includes(found.kind)) {
      return {
        ok: false,
        cause: 'wrongKind',
        code: found,
        reason: `code ${mask(code)} is ${KIND_NAMES[found.kind]}, but this endpoint takes ${kinds.map((k) => KIND_NAMES[k]).join(' or ')}`,
        reasonZh: `授权码 ${mask(code)} 是${KIND_NAMES_ZH[found.kind]}，而此接口需要${kinds.map((k) => KIND_NAMES_ZH[k]).join('或')}`,
      };
    }
    if (found.appKey !== expect.appKey) {
      return {
        ok: false,
        cause: 'otherApp',
        code: found,
        reason: `code ${mask(code)} was issued to app ${found.appKey}, but is being exchanged by app ${expect.appKey} (wrong appId in the app's URL?)`,
        reasonZh: `授权码 ${mask(code)} 发给了应用 ${found.appKey}，却由应用 ${expect.appKey} 换取（应用地址中的 appId 填错了？）`,
      };
    }
    if (found.usedAt !== null) {
      return {
        ok: false,
        cause: 'used',
        code: found,
        reason: `code ${mask(code)} was already used ${Math.round((now - found.usedAt) / 1000)} s ago; codes work once`,
        reasonZh: `授权码 ${mask(code)} 已在 ${Math.round((now - found.usedAt) / 1000)} 秒前使用过；授权码只能用一次`,
      };
    }
    if (found.expiresAt <= now) {
      return {
        ok: false,
        cause: 'expired',
        code: found,
        reason: `code ${mask(code)} expired ${Math.round((now - found.expiresAt) / 1000)} s ago (valid ${Math.round((found.expiresAt - found.issuedAt) / 1000)} s)`,
        reasonZh: `授权码 ${mask(code)} 已过期 ${Math.round((now - found.expiresAt) / 1000)} 秒（有效期 ${Math.round((found.expiresAt - found.issuedAt) / 1000)} 秒）`,
      };
    }
    found.usedAt = now;
    return { ok: true, code: found };
  }

  get size(): number {
    return this.codes.size;
  }

  /** The codes not expired at `now` (used ones too, so a second use still says "used"). */
  list(now: number): AuthCode[] {
    return [...this.codes.values()]
      .filter((c) => c.expiresAt > now)
      .map((c) => ({ ...c, scopes: [...c.scopes] }));
  }

  /** Re-install saved codes (a restart with --state). Malformed entries are skipped. */
  restore(codes: readonly AuthCode[]): void {
    for (const c of codes) if (isAuthCode(c)) this.codes.set(c.code, { ...c, scopes: [...c.scopes] });
  }

  /** Forget codes long past expiry so the store stays bounded under load (used ones are kept a while to say "used"). */
  private sweep(now: number): void {
    if (this.codes.size < 1024) return;
    for (const [k, c] of this.codes) if (c.expiresAt + AUTH_CODE_TTL_MS < now) this.codes.delete(k);
  }
}

const KINDS: ReadonlySet<unknown> = new Set<AuthCodeKind>(['inapp', 'oauth', 'sns']);

const isAuthCode = (c: unknown): c is AuthCode => {
  const a = c as Partial<AuthCode> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.code === 'string' &&
    KINDS.has(a.kind) &&
    typeof a.appKey === 'string' &&
    typeof a.userid === 'string' &&
    typeof a.issuedAt === 'number' &&
    typeof a.expiresAt === 'number' &&
    (a.usedAt === null || typeof a.usedAt === 'number') &&
    Array.isArray(a.scopes)
  );
};

function mask(code: string): string {
  return code.length > 6 ? `${code.slice(0, 6)}…` : code;
}
