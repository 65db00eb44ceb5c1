/**
 * The query string as koa's `ctx.query` gives it (the pipeline reads it as koa would, decision 0019),
 * parsed without URLSearchParams when that cannot change a thing: every call reads its query (the
 * legacy host takes access_token from it), and URLSearchParams was a measurable share of a request's
 * CPU time (npm run bench).
 */

/** Printable ASCII without `%` escapes, `+` (a space) or `?` (stripped when leading): form decoding leaves it as it is. */
const PLAIN_QUERY = /^[\x21-\x24\x26-\x2a\x2c-\x3e\x40-\x7e]*$/;

/**
 * koa's parse of a plain query string: names in order of first appearance, a repeated name's values
 * in an array, a pair without `=` an empty value, empty pairs skipped. undefined when the query is not
 * plain, or names `__proto__` (koa defines that as an own property): ask koa then.
 */
export function parsePlainQuery(query: string): Record<string, string | string[]> | undefined {
  if (!PLAIN_QUERY.test(query)) return undefined;
  const out: Record<string, string | string[]> = {};
  if (query === '') return out;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (name === '__proto__') return undefined;
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    const prev = Object.hasOwn(out, name) ? out[name] : undefined;
    if (prev === undefined) out[name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[name] = [prev, value];
  }
  return out;
}

/** A query string's fields, freshly made, as koa 3 parses them (its `search-params.js`). */
export function parseQuery(query: string): Record<string, string | string[] | undefined> {
  const plain = parsePlainQuery(query);
  if (plain) return plain;
  const params = new URLSearchParams(query);
  const out: Record<string, string | string[] | undefined> = {};
  for (const key of params.keys()) {
    const values = params.getAll(key);
    // Defined, not assigned: a `__proto__` name is an own field like any other.
    Object.defineProperty(out, key, {
      value: values.length <= 1 ? values[0] : values,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return out;
}
