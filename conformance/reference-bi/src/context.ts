/** What every route handler can reach: the database, the clock, DingTalk, the options. */
import type { Logger } from 'pino';
import type { BiOptions, DingTalkHosts } from './config.ts';
import type { BiClock } from './clock.ts';
import type { Db } from './db/database.ts';
import type { BiUser } from './db/users.ts';
import type { DingTalkService } from './dingtalk/service.ts';
import type { TransportOptions } from './dingtalk/transport.ts';
import type { Jobs } from './messaging/jobs.ts';
import type { AccountSync } from './sync/account-sync.ts';

export interface BiContext {
  db: Db;
  clock: BiClock;
  dingtalk: DingTalkService;
  hosts: DingTalkHosts;
  transport: TransportOptions;
  logger: Logger;
  options: BiOptions;
  /** Where people reach the BI (no trailing slash). */
  publicUrl(): string;
}

/** koa ctx.state as the BI fills it. */
export interface BiState {
  user?: BiUser;
}

/** The context plus the long-lived workers routes start. */
export interface BiServices extends BiContext {
  jobs: Jobs;
  sync: AccountSync;
}
