/**
 * `serve --ready-json`: once the server listens, one JSON line on stdout with what a script needs —
 * so one started with `--port 0` reads its URLs instead of scraping the banner (which then goes to
 * stderr, with the logs). Other listeners (TLS, the proxy) add theirs to `urls`.
 */
export interface ReadyUrls {
  /** One base URL for oapi, api and login. */
  base: string;
  console: string;
  adminApi: string;
  health: string;
  /** More listeners, by name (e.g. `tls`, `proxy`), each when it is on. */
  [listener: string]: string;
}

export interface ReadyInfo {
  ready: true;
  version: string;
  pid: number;
  port: number;
  urls: ReadyUrls;
  defaultTenant: { corpId: string; name: string };
  /** The config file applied, if any. */
  config: string | null;
}

export function sandboxUrls(base: string): ReadyUrls {
  return {
    base,
    console: `${base}/__sandbox/`,
    adminApi: `${base}/__sandbox/api`,
    health: `${base}/__sandbox/health`,
  };
}

/** The line itself: one line of JSON, newline-terminated. */
export function readyLine(info: ReadyInfo): string {
  return `${JSON.stringify(info)}\n`;
}
