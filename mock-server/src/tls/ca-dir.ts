/**
 * Where the local certificate authority is kept (docs/decisions/0022-local-ca-and-tls.md):
 * `--ca-dir` / DINGTALK_SANDBOX_CA_DIR, else one per user in the cache folder, so a CA a person
 * has trusted once stays trusted across clones, state files and restarts.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CA_CERT_FILE = 'ca.pem';
/** The CA's private key and its certificate in one file (mode 0600): written once, atomically. */
export const CA_KEY_FILE = 'ca-key.pem';
/** The TLS listener's private key (mode 0600), made once; its certificate is signed at each start. */
export const SERVER_KEY_FILE = 'server-key.pem';

export function defaultCaDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DINGTALK_SANDBOX_CA_DIR) return env.DINGTALK_SANDBOX_CA_DIR;
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'dingtalk-sandbox', 'ca');
}
