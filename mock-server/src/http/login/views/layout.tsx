/** The HTML shell of every login page: preact rendered to a string (escaping by default). */
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';

export interface DocumentOptions {
  title: string;
  css?: string;
  bodyClass?: string;
  /** Inline client script (trusted, written by the sandbox). */
  script?: string;
  /** JSON the client script reads from <script id="page-config">. */
  config?: unknown;
  children?: ComponentChildren;
}

/** JSON safe inside a <script> element: no `</script>`, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function htmlDocument(opts: DocumentOptions): string {
  const doc = (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{opts.title}</title>
        {opts.css ? <style dangerouslySetInnerHTML={{ __html: BASE_CSS + opts.css }} /> : null}
      </head>
      <body class={opts.bodyClass}>
        {opts.children}
        {opts.config !== undefined ? (
          <script
            type="application/json"
            id="page-config"
            dangerouslySetInnerHTML={{ __html: scriptJson(opts.config) }}
          />
        ) : null}
        {opts.script ? <script dangerouslySetInnerHTML={{ __html: opts.script }} /> : null}
      </body>
    </html>
  );
  return `<!DOCTYPE html>${renderToString(doc)}`;
}

const BASE_CSS = `*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#171a1d;font-size:14px}
a{color:#0089ff;text-decoration:none}
button{font:inherit;cursor:pointer}
`;
