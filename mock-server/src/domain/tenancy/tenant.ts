/**
 * A tenant is one corp (组织): its apps, directory, clock, tokens and journal. Requests find their
 * tenant through credentials and tokens, so many tenants live in one process without interfering.
 */
import { AppTokens, type IssuedToken, type TokenIndex } from '../apps/app-tokens.ts';
import { AuthCodes, type AuthCode } from '../login/auth-codes.ts';
import { createApp, type App, type AppInput } from '../apps/apps.ts';
import { Clock, type ClockState } from './clock.ts';
import { Consents } from '../login/consents.ts';
import { Directory, type DirectorySnapshot } from '../directory/directory.ts';
import {
  newAgentId,
  newAppId,
  newAppKey,
  newAppSecret,
  newCorpId,
  newRobotSecret,
  newRobotToken,
} from '../ids.ts';
import { Journal } from '../journal/journal.ts';
import { QrLogins } from '../login/qr-logins.ts';
import { UserTokens, type UserToken } from '../login/user-tokens.ts';
import { PermissionUsage } from '../apps/permission-usage.ts';
import { FaultRules } from '../../faults/engine.ts';
import type { FaultRule } from '../../faults/rule.ts';
import { JsapiTickets } from '../in-app/jsapi-tickets.ts';
import { MediaStore } from '../messaging/media.ts';
import { DEFAULT_SCOPES } from '../apps/scopes.ts';
import { Messaging, type MessagingOptions, type MessagingSnapshot } from '../messaging/messaging.ts';
import type { ChatConfig, RobotConfig } from '../messaging/robots.ts';
import { oneToOneChatId } from '../chats/chats.ts';
import { Stubs } from '../stubs/stubs.ts';
import type { Stub } from '../stubs/stub.ts';
import { EventOutbox, type EventSubscription, type OutboxOptions } from '../events/event-outbox.ts';
import { Bots } from '../bots/bots.ts';
import { Cards, type CardsSnapshot } from '../cards/cards.ts';
import type { StreamOptions } from '../bots/stream-hub.ts';

/**
 * 2: apps list qyapi_base (默认开通) in their scopes. A version-1 snapshot is read with
 * DEFAULT_SCOPES added to every app: they held it implicitly then.
 */
export const SNAPSHOT_VERSION = 2;

export interface TenantSnapshot {
  version: number;
  corpId: string;
  name: string;
  apps: App[];
  directory: DirectorySnapshot;
  clock?: ClockState;
  /** Fault rules with their hit counts. */
  faults?: FaultRule[];
  /** Corp access tokens in force (kept by --state so clients survive a restart). */
  appTokens?: IssuedToken[];
  /** User access and refresh tokens of the web login still good for something (kept by --state). */
  userTokens?: UserToken[];
  /** Unexpired 免登, web-login and legacy QR codes (kept by --state: a login in progress survives). */
  authCodes?: AuthCode[];
  /** Group chats (optional: snapshots written before robots existed have none). */
  chats?: ChatConfig[];
  /** Custom group robots posting into those chats. */
  robots?: RobotConfig[];
  /** Sent messages, inboxes with read state, chat histories (see MessagingSnapshot). */
  messages?: MessagingSnapshot['messages'];
  /** Stubs answering calls to endpoints the sandbox does not emulate (docs/stubs.md). */
  stubs?: Stub[];
  /** Apps' event subscriptions (事件订阅: push mode, event types, the verified callback URL). */
  eventSubscriptions?: EventSubscription[];
  /** Card instances, the card settings (QPS, monthly quota, templates) and this month's card calls. */
  cards?: CardsSnapshot;
}

/** What a tenant tells the sandbox so that requests can find it. */
export interface TenantHooks {
  tokenIndex: TokenIndex;
  /** Where user access tokens (web login) are indexed: token → owner. */
  userTokenIndex: TokenIndex;
  appAdded(appKey: string, corpId: string): void;
  appRemoved(appKey: string): void;
  /** A custom robot's webhook token now points at this tenant (optional for older callers). */
  robotAdded?(accessToken: string, corpId: string): void;
  robotRemoved?(accessToken: string): void;
}

export interface TenantOptions {
  journalSize?: number;
  /** Route ids fault rules may name (the HTTP layer knows them). */
  knownRoutes?: () => readonly string[];
  /** Inbox, delivery and chat caps, flow control and robot throttling. */
  messaging?: MessagingOptions;
  /** Event delivery: retry schedule and queue bounds. */
  events?: OutboxOptions;
  /** Stream mode: redelivery, queue bounds, ping and disconnect timing (domain/bots/stream-hub.ts). */
  bots?: StreamOptions;
}

/** Who a tenant is: its corp's id and name, and its address book. */
export interface TenantCorp {
  corpId: string;
  name: string;
  directory: Directory;
}

export class TenantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantError';
  }
}

export class Tenant {
  readonly corpId: string;
  name: string;
  readonly directory: Directory;
  readonly clock = new Clock();
  readonly journal: Journal;
  readonly appTokens: AppTokens;
  /** 免登, web-login and legacy QR codes issued to this corp's apps. */
  readonly authCodes = new AuthCodes();
  /** QR login sessions of both web-login generations. */
  readonly qrLogins = new QrLogins();
  /** User access tokens from /v1.0/oauth2/userAccessToken. */
  readonly userTokens: UserTokens;
  /** What people consented to on the web-login consent page, per app. */
  readonly consents = new Consents();
  readonly faults: FaultRules;
  /** Stubs for endpoints the sandbox does not emulate (domain/stubs). */
  readonly stubs = new Stubs();
  /** Permission points each app's traffic needed (the minimal-permission report). */
  readonly permissionUsage = new PermissionUsage();
  /** jsapi_tickets for dd.config, one per app. */
  readonly jsapiTickets = new JsapiTickets();
  /** Files from media/upload, named by media_id in messages (memory only, bounded: media.ts). */
  readonly media = new MediaStore();
  /** Work notifications, robots, chats and every inbox. */
  readonly messaging: Messaging;
  /** Directory events and their deliveries to subscribed apps (事件订阅). */
  readonly events: EventOutbox;
  /** Bots: Stream tickets and connections, pushed callbacks, sessionWebhook replies (domain/bots/). */
  readonly bots: Bots;
  /** Interactive and AI cards: instances, their data and spaces, QPS and quota (domain/cards/). */
  readonly cards: Cards;
  private readonly apps = new Map<string, App>();

  constructor(
    corp: TenantCorp,
    private readonly hooks: TenantHooks,
    options: TenantOptions = {},
  ) {
    const { corpId } = corp;
    this.corpId = corpId;
    this.name = corp.name;
    this.directory = corp.directory;
    this.journal = new Journal(options.journalSize ?? 1000);
    this.appTokens = new AppTokens(corpId, hooks.tokenIndex);
    this.userTokens = new UserTokens(corpId, hooks.userTokenIndex);
    this.faults = new FaultRules(options.knownRoutes);
    this.messaging = new Messaging(
      {
        robotAdded: (token) => hooks.robotAdded?.(token, corpId),
        robotRemoved: (token) => hooks.robotRemoved?.(token),
      },
      options.messaging,
    );
    this.events = new EventOutbox(
      corpId,
      {
        dropped: (d, why) =>
          this.journal.record({
            at: this.clock.now(),
            requestId: d.id.replaceAll('-', '').slice(0, 14),
            host: 'event',
            method: d.channel === 'http' ? 'POST' : 'EVENT',
            path: d.event.eventType,
            route: `event.${d.channel}`,
            status: 0,
            outcome: 'error',
            reason: `event ${d.event.eventId} (${d.event.eventType}) for app ${d.appKey} dropped: ${why}`,
            reasonZh: `事件 ${d.event.eventId}（${d.event.eventType}）未送达应用 ${d.appKey} 即被丢弃：队列已满`,
            appKey: d.appKey,
            durationMs: 0,
          }),
      },
      options.events,
    );
    this.directory.onChange((change) => this.events.record(change, this.clock.now()));
    // 离职 is stamped with the tenant's clock (leaver listings read it).
    this.directory.useClock(() => this.clock.now());
    this.bots = new Bots(
      {
        corpId,
        clock: this.clock,
        journal: this.journal,
        apps: this,
        directory: this.directory,
        faults: this.faults,
        chats: this.messaging.chats,
        media: this.media,
      },
      options.bots,
    );
    this.cards = new Cards({ chats: this.messaging.chats, users: this.directory, apps: this });
  }

  static fromSnapshot(snapshot: TenantSnapshot, hooks: TenantHooks, options: TenantOptions = {}): Tenant {
    if (snapshot.version !== SNAPSHOT_VERSION && snapshot.version !== 1) {
      throw new TenantError(`unsupported tenant snapshot version ${snapshot.version}`);
    }
    const tenant = new Tenant(
      { corpId: snapshot.corpId, name: snapshot.name, directory: Directory.fromSnapshot(snapshot.directory) },
      hooks,
      options,
    );
    if (snapshot.clock) tenant.clock.restore(snapshot.clock);
    if (snapshot.faults) tenant.faults.restore(snapshot.faults);
    if (Array.isArray(snapshot.stubs)) {
      try {
        tenant.stubs.restore(snapshot.stubs);
      } catch (e) {
        throw new TenantError(`tenant ${snapshot.corpId}: ${(e as Error).message}`);
      }
    }
    for (const app of snapshot.apps) {
      const copy = structuredClone(app);
      if (snapshot.version === 1) copy.scopes = [...new Set([...DEFAULT_SCOPES, ...(copy.scopes ?? [])])];
      tenant.addApp(copy);
    }
    if (snapshot.appTokens) tenant.appTokens.restore(snapshot.appTokens);
    // Only for apps the tenant has: a token of a deleted app must not resolve.
    const known = (x: { appKey?: unknown } | null) => tenant.apps.has(x?.appKey as string);
    if (Array.isArray(snapshot.userTokens)) tenant.userTokens.restore(snapshot.userTokens.filter(known));
    if (Array.isArray(snapshot.authCodes)) tenant.authCodes.restore(snapshot.authCodes.filter(known));
    for (const sub of snapshot.eventSubscriptions ?? [])
      if (tenant.apps.has(sub.appKey)) tenant.events.subscribe(sub);
    tenant.messaging.restore(
      { chats: snapshot.chats, robots: snapshot.robots, messages: snapshot.messages },
      tenant.clock.now(),
    );
    if (snapshot.cards) tenant.cards.restore(snapshot.cards);
    return tenant;
  }

  toSnapshot(): TenantSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      corpId: this.corpId,
      name: this.name,
      apps: this.listApps().map((a) => structuredClone(a)),
      directory: this.directory.toSnapshot(),
      clock: this.clock.toJSON(),
      faults: this.faults.toJSON(),
      stubs: this.stubs.toJSON(),
      appTokens: this.appTokens.list(),
      userTokens: this.userTokens.list(this.clock.now()),
      authCodes: this.authCodes.list(this.clock.now()),
      ...this.messaging.toSnapshot(),
      eventSubscriptions: this.events.listSubscriptions(),
      cards: this.cards.toSnapshot(),
    };
  }

  // ---- apps ----

  addApp(input: AppInput): App {
    const app = createApp(input, this.clock.now());
    if (this.apps.has(app.appKey)) throw new TenantError(`app ${app.appKey} exists`);
    this.apps.set(app.appKey, app);
    this.hooks.appAdded(app.appKey, this.corpId);
    return app;
  }

  getApp(appKey: string): App | undefined {
    return this.apps.get(appKey);
  }

  findAppByAgentId(agentId: number): App | undefined {
    for (const app of this.apps.values()) if (app.agentId === agentId) return app;
    return undefined;
  }

  listApps(): App[] {
    return [...this.apps.values()];
  }

  removeApp(appKey: string): void {
    if (!this.apps.delete(appKey)) throw new TenantError(`app ${appKey} does not exist`);
    this.appTokens.revoke(appKey);
    this.userTokens.revokeApp(appKey);
    this.consents.revoke(appKey);
    this.jsapiTickets.revoke(appKey);
    this.events.unsubscribe(appKey);
    this.hooks.appRemoved(appKey);
  }

  /** 重置 AppSecret: the old secret stops working; tokens already issued stay valid until expiry. */
  resetSecret(appKey: string): string {
    const app = this.apps.get(appKey);
    if (!app) throw new TenantError(`app ${appKey} does not exist`);
    app.appSecret = newAppSecret();
    return app.appSecret;
  }

  /** Drop everything owned by this tenant from the sandbox's indexes. */
  detach(): void {
    this.appTokens.revokeAll();
    this.userTokens.revokeAll();
    for (const appKey of this.apps.keys()) this.hooks.appRemoved(appKey);
    this.messaging.robots.detach();
    this.bots.detach();
  }
}

/**
 * A copy of a snapshot with new identities (corpId, AppKeys, secrets, AgentIds) but the same
 * configuration and directory: an isolated tenant for a parallel test.
 */
export function freshIdentities(snapshot: TenantSnapshot, name?: string): TenantSnapshot {
  const copy = structuredClone(snapshot);
  copy.corpId = newCorpId();
  if (name) copy.name = name;
  copy.clock = undefined;
  copy.faults = undefined;
  copy.appTokens = undefined;
  copy.userTokens = undefined;
  copy.authCodes = undefined;
  // Sent messages belong to the corp and apps they were sent by: a fresh copy starts with empty inboxes.
  copy.messages = undefined;
  copy.cards = undefined;
  // Event subscriptions are encrypted for the original AppKeys and point at the original's receivers.
  copy.eventSubscriptions = undefined;
  const newKeys = new Map<string, string>();
  for (const app of copy.apps) {
    const appKey = newAppKey();
    newKeys.set(app.appKey, appKey);
    app.appKey = appKey;
    app.appSecret = newAppSecret();
    app.agentId = newAgentId();
    app.appId = newAppId();
  }
  // A bot's robotCode is its AppKey: the chats it sits in follow it, and a one-to-one chat's id (made
  // from robotCode and person) is made again; chats of the copy drop the originals' derived chatid.
  for (const chat of copy.chats ?? []) {
    if (!chat.robotCodes?.length) continue;
    chat.robotCodes = chat.robotCodes.map((code) => newKeys.get(code) ?? code);
    if (chat.kind === 'oto') {
      chat.openConversationId = oneToOneChatId(chat.robotCodes[0]!, chat.ownerUserid);
      chat.chatid = undefined;
    }
  }
  // Robot webhooks are found by token alone, so a copy needs its own tokens (and secrets).
  for (const robot of copy.robots ?? []) {
    robot.accessToken = newRobotToken();
    if (robot.secret) robot.secret = newRobotSecret();
  }
  return copy;
}
