/**
 * The DingTalk side of the BI as configured in 管理员设置 > 系统集成 > 钉钉: the saved app, whether
 * DingTalk is enabled, and one client per saved AppKey/AppSecret (so the token cache survives between
 * requests and is dropped when the credentials change).
 */
import type { DingTalkHosts } from '../config.ts';
import type { Db } from '../db/database.ts';
import { getSetting, type DingTalkApp } from '../db/settings.ts';
import { DingTalkClient, type AppCredentials } from './client.ts';
import type { TransportOptions } from './transport.ts';

export class DingTalkService {
  private cached: DingTalkClient | null = null;

  constructor(
    private readonly db: Db,
    readonly hosts: DingTalkHosts,
    readonly transport: TransportOptions,
    /** Real time: tokens expire on DingTalk's clock, not the BI's test clock. */
    private readonly now: () => number = Date.now,
  ) {}

  get app(): DingTalkApp | null {
    return getSetting(this.db, 'dingtalk.app');
  }

  /** Configured and switched on (the feature switch, the app, and 开启钉钉功能). */
  get enabled(): boolean {
    return (
      getSetting(this.db, 'feature.dingtalk') && getSetting(this.db, 'dingtalk.enabled') && this.app !== null
    );
  }

  get generation(): 'new' | 'legacy' {
    return getSetting(this.db, 'dingtalk.generation');
  }

  /** The client for the saved app; null when nothing is saved. */
  client(): DingTalkClient | null {
    const app = this.app;
    if (!app) return null;
    const c = this.cached;
    if (!c || c.app.appKey !== app.appKey || c.app.appSecret !== app.appSecret) {
      this.cached = this.clientFor(app);
    }
    return this.cached;
  }

  /** A throwaway client, e.g. for 测试连接 with values not saved yet. */
  clientFor(creds: AppCredentials): DingTalkClient {
    return new DingTalkClient(
      { hosts: this.hosts, transport: this.transport, now: this.now },
      { appKey: creds.appKey, appSecret: creds.appSecret },
    );
  }
}
