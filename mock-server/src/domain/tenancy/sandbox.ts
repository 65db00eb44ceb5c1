/**
 * The sandbox: every tenant of one process, and the indexes that let a request find its tenant from
 * an AppKey or a token alone (unmodified clients send no tenant header).
 */
import type { App } from '../apps/apps.ts';
import type { IssuedToken } from '../apps/app-tokens.ts';
import { Journal } from '../journal/journal.ts';
import type { UserToken } from '../login/user-tokens.ts';
import type { MessagingOptions } from '../messaging/messaging.ts';
import type { RobotConfig } from '../messaging/robots.ts';
import type { StreamOptions } from '../bots/stream-hub.ts';
import type { OutgoingPost } from '../bots/outgoing.ts';
import { freshIdentities, Tenant, TenantError, type TenantSnapshot } from './tenant.ts';
import type { Delivery } from '../events/event-outbox.ts';

export interface SandboxOptions {
  /** Journal entries kept per tenant. */
  journalSize?: number;
  /** How often the QR login pages poll their status, in ms (default 500). */
  loginPollMs?: number;
  /** Route ids fault rules may name. */
  knownRoutes?: () => readonly string[];
  /** Inbox / delivery / chat caps and robot throttling, per tenant. */
  messaging?: MessagingOptions;
  /** Stream mode's redelivery, queue bounds and timing, per tenant (domain/bots/stream-hub.ts). */
  bots?: StreamOptions;
}

export type TokenLookup =
  | { status: 'valid'; tenant: Tenant; app: App; token: IssuedToken }
  | { status: 'expired'; tenant: Tenant; app: App; token: IssuedToken }
  | { status: 'unknown' };

export type UserTokenLookup =
  { status: 'valid' | 'expired'; tenant: Tenant; app: App; token: UserToken } | { status: 'unknown' };

export class Sandbox {
  private readonly tenants = new Map<string, Tenant>();
  private readonly appOwners = new Map<string, string>();
  private readonly tokenOwners = new Map<string, { corpId: string; appKey: string }>();
  private readonly userTokenOwners = new Map<string, { corpId: string; appKey: string }>();
  /** Custom robot webhook token → corpId. */
  private readonly robotOwners = new Map<string, string>();
  /** Calls that could not be tied to any tenant (unknown credentials, unknown paths without a token). */
  readonly unattributed: Journal;
  defaultCorpId: string | null = null;
  /** Event transports (HTTP pusher, Stream gateway) told of each delivery queued in any tenant. */
  readonly eventQueued = new Set<(tenant: Tenant, delivery: Delivery) => void>();
  /** Told when a tenant's clock jumps (the event transports look for retries that just fell due). */
  readonly clockMoved = new Set<(tenant: Tenant) => void>();
  /** A bot in HTTP mode has a message to POST (events/robot-http-pusher.ts sends it). */
  readonly botPostQueued = new Set<(tenant: Tenant, post: OutgoingPost) => void>();

  constructor(readonly options: SandboxOptions = {}) {
    this.unattributed = new Journal(options.journalSize ?? 1000);
  }

  /** Load a tenant. `fresh` gives it new identities so it cannot collide with the snapshot's origin. */
  addTenant(snapshot: TenantSnapshot, opts: { fresh?: boolean; name?: string } = {}): Tenant {
    const source = opts.fresh ? freshIdentities(snapshot, opts.name) : snapshot;
    if (this.tenants.has(source.corpId)) throw new TenantError(`tenant ${source.corpId} exists`);
    for (const app of source.apps) {
      if (this.appOwners.has(app.appKey))
        throw new TenantError(`AppKey ${app.appKey} is used by another tenant`);
    }
    for (const robot of source.robots ?? []) {
      if (this.robotOwners.has(robot.accessToken))
        throw new TenantError(`robot "${robot.name}" has an access token used by another tenant`);
    }
    const tenant = Tenant.fromSnapshot(
      source,
      {
        tokenIndex: {
          set: (token, owner) => this.tokenOwners.set(token, owner),
          delete: (token) => this.tokenOwners.delete(token),
        },
        userTokenIndex: {
          set: (token, owner) => this.userTokenOwners.set(token, owner),
          delete: (token) => this.userTokenOwners.delete(token),
        },
        appAdded: (appKey, corpId) => {
          const owner = this.appOwners.get(appKey);
          if (owner !== undefined && owner !== corpId) {
            throw new TenantError(`AppKey ${appKey} is used by another tenant`);
          }
          this.appOwners.set(appKey, corpId);
        },
        appRemoved: (appKey) => this.appOwners.delete(appKey),
        robotAdded: (token, corpId) => {
          const owner = this.robotOwners.get(token);
          if (owner !== undefined && owner !== corpId) {
            throw new TenantError('a robot access token is used by another tenant');
          }
          this.robotOwners.set(token, corpId);
        },
        robotRemoved: (token) => this.robotOwners.delete(token),
      },
      {
        journalSize: this.options.journalSize,
        knownRoutes: this.options.knownRoutes,
        messaging: this.options.messaging,
        bots: this.options.bots,
      },
    );
    tenant.events.onQueued((d) => {
      for (const transport of this.eventQueued) transport(tenant, d);
    });
    tenant.bots.outgoing.add((post) => {
      for (const transport of this.botPostQueued) transport(tenant, post);
    });
    tenant.clock.onMove(() => {
      for (const listener of this.clockMoved) listener(tenant);
    });
    this.tenants.set(tenant.corpId, tenant);
    this.defaultCorpId ??= tenant.corpId;
    return tenant;
  }

  removeTenant(corpId: string): void {
    const tenant = this.tenants.get(corpId);
    if (!tenant) throw new TenantError(`tenant ${corpId} does not exist`);
    tenant.detach();
    this.tenants.delete(corpId);
    if (this.defaultCorpId === corpId) this.defaultCorpId = this.tenants.keys().next().value ?? null;
  }

  getTenant(corpId: string): Tenant | undefined {
    return this.tenants.get(corpId);
  }

  get defaultTenant(): Tenant | undefined {
    return this.defaultCorpId === null ? undefined : this.tenants.get(this.defaultCorpId);
  }

  listTenants(): Tenant[] {
    return [...this.tenants.values()];
  }

  /** The tenant and app an AppKey (Client ID) belongs to. */
  findApp(appKey: string): { tenant: Tenant; app: App } | undefined {
    const corpId = this.appOwners.get(appKey);
    const tenant = corpId === undefined ? undefined : this.tenants.get(corpId);
    const app = tenant?.getApp(appKey);
    return tenant && app ? { tenant, app } : undefined;
  }

  /** The custom robot whose webhook has this access_token, and its tenant. */
  findRobot(accessToken: string): { tenant: Tenant; robot: RobotConfig } | undefined {
    const corpId = this.robotOwners.get(accessToken);
    const tenant = corpId === undefined ? undefined : this.tenants.get(corpId);
    const robot = tenant?.messaging.robots.findByToken(accessToken);
    return tenant && robot ? { tenant, robot } : undefined;
  }

  /** Resolve a corp access token, judging expiry on its tenant's clock. */
  lookupAppToken(token: string): TokenLookup {
    const owner = this.tokenOwners.get(token);
    if (!owner) return { status: 'unknown' };
    const tenant = this.tenants.get(owner.corpId);
    const app = tenant?.getApp(owner.appKey);
    const issued = tenant?.appTokens.find(token, owner.appKey);
    if (!tenant || !app || !issued) return { status: 'unknown' };
    return issued.expiresAt > tenant.clock.now()
      ? { status: 'valid', tenant, app, token: issued }
      : { status: 'expired', tenant, app, token: issued };
  }

  /** Resolve a user access token (web login), judging expiry on its tenant's clock. */
  lookupUserToken(token: string): UserTokenLookup {
    const owner = this.userTokenOwners.get(token);
    if (!owner) return { status: 'unknown' };
    const tenant = this.tenants.get(owner.corpId);
    const app = tenant?.getApp(owner.appKey);
    const issued = tenant?.userTokens.find(token);
    if (!tenant || !app || !issued) return { status: 'unknown' };
    return {
      status: issued.expiresAt > tenant.clock.now() ? 'valid' : 'expired',
      tenant,
      app,
      token: issued,
    };
  }
}
