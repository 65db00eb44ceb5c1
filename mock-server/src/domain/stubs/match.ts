/**
 * How a stub matches a call: the path by glob (exact text, `*` for any text inside one segment, `**`
 * for any number of whole segments), the query field by field, the body as a JSON subset (WireMock's
 * equalToJson with ignoreExtraElements: an object's extra fields are allowed, arrays are compared
 * element by element and must have the same length, scalars must be equal and of the same type).
 */

/** Why a path pattern cannot be used, or null. */
export function pathPatternProblem(p: string): string | null {
  if (!p.startsWith('/')) return 'the path must start with /';
  if (/[\s?#]/.test(p)) return 'the path may not hold spaces, ? or # (match the query with "query")';
  if (p === '/__sandbox' || p.startsWith('/__sandbox/'))
    return "the sandbox's own /__sandbox paths cannot be stubbed";
  const segments = p.split('/');
  if (segments.some((seg) => seg.includes('**') && seg !== '**'))
    return '** stands for whole segments only (/a/**/b, /a/**)';
  // Each wildcard more makes the match's backtracking a power larger: one of each keeps it linear.
  if (segments.filter((seg) => seg === '**').length > 1) return 'at most one ** in a path';
  if (segments.some((seg) => seg !== '**' && seg.split('*').length > 2))
    return 'at most one * in a segment (/users/*/detail)';
  return null;
}

/** The pattern as a regular expression; a trailing slash is tolerated, as the routes tolerate it. */
export function pathRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/\/$/, '')
    .split('/**')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:/[^/]+)*');
  return new RegExp(`^${body}/?$`);
}

/** The pattern's text before its first wildcard: how near a path is to it. */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  return star < 0 ? pattern : pattern.slice(0, star);
}

/** Each named query field equals its value (a repeated field: one of its values does). */
export function queryMatches(
  expected: Readonly<Record<string, string>> | undefined,
  actual: Readonly<Record<string, unknown>>,
): boolean {
  if (!expected) return true;
  for (const [k, v] of Object.entries(expected)) {
    const got = Object.hasOwn(actual, k) ? actual[k] : undefined;
    if (Array.isArray(got) ? !got.includes(v) : got !== v) return false;
  }
  return true;
}

/** `expected` is contained in `actual` (see the file's comment). */
export function jsonSubset(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return expected === actual;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => jsonSubset(e, actual[i]))
    );
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  return Object.entries(expected).every(([k, v]) => Object.hasOwn(a, k) && jsonSubset(v, a[k]));
}

export function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
