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
