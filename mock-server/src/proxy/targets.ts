/**
 * Which proxy requests the sandbox answers itself: DingTalk hosts (`*.dingtalk.com`, one label, as
 * the sandbox's leaf certificate names them) on 443 through CONNECT, or on 80 as plain HTTP. Any
 * other target is refused with one line saying why — the proxy never dials out.
 */

/** A target the sandbox answers: a DingTalk host name (lower case) and the port asked for. */
export interface ProxyTarget {
  host: string;
  port: number;
  /** Whether the client speaks TLS to it (CONNECT to 443) or plain HTTP. */
  tls: boolean;
}

export type TargetDecision =
  { ok: true; target: ProxyTarget } | { ok: false; status: 400 | 403; reason: string };

/** oapi.dingtalk.com, api.dingtalk.com, login.dingtalk.com, wss-open-connection.dingtalk.com, … */
const DINGTALK_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.dingtalk\.com$/;

const SERVED =
  'only *.dingtalk.com on port 443 (CONNECT) or 80 (plain HTTP) is served, and the proxy never dials out';

export function isDingTalkHost(name: string): boolean {
  return DINGTALK_HOST.test(name);
}

/** `host:port` or `[v6]:port` → its parts; null when it is not one. */
export function splitAuthority(authority: string): { host: string; port: number } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]/?#@]+):(\d{1,5})$/.exec(authority.trim());
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  let host = m[1]!.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  return { host, port };
}

/** What to do with `CONNECT <authority>`. */
export function connectTarget(authority: string): TargetDecision {
  const parts = splitAuthority(authority);
  if (!parts)
    return {
      ok: false,
      status: 400,
      reason: `bad CONNECT target "${printable(authority)}" (want host:port)`,
    };
  return decide(parts.host, parts.port, [443, 80]);
}

/** What to do with an absolute-form request, `GET http://oapi.dingtalk.com/gettoken?…`. */
export function absoluteTarget(requestUrl: string): TargetDecision & { path?: string } {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return {
      ok: false,
      status: 400,
      // Without its query: it may carry secrets (appsecret=…), and the reason is logged.
      reason: `"${printable(requestUrl.split('?')[0]!)}" is not a proxy request (want an absolute http:// URL or CONNECT host:443)`,
    };
  }
  if (url.protocol !== 'http:')
    return {
      ok: false,
      status: 400,
      reason: `${printable(url.protocol)} URLs are not proxied (use CONNECT for https)`,
    };
  let host = url.hostname.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  const decision = decide(host, url.port ? Number(url.port) : 80, [80]);
  return decision.ok ? { ...decision, path: `${url.pathname}${url.search}` } : decision;
}

function decide(host: string, port: number, ports: readonly number[]): TargetDecision {
  if (!isDingTalkHost(host))
    return { ok: false, status: 403, reason: `refused ${printable(host)}:${port}: ${SERVED}` };
  if (!ports.includes(port)) return { ok: false, status: 403, reason: `refused ${host}:${port}: ${SERVED}` };
  return { ok: true, target: { host, port, tls: port === 443 } };
}

/** A client's text in a one-line reason: printable ASCII only, bounded. */
function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}
