/**
 * Stream-mode tests: a sandbox with its TLS listener, and this process's connections to
 * *.dingtalk.com:443 routed to it exactly as the register hook routes them (tls/route-connect.ts) —
 * so the unmodified `dingtalk-stream` SDK, whose gateway URL is hard-coded to https://api.dingtalk.com,
 * reaches the sandbox for its gateway call, its WebSocket and its sessionWebhook replies.
 * `restore()` puts tls.connect back (contract files share a worker).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import type { App } from '../../mock-server/src/domain/apps/apps.ts';
import type { StreamOptions } from '../../mock-server/src/domain/bots/stream-hub.ts';
import type { JournalEntry } from '../../mock-server/src/domain/journal/journal.ts';
import type { Tenant } from '../../mock-server/src/domain/tenancy/tenant.ts';
import { type RunningSandbox, startSandbox } from '../../mock-server/src/start.ts';
import { routeToSandbox } from '../../mock-server/src/tls/route-connect.ts';

export interface StreamSandbox {
  sb: RunningSandbox;
  tenant: Tenant;
  /** The default tenant's bot (robot capability, Stream mode). */
  bot: App;
  /** Stream journal entries (host stream) and the gateway's, after `since`. */
  journal(since?: number): JournalEntry[];
  lastSeq(): number;
  stop(): Promise<void>;
}

export async function streamSandbox(bots: StreamOptions = {}): Promise<StreamSandbox> {
  const caDir = mkdtempSync(join(tmpdir(), 'dt-stream-ca-'));
  const sb = await startSandbox({ tls: { port: 0, caDir }, bots: { pingMs: 0, ...bots } });
  const target = { host: '127.0.0.1', port: sb.tls!.port, caPem: sb.tls!.caPem };
  const original = tls.connect;
  tls.connect = function connect(this: unknown, ...args: unknown[]) {
    return (original as (...a: unknown[]) => tls.TLSSocket).apply(this, routeToSandbox(args, target));
  } as typeof tls.connect;
  const tenant = sb.defaultTenant;
  const bot = tenant.listApps().find((a) => a.robot)!;
  return {
    sb,
    tenant,
    bot,
    journal: (since = 0) =>
      tenant.journal
        .query({ sinceSeq: since })
        .filter((e) => e.host === 'stream' || e.route === 'api.gateway.connections.open'),
    lastSeq: () => tenant.journal.lastSeq,
    async stop() {
      tls.connect = original;
      await sb.stop();
      rmSync(caDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `check` holds (polled every 10 ms), or rejects with `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
