/**
 * The register hook's rewrite of one `tls.connect` call (register.ts): a connection to a DingTalk
 * host on port 443 goes to the sandbox, keeping the DingTalk name as `servername` and trusting the
 * sandbox CA; anything else is passed through untouched.
 */
import type { ConnectionOptions } from 'node:tls';
import { isDingTalkHost } from './names.ts';

export interface SandboxTarget {
  host: string;
  port: number;
  caPem: string;
}

/**
 * `tls.connect`'s arguments — (options[, cb]), (port[, host][, options][, cb]), (path[, options][, cb])
 * — rewritten for the sandbox when they name a DingTalk host on 443; the same arguments otherwise.
 */
export function routeToSandbox(args: unknown[], sandbox: SandboxTarget): unknown[] {
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  const rest = callback ? args.slice(0, -1) : args.slice();
  let options: ConnectionOptions;
  if (rest[0] !== null && typeof rest[0] === 'object') {
    options = { ...(rest[0] as ConnectionOptions) };
  } else if (typeof rest[0] === 'number' || /^\d+$/.test(String(rest[0]))) {
    const explicit = rest.find((a, i) => i > 0 && a !== null && typeof a === 'object') as
      ConnectionOptions | undefined;
    options = { ...explicit, port: Number(rest[0]) };
    if (typeof rest[1] === 'string') options.host = rest[1];
  } else {
    return args; // a path (IPC) or something tls.connect will refuse by itself
  }
  // The name the client means: its SNI if set, else its host (Node's own order for the certificate check).
  const name = options.servername || options.host || 'localhost';
  const port = Number(options.port ?? 443);
  if (!isDingTalkHost(name) || port !== 443) return args;
  const ca = [sandbox.caPem, ...[options.ca ?? []].flat()];
  const routed: ConnectionOptions = { ...options, servername: name.replace(/\.$/, ''), ca };
  // A socket the client brought (a proxy tunnel) is already connected: only trust the CA.
  if (!options.socket) {
    routed.host = sandbox.host;
    routed.port = sandbox.port;
    delete routed.path;
    // A custom DNS lookup for the DingTalk name must not run for the sandbox's address.
    delete (routed as { lookup?: unknown }).lookup;
  }
  return callback ? [routed, callback] : [routed];
}
