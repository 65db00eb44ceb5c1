/**
 * Consent (授权) a person gave an app on the web-login consent page (`prompt=consent`): remembered
 * per user and app, so the next login skips the page when every point is already granted
 * (docs/dingtalk/web-login.md, C[P9]). Runtime state, like tokens: not part of tenant snapshots.
 */

/** A personal point as the consent page lists it. */
export interface ConsentPoint {
  point: string;
  /** The bullet the page shows (docs/dingtalk/web-login.md; the mapping point → text is U). */
  text: string;
}

const POINT_TEXT: Record<string, string> = {
  openid: '获取你的个人基本信息',
  'Contact.User.Read': '获取你的个人基本信息',
  'Contact.User.mobile': '获取你的手机号',
  corpid: '获取你的企业ID',
};

/** Scopes of the app or the request that are personal (个人权限) and shown on the consent page. */
export const PERSONAL_POINTS: ReadonlySet<string> = new Set(Object.keys(POINT_TEXT));

/**
 * What a login asks the person to grant: always the basic identity (openid), the login's requested
 * personal scopes, and the personal points the app holds (U: DingTalk lists the app's 个人权限).
 */
export function consentPoints(appScopes: readonly string[], requested: readonly string[]): ConsentPoint[] {
  const points = new Set<string>(['openid']);
  for (const s of [...requested, ...appScopes]) if (PERSONAL_POINTS.has(s)) points.add(s);
  return [...points].map((point) => ({ point, text: POINT_TEXT[point]! }));
}

export class Consents {
  private readonly granted = new Map<string, Set<string>>();

  grant(appKey: string, userid: string, points: readonly string[]): void {
    const key = `${appKey}\u0000${userid}`;
    let set = this.granted.get(key);
    if (!set) this.granted.set(key, (set = new Set()));
    for (const p of points) set.add(p);
  }

  /** The points not granted yet (empty: the consent page is skipped). */
  missing(appKey: string, userid: string, points: readonly string[]): string[] {
    const set = this.granted.get(`${appKey}\u0000${userid}`);
    return points.filter((p) => !set?.has(p));
  }

  /** Forget one user's consent to an app (what 解除授权 does), or everything of an app. */
  revoke(appKey: string, userid?: string): void {
    if (userid !== undefined) {
      this.granted.delete(`${appKey}\u0000${userid}`);
      return;
    }
    for (const key of [...this.granted.keys()])
      if (key.startsWith(`${appKey}\u0000`)) this.granted.delete(key);
  }
}
