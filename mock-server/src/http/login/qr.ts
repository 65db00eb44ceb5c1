/**
 * The QR code of a login session: a real QR (the `qrcode` package, inline SVG) encoding the URL of
 * the sandbox's simulated phone for that session — what a phone's scanner would open.
 */
import type { QrLogin } from '../../domain/login/qr-logins.ts';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';

/** The URL the QR code encodes: the simulated phone's page for this session. */
export function scanUrl(origin: string, sid: string): string {
  return `${origin}/login/phone?sid=${encodeURIComponent(sid)}`;
}

export async function qrSvg(text: string): Promise<string> {
  // Loaded on the first QR page, not at start-up: the bin's cold start (npm run bench, decision 0007).
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

/**
 * A session by its sid, in whichever tenant holds it. Pages and the phone carry only the sid, so
 * this looks in each tenant (a map lookup per tenant; tenants are few).
 */
export function findQrLogin(sandbox: Sandbox, sid: string): { tenant: Tenant; session: QrLogin } | undefined {
  for (const tenant of sandbox.listTenants()) {
    const session = tenant.qrLogins.get(sid);
    if (session) return { tenant, session };
  }
  return undefined;
}

/** How often pages poll their QR status. */
export function pollMs(sandbox: Sandbox): number {
  return sandbox.options.loginPollMs ?? 500;
}
