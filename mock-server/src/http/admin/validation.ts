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

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
export const ipEntry = z.string().refine((v) => {
  const [ip, bits, extra] = v.split('/');
  if (extra !== undefined) return false;
  if (bits !== undefined && !(/^\d{1,2}$/.test(bits) && Number(bits) <= 32)) return false;
  return (
    IPV4.test(ip ?? '') || (bits === undefined && /^[0-9a-f:]+$/i.test(ip ?? '') && (ip ?? '').includes(':'))
  );
}, 'must be an IPv4 address, an IPv4 CIDR block or an IPv6 address');

export const scopeName = z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{1,80}$/, 'not a permission point name');
