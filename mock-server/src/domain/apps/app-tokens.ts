/**
 * Corp (app) access tokens. 7200 s; fetching again inside the validity returns the same token and
 * renews it (docs/dingtalk/tokens.md, C[S34]); after expiry a new one is issued and the old one is dead.
 * Tokens of both generations are interchangeable for the same app.
 */
import { newAccessToken } from '../ids.ts';

export const APP_TOKEN_TTL_SECONDS = 7200;

export interface IssuedToken {
  token: string;
  appKey: string;
  expiresAt: number;
}

/** Where tokens of every tenant are looked up: token → owner. Shared by all tenants of a sandbox. */
export interface TokenIndex {
  set(token: string, owner: { corpId: string; appKey: string }): void;
  delete(token: string): void;
}

export class AppTokens {
  private readonly byApp = new Map<string, IssuedToken>();

  constructor(
    private readonly corpId: string,
    private readonly index: TokenIndex,
  ) {}

  /** The app's token at `now`, reusing and renewing a valid one. */
  issue(appKey: string, now: number): IssuedToken {
    const current = this.byApp.get(appKey);
    if (current && current.expiresAt > now) {
      current.expiresAt = now + APP_TOKEN_TTL_SECONDS * 1000;
      return current;
    }
    if (current) this.index.delete(current.token);
    const fresh = { token: newAccessToken(), appKey, expiresAt: now + APP_TOKEN_TTL_SECONDS * 1000 };
    this.byApp.set(appKey, fresh);
    this.index.set(fresh.token, { corpId: this.corpId, appKey });
    return fresh;
  }

  /** The record of a token this tenant issued (valid or expired), if it is the app's current one. */
  find(token: string, appKey: string): IssuedToken | undefined {
    const t = this.byApp.get(appKey);
    return t && t.token === token ? t : undefined;
  }

  /** Drop an app's token (secret reset, app deleted). */
  revoke(appKey: string): void {
    const t = this.byApp.get(appKey);
    if (t) this.index.delete(t.token);
    this.byApp.delete(appKey);
  }

  revokeAll(): void {
    for (const appKey of [...this.byApp.keys()]) this.revoke(appKey);
  }

  list(): IssuedToken[] {
    return [...this.byApp.values()].map((t) => ({ ...t }));
  }

  /** Re-install tokens from a saved state (the same values keep working after a restart). */
  restore(tokens: IssuedToken[]): void {
    for (const t of tokens) {
      this.revoke(t.appKey);
      this.byApp.set(t.appKey, { ...t });
      this.index.set(t.token, { corpId: this.corpId, appKey: t.appKey });
    }
  }
}
