/**
 * Secrets never reach the journal or the logs whole: AppSecrets, tokens, codes and signatures are
 * cut to a short prefix that still lets a person tell two values apart.
 */
const SECRET_KEYS = new Set([
  'appsecret',
  'corpsecret',
  'clientsecret',
  'client_secret',
  'suitesecret',
  'access_token',
  'accesstoken',
  'refreshtoken',
  'refresh_token',
  'code',
  'authcode',
  'tmp_auth_code',
  'logintmpcode',
  'signature',
  'sign',
  'password',
  'x-acs-dingtalk-access-token',
  'authorization',
  'cookie',
  // Stream: a connection ticket, and a sessionWebhook's session (whoever holds it posts as the bot).
  'ticket',
  'session',
]);

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase());
}

export function maskSecret(value: string): string {
  if (value.length <= 4) return '***';
  return `${value.slice(0, 4)}***`;
}

/** Masks secret query parameters of a path such as `/gettoken?appkey=x&appsecret=y`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  // A client calls the same paths with the same token or credentials again and again: recent
  // answers are remembered (and the journal shares their strings).
  const known = recent.get(url);
  if (known !== undefined) return known;
  const plain = redactPlainQuery(url.slice(q + 1));
  if (plain !== undefined) {
    const redacted = plain === null ? url : `${url.slice(0, q)}?${plain}`;
    if (url.length <= RECENT_URL_MAX) {
      if (recent.size >= RECENT_MAX) recent.clear();
      recent.set(url, redacted);
    }
    return redacted;
  }
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const [key, value] of params) {
    if (isSecretKey(key)) {
      params.set(key, maskSecret(value));
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}

const RECENT_MAX = 256;
const RECENT_URL_MAX = 512;
/** Paths with a plain query, redacted lately. */
const recent = new Map<string, string>();

/**
 * Characters that URLSearchParams neither decodes nor encodes (besides the `=` and `&` separators,
 * and a `=` inside a value, which it writes back as `%3D`).
 */
const PLAIN_QUERY = /^[A-Za-z0-9*\-._=&]*$/;

/**
 * redactUrl's fast path, for the query strings clients send (keys, tokens and ids in plain
 * characters): the same result as the URLSearchParams round trip, without building one on every
 * journalled call (npm run bench). null: nothing to mask; undefined: not plain, or a secret named
 * twice (URLSearchParams.set then drops the later ones), so the general path decides.
 */
function redactPlainQuery(query: string): string | null | undefined {
  if (!PLAIN_QUERY.test(query)) return undefined;
  const pairs = query.split('&');
  let secrets: string[] | undefined;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (!isSecretKey(name)) continue;
    if (secrets?.includes(name)) return undefined;
    (secrets ??= []).push(name);
  }
  if (!secrets) return null;
  const out: string[] = [];
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    const shown = isSecretKey(name) ? maskSecret(value) : value;
    out.push(`${formEncode(name)}=${formEncode(shown)}`);
  }
  return out.join('&');
}

/** URLSearchParams' serialisation of a plain name or value: only `=` needs escaping. */
const formEncode = (s: string): string => (s.includes('=') ? s.replaceAll('=', '%3D') : s);

/** A shallow copy of a JSON body with secret fields masked (nested objects are masked recursively). */
export function redactBody(body: unknown, depth = 0): unknown {
  if (depth > 4 || body === null || typeof body !== 'object') return body;
  if (Array.isArray(body)) return body.slice(0, 20).map((v) => redactBody(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    out[key] =
      isSecretKey(key) && typeof value === 'string' ? maskSecret(value) : redactBody(value, depth + 1);
  }
  return out;
}
