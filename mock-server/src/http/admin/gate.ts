/**
 * Who may reach the sandbox's own pages (/__sandbox/*: the admin API, the console and the rest), before
 * anything else is read:
 *
 * - the Host header must be one of the sandbox's names — loopback names (localhost, *.localhost,
 *   127.0.0.0/8, [::1]), an IP address, or a configured public host name. A web page whose own name
 *   resolves to 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused, so the Origin
 *   check (guard.ts) compares against a Host that means something;
 * - without an admin token, only loopback peers: a sandbox listening on 0.0.0.0 keeps its AppSecrets
 *   and its switches to the machine it runs on.
 *
 * The DingTalk hosts are not gated here: clients send `Host: oapi.dingtalk.com` and the like there.
 */
import { isIP } from 'node:net';
import type { Context } from 'koa';
import { AdminError } from './errors.ts';

export interface GateOptions {
  /** Host names (besides loopback ones and IP addresses) the sandbox is reached by. */
  publicHosts?: readonly string[];
  adminToken?: string;
}

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower case, without a trailing dot. */
export function hostNameOf(hostHeader: string): string {
  let name = hostHeader.trim().toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    name = end < 0 ? name : name.slice(1, end);
  } else {
    const colon = name.indexOf(':');
    if (colon >= 0 && name.indexOf(':', colon + 1) < 0) name = name.slice(0, colon);
  }
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** localhost, *.localhost, 127.0.0.0/8, ::1 (and ::ffff:127.x). */
export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return isLoopbackAddress(name);
}

export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (a === '::1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** Normalised public host names (lower case, no port, no trailing dot); blanks dropped. */
export function normalisePublicHosts(names: readonly string[] | undefined): string[] {
  return (names ?? []).map(hostNameOf).filter((n) => n.length > 0);
}

/**
 * Whether a Host header names this sandbox. An IP address cannot be rebound: a page reaching the
 * sandbox by its address has the sandbox's own origin. No Host at all (HTTP/1.0 tools) is not a
 * browser and is let through.
 */
export function hostAccepted(hostHeader: string, publicHosts: readonly string[]): boolean {
  if (!hostHeader) return true;
  const name = hostNameOf(hostHeader);
  return isLoopbackName(name) || isIP(name) !== 0 || publicHosts.includes(name);
}

/** Refuses a request to /__sandbox/* by an unknown host name or, without a token, from another machine. */
export function gateSandboxPages(ctx: Context, publicHosts: readonly string[], adminToken?: string): void {
  const host = ctx.get('host');
  if (!hostAccepted(host, publicHosts)) {
    const name = hostNameOf(host);
    throw new AdminError(
      403,
      'unknownHost',
      `refused: "${name}" is not a name of this sandbox (loopback names, IP addresses and configured public hosts are). ` +
        `If you reach the sandbox by this name, add it: --public-host ${name} ` +
        `(or DINGTALK_SANDBOX_PUBLIC_HOSTS, or publicHosts in startSandbox).`,
    );
  }
  const peer = ctx.req.socket?.remoteAddress ?? '';
  if (!adminToken && peer && !isLoopbackAddress(peer)) {
    throw new AdminError(
      403,
      'loopbackOnly',
      `refused: without an admin token the admin API and the console answer this machine only (you are ${peer}). ` +
        'Start the sandbox with --admin-token <token> (or DINGTALK_SANDBOX_ADMIN_TOKEN) to reach them from the network.',
    );
  }
}

/**
 * What to say at start when the sandbox listens beyond loopback: without a token the admin API and
 * the console stay loopback-only; with one they answer the network to whoever has it. Null on loopback.
 */
export function exposureNotice(listenHost: string, adminToken: string | undefined): string | null {
  if (isLoopbackName(hostNameOf(listenHost.includes(':') ? `[${listenHost}]` : listenHost))) return null;
  return adminToken
    ? `listening on ${listenHost}: the admin API and the console answer the network, to requests with the admin token`
    : `listening on ${listenHost} without --admin-token: the DingTalk endpoints answer the network, but the admin API and the console answer this machine (loopback) only; set --admin-token to reach them from elsewhere`;
}
