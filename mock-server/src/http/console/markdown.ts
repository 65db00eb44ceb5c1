/**
 * DingTalk's markdown subset rendered to safe HTML (docs/dingtalk/messaging.md): headings, bold, italic,
 * links, images, lists, block quotes, and `<font color=#hex size face>`. markdown-it with raw HTML
 * allowed, then sanitize-html with an allow-list: other tags are dropped (their text kept),
 * `javascript:` and other schemes removed. `dingtalk://` links open what the DingTalk client would
 * open (see `dingtalkTarget`); a form the sandbox does not know stays text with a note.
 */
import type MarkdownIt from 'markdown-it';
import type sanitizeHtml from 'sanitize-html';
import { createRequire } from 'node:module';

// markdown-it and sanitize-html (with htmlparser2, entities, postcss) load on the first message card
// rendered, not at start-up: they were a tenth of the bin's cold start (npm run bench, decision 0007).
// require() keeps renderMarkdown synchronous; the bundled bin leaves these to node_modules.
let renderer: { md: InstanceType<typeof MarkdownIt>; sanitize: typeof sanitizeHtml } | undefined;
function load(): NonNullable<typeof renderer> {
  if (renderer) return renderer;
  const require = createRequire(import.meta.url);
  const MarkdownItCtor = require('markdown-it') as typeof MarkdownIt;
  renderer = {
    // markdown-it refuses javascript:/vbscript:/file:/data: links itself; dingtalk:// passes.
    md: new MarkdownItCtor({ html: true, breaks: true, linkify: false }),
    sanitize: require('sanitize-html') as typeof sanitizeHtml,
  };
  return renderer;
}

const SCHEMES = ['http', 'https', 'dingtalk', 'mailto', 'tel'];
const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'a',
    'img',
    'ul',
    'ol',
    'li',
    'blockquote',
    'font',
    'hr',
    'span',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    span: ['class', 'title'],
    img: ['src', 'alt', 'title'],
    font: ['color', 'size', 'face'],
    ol: ['start'],
  },
  allowedSchemes: SCHEMES,
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // A dingtalk:// link opens its target in a new tab, as the client would; an unknown form is text.
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      if (!/^dingtalk:/i.test(href.trim())) return { tagName, attribs };
      const target = dingtalkTarget(href);
      if (target)
        return {
          tagName,
          attribs: {
            href: target,
            title: `钉钉客户端中打开 (opens in the client): ${href}`,
            target: '_blank',
            rel: 'noopener noreferrer',
          },
        };
      return { tagName: 'span', attribs: { class: 'dt-dtlink-unknown', title: UNKNOWN_NOTE + href } };
    },
    // Only hex colours render in DingTalk (named ones reportedly do not, docs/dingtalk/messaging.md).
    font: (tagName, attribs) => {
      const out = { ...attribs };
      if (out.color !== undefined && !HEX.test(out.color)) delete out.color;
      return { tagName, attribs: out };
    },
  },
};

/** Markdown text → sanitised HTML in DingTalk's subset. */
export function renderMarkdown(text: string): string {
  const { md, sanitize } = load();
  return sanitize(md.render(text), OPTIONS);
}

/** The note an unknown dingtalk:// link carries (it stays text: the sandbox cannot open it). */
export const UNKNOWN_NOTE =
  '钉钉客户端链接，沙箱无法在浏览器中打开 (a DingTalk client link the sandbox cannot open): ';

/**
 * What the DingTalk client opens for a `dingtalk://` link, as an http(s) URL; undefined for a form
 * the sandbox does not know or a target that is not http(s). The two documented forms:
 * `dingtalk://dingtalkclient/page/link?url=<encoded>&pc_slide=…` (open a page) and
 * `dingtalk://dingtalkclient/action/openapp?corpid=…&app_id=…&redirect_type=jump&redirect_url=<encoded>`
 * (open an app at a URL) — docs/dingtalk/message-links.md.
 */
export function dingtalkTarget(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'dingtalk:' || u.hostname !== 'dingtalkclient') return undefined;
  const raw =
    u.pathname === '/page/link'
      ? u.searchParams.get('url')
      : u.pathname === '/action/openapp'
        ? u.searchParams.get('redirect_url')
        : null;
  if (!raw || !/^https?:\/\//i.test(raw.trim())) return undefined;
  return raw.trim();
}

/**
 * A URL safe to put in an href: http(s), mailto:, tel:, a relative one, or a dingtalk:// link's
 * target (what the client opens); else '#' (an unknown dingtalk:// form, javascript:, data: …).
 */
export function safeHref(url: string): string {
  const u = url.trim();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(u)?.[1]?.toLowerCase();
  if (scheme === undefined) return u.startsWith('//') ? '#' : u;
  if (scheme === 'dingtalk') return dingtalkTarget(u) ?? '#';
  return SCHEMES.includes(scheme) ? u : '#';
}

/** An image URL safe for src: http(s) only; otherwise none. */
export function safeSrc(url: string): string | undefined {
  return /^https?:\/\//i.test(url.trim()) ? url.trim() : undefined;
}
