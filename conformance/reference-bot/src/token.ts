/**
 * The bot's app access token: POST https://api.dingtalk.com/v1.0/oauth2/accessToken with its
 * clientId/clientSecret (= AppKey/AppSecret), kept until five minutes before `expireIn` runs out.
 * https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
 */
import { API_BASE, type Credentials } from './config.ts';

export class TokenSource {
  private current: { token: string; renewAt: number } | null = null;

  constructor(private readonly creds: Credentials) {}

  async token(): Promise<string> {
    if (this.current && Date.now() < this.current.renewAt) return this.current.token;
    const res = await fetch(`${API_BASE}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ appKey: this.creds.clientId, appSecret: this.creds.clientSecret }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      accessToken?: string;
      expireIn?: number;
      message?: string;
    };
    if (!res.ok || !body.accessToken) {
      throw new Error(`accessToken: HTTP ${res.status} ${body.message ?? ''}`.trim());
    }
    const ttl = (body.expireIn ?? 7200) * 1000;
    this.current = { token: body.accessToken, renewAt: Date.now() + Math.max(ttl - 300_000, ttl / 2) };
    return body.accessToken;
  }

  /** A token DingTalk refused: fetch a new one next time. */
  forget(): void {
    this.current = null;
  }
}
