/**
 * The app (corp) access token: fetched with /gettoken, cached until a little before `expires_in`
 * runs out, shared by concurrent callers (one fetch in flight), and dropped when DingTalk says it is
 * invalid so the next call fetches a fresh one (X2).
 */

/** Renew this long before DingTalk's expiry, so a token never dies mid-call. */
export const RENEW_EARLY_MS = 5 * 60_000;

export interface FetchedToken {
  token: string;
  expiresInSeconds: number;
}

export class AppTokenCache {
  private current: { token: string; renewAt: number } | null = null;
  private inFlight: Promise<string> | null = null;
  /** How many tokens were fetched (tests and the admin page read it). */
  fetches = 0;

  constructor(
    private readonly fetchToken: () => Promise<FetchedToken>,
    private readonly now: () => number,
  ) {}

  async get(): Promise<string> {
    if (this.current && this.now() < this.current.renewAt) return this.current.token;
    this.inFlight ??= this.fetchToken()
      .then((t) => {
        this.fetches++;
        const lifetime = t.expiresInSeconds * 1000;
        this.current = {
          token: t.token,
          renewAt: this.now() + Math.max(lifetime - RENEW_EARLY_MS, lifetime / 2),
        };
        return t.token;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** DingTalk refused this token: forget it (only if it is still the cached one). */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }
}
