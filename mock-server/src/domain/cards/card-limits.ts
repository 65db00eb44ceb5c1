/**
 * What limits a tenant's card calls (docs/dingtalk/cards.md § Limits): a per-app, per-API rate in a
 * one-second window (C: DingTalk's throttling page, 20 calls a second on a standard org; the answer is
 * 403 QpsLimitForAppkeyAndApi), and an optional monthly card-call quota for the corp (付费 API 调用量:
 * O — 5,000 a month free in 2026; every card call counts, each streaming update too), off unless the
 * tenant sets one. Time is the tenant's clock, so tests move it instead of sleeping; months are China
 * months (UTC+8, U).
 */
import { because, DingTalkError } from '../errors.ts';

export interface CardSettings {
  /** Calls a second per app and API (default 20; C). */
  qps: number;
  /** Card calls a month for the whole corp; null = no quota (the default). */
  monthlyQuota: number | null;
  /**
   * Template ids the corp has (besides DingTalk's own AI card templates); null = any id of the form
   * `<uuid>.schema` is taken as a published template.
   */
  templates: string[] | null;
}

export const DEFAULT_CARD_SETTINGS: Readonly<CardSettings> = { qps: 20, monthlyQuota: null, templates: null };

export interface CardUsage {
  /** China month as `YYYY-MM`. */
  month: string;
  used: number;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
export const chinaMonth = (now: number): string => new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 7);

/** At most this many (app, API) windows are remembered; older ones are dropped (memory stays flat). */
const WINDOWS_KEPT = 1000;

export class CardLimits {
  settings: CardSettings = structuredClone(DEFAULT_CARD_SETTINGS) as CardSettings;
  usage: CardUsage = { month: '', used: 0 };
  /** (app, API) → the current second and the calls in it. */
  private readonly windows = new Map<string, { second: number; calls: number }>();

  /**
   * One card call: refused with rateLimited past the rate, cardQuotaExceeded past the quota; counted
   * against the quota when let through.
   */
  admit(appKey: string, api: string, now: number): void {
    const key = `${appKey}\u0000${api}`;
    const second = Math.floor(now / 1000);
    let w = this.windows.get(key);
    if (!w || w.second !== second) {
      this.windows.delete(key);
      w = { second, calls: 0 };
      this.windows.set(key, w);
      if (this.windows.size > WINDOWS_KEPT) this.windows.delete(this.windows.keys().next().value!);
    }
    if (w.calls >= this.settings.qps) {
      throw new DingTalkError(
        'rateLimited',
        because(
          `应用 ${appKey} 在 1 秒内调用 ${api} 超过 ${this.settings.qps} 次（QPS 限制）`,
          `app ${appKey} called ${api} more than ${this.settings.qps} times within one second (QPS limit)`,
        ),
        { appKey },
      );
    }
    const month = chinaMonth(now);
    if (this.usage.month !== month) this.usage = { month, used: 0 };
    const quota = this.settings.monthlyQuota;
    if (quota !== null && this.usage.used >= quota) {
      throw new DingTalkError(
        'cardQuotaExceeded',
        because(
          `本月（${month}）卡片接口调用量已用完：${this.usage.used}/${quota} 次`,
          `the corp's card calls for ${month} are used up: ${this.usage.used} of ${quota}`,
        ),
        { appKey },
      );
    }
    w.calls++;
    this.usage.used++;
  }

  /** Change the settings (admin API); the quota's count stays. */
  configure(patch: Partial<CardSettings>): CardSettings {
    this.settings = { ...this.settings, ...patch };
    return this.settings;
  }

  view(now: number): CardSettings & CardUsage {
    const month = chinaMonth(now);
    const used = this.usage.month === month ? this.usage.used : 0;
    return { ...this.settings, month, used };
  }
}
