/**
 * GET /__sandbox/ca.pem: the local CA's certificate (tls/, docs/decisions/0022-local-ca-and-tls.md),
 * on the HTTP and the HTTPS listener alike.
 *
 * Mounted before the gate (gate.ts) on purpose: the certificate is public — every TLS handshake
 * sends what it signs — and the clients that need it are the ones the gate turns away: a container
 * on another machine without the admin token, or a client whose Host is `oapi.dingtalk.com`.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';

export function mountCaCertificate(router: Router, caPem: string | undefined): void {
  // Without TLS there is no CA: the path is then unknown, and the console answers its own 404 page
  // (an HTML page like every other /__sandbox/ page a browser may open; scripts/fuzz.ts checks it).
  if (!caPem) return;
  router.get('/ca.pem', (ctx: Context) => {
    ctx.type = 'application/x-pem-file';
    ctx.set('content-disposition', 'inline; filename="dingtalk-sandbox-ca.pem"');
    ctx.body = caPem;
  });
}
