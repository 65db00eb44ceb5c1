/**
 * `node --import dingtalk-sandbox/register app.js` (or NODE_OPTIONS="--import dingtalk-sandbox/register"):
 * every TLS connection the process opens to *.dingtalk.com on port 443 goes to the sandbox's HTTPS
 * listener (`serve --tls`) instead, trusting the sandbox's CA — with no change to the app's code.
 *
 * It wraps `tls.connect`, which Node's https module (so axios and got), fetch (Node's bundled
 * undici), `ws` and http2 all call at connection time: the host and port are rewritten, the
 * `servername` stays the DingTalk name (so SNI, the certificate check and the Host header are those
 * of the real host), and the sandbox CA is added to the connection's `ca`. Any other host, and a
 * DingTalk host on another port, is left alone.
 *
 *   DINGTALK_SANDBOX_URL  the sandbox's HTTPS URL (default https://127.0.0.1:3443, serve --tls's)
 *   DINGTALK_SANDBOX_CA   the CA file (default <DINGTALK_SANDBOX_CA_DIR or ~/.cache/dingtalk-sandbox/ca>/ca.pem)
 */
import { readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import tls from 'node:tls';
import { CA_CERT_FILE, defaultCaDir } from './tls/ca-dir.ts';
import { routeToSandbox, type SandboxTarget } from './tls/route-connect.ts';

const PREFIX = 'dingtalk-sandbox/register';

function target(env: NodeJS.ProcessEnv): SandboxTarget {
  const raw = env.DINGTALK_SANDBOX_URL || 'https://127.0.0.1:3443';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `${PREFIX}: DINGTALK_SANDBOX_URL=${raw} is not a URL; give the https:// URL serve --tls prints`,
    );
  }
  if (url.protocol !== 'https:') {
    throw new Error(
      `${PREFIX}: DINGTALK_SANDBOX_URL=${raw} is not https://; start the sandbox with serve --tls and give the HTTPS URL it prints`,
    );
  }
  const caPath = env.DINGTALK_SANDBOX_CA || join(defaultCaDir(env), CA_CERT_FILE);
  let caPem: string;
  try {
    caPem = readFileSync(caPath, 'utf8');
  } catch (e) {
    throw new Error(
      `${PREFIX}: cannot read the sandbox CA ${caPath} (${(e as NodeJS.ErrnoException).code ?? String(e)}); ` +
        'start the sandbox with serve --tls (it writes the file) or set DINGTALK_SANDBOX_CA',
      { cause: e },
    );
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port: Number(url.port || 443), caPem };
}

const original = tls.connect;
let sandbox: SandboxTarget;
try {
  sandbox = target(process.env);
} catch (e) {
  // One line, no stack: what is wrong and what to do (the app would not reach DingTalk anyway).
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
tls.connect = function connect(this: unknown, ...args: unknown[]) {
  return (original as (...a: unknown[]) => tls.TLSSocket).apply(this, routeToSandbox(args, sandbox));
} as typeof tls.connect;
// `import { connect } from 'node:tls'` in ESM code sees the wrapper too.
syncBuiltinESMExports();
