/**
 * A small browser stand-in for console tests over light-my-request: a cookie jar, forms posted as
 * a page of the sandbox would post them (Origin = the sandbox's origin), redirects followed.
 */
import { inject, type Response } from 'light-my-request';
import type { TestSandbox } from './sandbox.ts';

export const CONSOLE_ORIGIN = 'http://localhost:80';

export interface Page {
  status: number;
  html: string;
  location?: string;
  res: Response;
}

export function consoleBrowser(s: Pick<TestSandbox, 'handler'>) {
  const jar = new Map<string, string>();

  function remember(res: Response): void {
    const raw = res.headers['set-cookie'];
    for (const line of Array.isArray(raw) ? raw : raw ? [String(raw)] : []) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  async function send(
    method: 'GET' | 'POST',
    url: string,
    init: { form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const headers: Record<string, string> = {
      ...(jar.size ? { cookie: cookie() } : {}),
      ...(init.headers ?? {}),
    };
    let payload: string | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form))
        for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      payload = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await inject(s.handler, { method, url, headers, payload });
    remember(res);
    const location = res.headers.location as string | undefined;
    return { status: res.statusCode, html: res.body, location, res };
  }

  return {
    jar,
    get: (url: string, headers?: Record<string, string>) => send('GET', url, { headers }),
    /** POST a form from a console page (same origin), then follow the redirect like a browser. */
    async submit(
      url: string,
      form: Record<string, string | string[]>,
      headers: Record<string, string> = {},
    ): Promise<Page> {
      const posted = await send('POST', url, {
        form,
        headers: { origin: CONSOLE_ORIGIN, referer: `${CONSOLE_ORIGIN}${url}`, ...headers },
      });
      if (posted.status !== 303 || !posted.location) return posted;
      return send('GET', posted.location);
    },
    post: (url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
      send('POST', url, { form, headers }),
  };
}

/** Rows of a table body (very small HTML reader for assertions: counts `data-*` markers). */
export function count(html: string, marker: string): number {
  return html.split(marker).length - 1;
}

/** A page's text with the HTML entities the console escapes turned back into characters. */
export const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
