/**
 * A tiny browser stand-in for HTTP tests: a cookie jar, manual redirects, form/JSON bodies, and the
 * Origin header a browser sends on POST (so the BI's Origin check sees what a real page sends).
 */
export interface Reply {
  status: number;
  location: string | null;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export class Agent {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  async request(
    method: string,
    path: string,
    init: { form?: Record<string, string | string[]>; json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const url = new URL(path, this.base);
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const one of [v].flat()) p.append(k, one);
      body = p.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    }
    if (method !== 'GET' && !('origin' in headers)) headers.origin = new URL(this.base).origin;
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const location = res.headers.get('location');
    return {
      status: res.status,
      location: location ? new URL(location, url).toString() : null,
      text,
      json: <T>() => JSON.parse(text) as T,
    };
  }

  get(path: string, headers?: Record<string, string>): Promise<Reply> {
    return this.request('GET', path, { headers });
  }

  post(
    path: string,
    form: Record<string, string | string[]> = {},
    headers?: Record<string, string>,
  ): Promise<Reply> {
    return this.request('POST', path, { form, headers });
  }

  postJson(path: string, json: unknown, headers?: Record<string, string>): Promise<Reply> {
    return this.request('POST', path, { json, headers: { accept: 'application/json', ...headers } });
  }

  async login(username: string, password: string): Promise<void> {
    const r = await this.post('/login', { username, password, next: '/' });
    if (r.status !== 302) throw new Error(`login as ${username} failed: ${r.status}`);
  }
}

/** Text of an element with this id in server-rendered HTML (tags stripped, entities decoded). */
export function textOf(html: string, id: string): string | null {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return m ? decode(m[1]!.replace(/<[^>]+>/g, '')).trim() : null;
}

export function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Compare texts treating full-width ，and ：as their ASCII forms (scenarios.md). */
export function normalisePunctuation(s: string): string {
  return s.replace(/，/g, ',').replace(/：/g, ':');
}
