/**
 * What an answer must look like, by who answers it (targets.ts surfaceOf):
 * - legacy oapi host: HTTP 200 JSON {errcode: number, errmsg: string} (pages: HTML or a redirect);
 * - new api host (and the login host's JSON): 2xx JSON without errcode, or 4xx {code, message,
 *   requestid} — 5xx only DingTalk's own (500 unknownError for an unknown corpId on /v1.0/oauth2/{corpId}/token);
 * - admin API: JSON; refusals 4xx {error: {code, message}};
 * - console and login pages: HTML (or a script, a stylesheet, an image), redirects to the sandbox itself;
 * - a request Node's HTTP parser refuses: a bare 400 / 408 / 413 / 431 and a closed connection.
 * Everywhere: no 5xx of the sandbox's own, no stack trace or file path, no fuzz marker unescaped in HTML.
 */
import { MARKER, expectedAnswers, fill, type FuzzCase } from './cases.ts';
import { REPO } from './child.ts';
import { pathOf, surfaceOf, type Surface, type Target } from './targets.ts';
import type { WireResponse, WireResult } from './wire.ts';

export interface Judged {
  problems: string[];
  /** Per answer: its surface, or 'parser' for a refusal by Node's HTTP parser. */
  answered: (Surface | 'parser')[];
  /** request ids the answers carry (to match error-level log lines). */
  requestIds: string[];
}

const STACK = /\n\s+at [^\n]*:\d+:\d+|\bat [\w.<>]+ \((?:file:|\/)[^)]*:\d+:\d+\)/;

/** What the judge knows of the sandbox under test. */
export interface Site {
  /** The fixture's values the cases' placeholders are filled with. */
  values: Record<string, string>;
  /** The targets that answer pages (HTML, redirects), not JSON. */
  pages: Target[];
  /** Origins a page may redirect to (the apps' redirect URLs). */
  redirectOrigins: string[];
}

export function judge(c: FuzzCase, result: WireResult, site: Site): Judged {
  const { values } = site;
  const problems: string[] = [];
  const answered: (Surface | 'parser')[] = [];
  const requestIds: string[] = [];
  if (result.hang) problems.push('hang: no answer and no close within the deadline');
  if (result.error) problems.push(`connection error: ${result.error}`);
  const last = result.responses[result.responses.length - 1];
  const expected = expectedAnswers(c);
  if (
    expected !== null &&
    result.responses.length < expected &&
    !(last && /close/i.test(last.headers.connection ?? ''))
  ) {
    problems.push(`${expected} answers expected, ${result.responses.length} came`);
  }
  result.responses.forEach((res, i) => {
    const req = c.requests[Math.min(i, c.requests.length - 1)]!;
    const target = fill(req.framing.kind === 'raw' ? rawTarget(req.framing.bytes) : req.target, values);
    const host = req.framing.kind === 'raw' ? undefined : req.headers.find(([k]) => k === 'host')?.[1];
    const surface = surfaceOf(host === undefined || host === null ? undefined : fill(host, values), target);
    const head = req.method === 'HEAD' && req.framing.kind !== 'raw';
    const where = `answer ${i + 1} (${res.status}, ${surface} ${req.method} ${target.slice(0, 120)})`;
    const id = /"request_?id"\s*:\s*"([^"]+)"/.exec(res.body)?.[1];
    if (id) requestIds.push(id);
    for (const p of checkAnswer(res, { surface, path: pathOf(target), head }, site)) {
      problems.push(`${where}: ${p}`);
    }
    answered.push(isParserRefusal(res) ? 'parser' : surface);
  });
  return { problems, answered, requestIds };
}

function rawTarget(bytes: string): string {
  return /^\S+ (\S+)/.exec(bytes)?.[1] ?? '/';
}

export function isParserRefusal(res: WireResponse): boolean {
  return [400, 408, 413, 431].includes(res.status) && !res.headers['content-type'] && res.body === '';
}

/** Who answered a request, at which path, and whether it was a HEAD (no body to judge). */
interface Asked {
  surface: Surface;
  path: string;
  head: boolean;
}

function checkAnswer(res: WireResponse, asked: Asked, site: Site): string[] {
  const { surface, path, head } = asked;
  const { pages, redirectOrigins, values } = site;
  const out: string[] = [];
  if (STACK.test(res.body)) out.push('a stack trace in the body');
  if (res.body.includes(REPO) || /node_modules|mock-server\/src/.test(res.body))
    out.push('a file path in the body');
  if (isParserRefusal(res)) return out;
  const type = res.headers['content-type'] ?? '';
  const api500 =
    surface === 'api' &&
    res.status === 500 &&
    /^\/v1\.0\/oauth2\/[^/]+\/token$/.test(path) &&
    /"code":"unknownError"/.test(res.body);
  if (res.status >= 500 && !api500) out.push('a 5xx no fault rule asked for');
  if (head) return out;
  const redirect = res.status >= 300 && res.status < 400;
  const page = surface === 'console' || isPage(path, pages);
  if (redirect) {
    const loc = res.headers.location ?? '';
    if (!loc) out.push('a redirect without Location');
    else if (!local(loc, values)) {
      let origin = '';
      try {
        origin = new URL(loc).origin;
      } catch {
        // not absolute: judged by local()
      }
      if (!(page && redirectOrigins.includes(origin)))
        out.push(`a redirect off the sandbox: ${loc.slice(0, 100)}`);
    }
    if (!page && !(path === '/' && loc === '/__sandbox/')) out.push('a redirect from a JSON endpoint');
    return out;
  }
  if (type.startsWith('text/html')) {
    if (res.body.includes(MARKER)) out.push('the fuzz marker unescaped in HTML (script injection)');
    if (!page) out.push('HTML from a JSON endpoint');
    return out;
  }
  if (/^(application|text)\/(javascript|css)|^image\//.test(type)) {
    if (!page) out.push(`${type} from a JSON endpoint`);
    return out;
  }
  // A file URL (robot messageFiles download) refuses a bad or expired link in a line of text, as a file server does.
  if (page && type.startsWith('text/plain') && res.status >= 400) return out;
  if (surface === 'console') {
    out.push(`a console page answered ${type || 'no content type'}`);
    return out;
  }
  if (res.status === 204 && surface === 'admin-api') return out;
  if (!type.startsWith('application/json')) {
    out.push(`content type "${type}" where the ${surface} envelope (JSON) belongs`);
    return out;
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    out.push('a body that is not JSON');
    return out;
  }
  if (surface === 'oapi') {
    if (res.status !== 200) out.push('the legacy host answered other than HTTP 200');
    if (typeof json.errcode !== 'number' || typeof json.errmsg !== 'string') out.push('no {errcode, errmsg}');
  } else if (surface === 'api' || surface === 'login') {
    if (res.status >= 400) {
      if (
        typeof json.code !== 'string' ||
        typeof json.message !== 'string' ||
        typeof json.requestid !== 'string'
      )
        out.push('no {code, message, requestid}');
    } else if (res.status !== 200) out.push(`the new host answered ${res.status}`);
    else if ('errcode' in json) out.push('a legacy errcode on the new host');
  } else if (res.status >= 400) {
    const e = json.error as { code?: unknown; message?: unknown } | undefined;
    if (typeof e?.code !== 'string' || typeof e.message !== 'string') out.push('no {error: {code, message}}');
  }
  return out;
}

function local(loc: string, values: Record<string, string>): boolean {
  if (loc.startsWith('/')) return !loc.startsWith('//') && !loc.startsWith('/\\');
  return loc.startsWith(`http://127.0.0.1:${values.port}/`);
}

function isPage(path: string, pages: Target[]): boolean {
  return pages.some((t) =>
    // @koa/router matches a trailing slash too.
    new RegExp(`^${t.path.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/]+')}/?$`).test(path),
  );
}
