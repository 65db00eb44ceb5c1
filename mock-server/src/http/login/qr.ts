/**
 * The QR code of a login session: a real QR (the `qrcode` package, inline SVG) encoding the URL of
 * the sandbox's simulated phone for that session — what a phone's scanner would open.
 */
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';

/** The URL the QR code encodes: the simulated phone's page for this session. */
export function scanUrl(origin: string, sid: string): string {
  return `${origin}/login/phone?sid=${encodeURIComponent(sid)}`;
}

export async function qrSvg(text: string): Promise<string> {
  // Loaded on the first QR page, not at start-up: the bin's cold start (npm run bench, decision 0007).
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

/** How often pages poll their QR status. */
export function pollMs(sandbox: Sandbox): number {
  return sandbox.options.loginPollMs ?? 500;
}
