/**
 * User access tokens (用户 access token) of the new web login, one store per tenant: issued by
 * `/v1.0/oauth2/userAccessToken` for an `oauth` code, used on `/v1.0/contact/users/me`.
 *
 * - access token: `expireIn` 7200 s (docs/dingtalk/hosts-and-errors.md: "7200 typical", U), judged on the tenant clock;
 * - refresh token: single use and rotating — a refresh returns a new pair and kills the old refresh
 *   token; the old access token stays valid until its own expiry (U); lifetime 30 days (U).
 *
 * `--state` keeps the tokens still good for something (`list` / `restore`), so a restart neither
 * signs people out nor breaks a 30-day refresh token.
 */
import type { TokenIndex } from '../apps/app-tokens.ts';
import { newAccessToken, newRefreshToken } from '../ids.ts';

export const USER_TOKEN_TTL_SECONDS = 7200;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

export interface UserToken {
  token: string;
  refreshToken: string;
  appKey: string;
  userid: string;
  /** The login's scope list (e.g. openid, corpid, Contact.User.Read), carried over on refresh. */
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  refreshExpiresAt: number;
  /** When its refresh token was used (it works once). */
  refreshedAt: number | null;
}

export type RefreshResult = { ok: true; token: UserToken } | { ok: false; reason: string; reasonZh: string };

export class UserTokens {
  private readonly byToken = new Map<string, UserToken>();
  private readonly byRefresh = new Map<string, UserToken>();

  constructor(
    private readonly corpId: string,
    private readonly index: TokenIndex,
  ) {}

  issue(input: { appKey: string; userid: string; scopes: string[] }, now: number): UserToken {
    this.sweep(now);
    const t: UserToken = {
      token: newAccessToken(),
      refreshToken: newRefreshToken(),
      appKey: input.appKey,
      userid: input.userid,
      scopes: [...input.scopes],
      issuedAt: now,
      expiresAt: now + USER_TOKEN_TTL_SECONDS * 1000,
      refreshExpiresAt: now + REFRESH_TOKEN_TTL_MS,
      refreshedAt: null,
    };
    this.byToken.set(t.token, t);
    this.byRefresh.set(t.refreshToken, t);
    this.index.set(t.token, { corpId: this.corpId, appKey: t.appKey });
    return t;
  }

  find(token: string): UserToken | undefined {
    return this.byToken.get(token);
  }

  /** Trade a refresh token for a new pair: only once, only by its app, before it expires. */
  refresh(refreshToken: string, appKey: string, now: number): RefreshResult {
    const old = this.byRefresh.get(refreshToken);
    const shown = `${refreshToken.slice(0, 6)}…`;
    if (!old) {
      return {
        ok: false,
        reason: `refresh token ${shown} was never issued by this corp`,
        reasonZh: `refresh token ${shown} 不是本组织发放的`,
      };
    }
    if (old.appKey !== appKey) {
      return {
        ok: false,
        reason: `refresh token ${shown} belongs to app ${old.appKey}, not to ${appKey}`,
        reasonZh: `refresh token ${shown} 属于应用 ${old.appKey}，不属于 ${appKey}`,
      };
    }
    if (old.refreshedAt !== null) {
      return {
        ok: false,
        reason: `refresh token ${shown} was already used ${Math.round((now - old.refreshedAt) / 1000)} s ago; refresh tokens rotate and work once`,
        reasonZh: `refresh token ${shown} 已在 ${Math.round((now - old.refreshedAt) / 1000)} 秒前用过；refresh token 每次刷新都会换新，只能用一次`,
      };
    }
    if (old.refreshExpiresAt <= now) {
      return {
        ok: false,
        reason: `refresh token ${shown} expired (valid ${REFRESH_TOKEN_TTL_MS / 86_400_000} days)`,
        reasonZh: `refresh token ${shown} 已过期（有效期 ${REFRESH_TOKEN_TTL_MS / 86_400_000} 天）`,
      };
    }
    old.refreshedAt = now;
    return { ok: true, token: this.issue({ appKey, userid: old.userid, scopes: old.scopes }, now) };
  }

  /** Tokens still good for something at `now` — a live access token or an unused live refresh token. */
  list(now: number): UserToken[] {
    return [...this.byToken.values()]
      .filter((t) => !isDead(t, now))
      .map((t) => ({ ...t, scopes: [...t.scopes] }));
  }

  /** Re-install saved tokens (a restart with --state): the same values keep working. Malformed entries are skipped. */
  restore(tokens: readonly UserToken[]): void {
    for (const saved of tokens) {
      if (!isUserToken(saved)) continue;
      const t: UserToken = { ...saved, scopes: [...saved.scopes] };
      this.byToken.set(t.token, t);
      this.byRefresh.set(t.refreshToken, t);
      this.index.set(t.token, { corpId: this.corpId, appKey: t.appKey });
    }
  }

  /** Drop every token of an app (app deleted). */
  revokeApp(appKey: string): void {
    for (const t of [...this.byToken.values()]) if (t.appKey === appKey) this.drop(t);
  }

  revokeAll(): void {
    for (const t of [...this.byToken.values()]) this.drop(t);
  }

  get size(): number {
    return this.byToken.size;
  }

  private drop(t: UserToken): void {
    this.byToken.delete(t.token);
    this.byRefresh.delete(t.refreshToken);
    this.index.delete(t.token);
  }

  /** Keep the store bounded: forget tokens whose access and refresh halves are both dead. */
  private sweep(now: number): void {
    if (this.byToken.size < 1024) return;
    for (const t of [...this.byToken.values()]) if (isDead(t, now)) this.drop(t);
  }
}

/** Both halves unusable: the access token expired and the refresh token expired or was used. */
const isDead = (t: UserToken, now: number): boolean =>
  t.expiresAt <= now && (t.refreshExpiresAt <= now || t.refreshedAt !== null);

const isUserToken = (t: unknown): t is UserToken => {
  const u = t as Partial<UserToken> | null;
  return (
    typeof u === 'object' &&
    u !== null &&
    typeof u.token === 'string' &&
    typeof u.refreshToken === 'string' &&
    typeof u.appKey === 'string' &&
    typeof u.userid === 'string' &&
    Array.isArray(u.scopes) &&
    typeof u.issuedAt === 'number' &&
    typeof u.expiresAt === 'number' &&
    typeof u.refreshExpiresAt === 'number' &&
    (u.refreshedAt === null || typeof u.refreshedAt === 'number')
  );
};
