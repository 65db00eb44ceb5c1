import { timingSafeEqual } from 'node:crypto';

/** Whether a signature sent equals the one expected, in constant time (no timing side channel). */
export function sameText(got: string, expected: string): boolean {
  const x = Buffer.from(got);
  const y = Buffer.from(expected);
  return x.length === y.length && timingSafeEqual(x, y);
}
