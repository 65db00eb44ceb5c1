/** Shared zod pieces and a parse helper for admin request bodies. */
import * as z from 'zod';
import { AdminError } from './errors.ts';

export function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AdminError(400, 'invalidBody', z.prettifyError(r.error));
  return r.data;
}

export const httpUrl = z
  .string()
  .max(2000)
  .refine((u) => {
    try {
      const p = new URL(u.replace('$CORPID$', 'corp'));
      return p.protocol === 'http:' || p.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/** An empty string clears a URL field. */
export const optionalUrl = z.union([z.literal(''), httpUrl]);

const OCTET = '(25[0-5]|2[0-4]\\d|1?\\d?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
/** One octet replaced by * (安全设置: 支持带一个*号通配符的IP格式), e.g. 10.0.3.* */
const IPV4_WILDCARD = new RegExp(`^((${OCTET}|\\*)\\.){3}(${OCTET}|\\*)$`);
export const ipEntry = z.string().refine((v) => {
  const [ip, bits, extra] = v.split('/');
  if (extra !== undefined) return false;
  if (bits !== undefined && !(/^\d{1,2}$/.test(bits) && Number(bits) <= 32)) return false;
  if (bits === undefined && IPV4_WILDCARD.test(v) && v.split('*').length === 2) return true;
  return (
    IPV4.test(ip ?? '') || (bits === undefined && /^[0-9a-f:]+$/i.test(ip ?? '') && (ip ?? '').includes(':'))
  );
}, 'must be an IPv4 address, an IPv4 address with one * (e.g. 10.0.3.*), an IPv4 CIDR block or an IPv6 address');

export const scopeName = z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{1,80}$/, 'not a permission point name');

/** Largest icon the sandbox keeps (DingTalk allows 2 MB; the sandbox stores icons inside the tenant). */
export const ICON_MAX_BYTES = 512 * 1024;
const ICON_TYPES: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

/** Why an icon value is refused, or null: '' (default icon), an http(s) URL, or a JPG/PNG data: URL. */
export function iconProblem(v: string): string | null {
  if (v === '') return null;
  if (/^https?:\/\//.test(v)) return httpUrl.safeParse(v).success ? null : 'the icon URL is not a valid URL';
  const m = /^data:(image\/[a-z+.-]+);base64,([A-Za-z0-9+/=\s]*)$/.exec(v);
  if (!m) return 'the icon must be a JPG or PNG image (a data: URL) or an http(s) URL';
  const type = m[1]!;
  const check = ICON_TYPES[type];
  if (!check) return `the icon must be JPG or PNG, not ${type}`;
  // Checked on length before decoding, so a huge value costs nothing.
  if ((m[2]!.length * 3) / 4 > ICON_MAX_BYTES + 4)
    return `the icon is larger than ${ICON_MAX_BYTES / 1024} KB`;
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > ICON_MAX_BYTES) return `the icon is larger than ${ICON_MAX_BYTES / 1024} KB`;
  if (!check(bytes)) return `the icon's bytes are not a ${type === 'image/png' ? 'PNG' : 'JPG'} image`;
  return null;
}

export const appIcon = z.string().superRefine((v, ctx) => {
  const problem = iconProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
