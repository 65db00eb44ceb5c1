/**
 * DingTalk's markdown subset rendered to safe HTML (dingtalk-ui.md §6): headings, bold, italic,
 * links, images, lists, block quotes, and `<font color=#hex size face>`. markdown-it with raw HTML
 * allowed, then sanitize-html with an allow-list: other tags are dropped (their text kept),
 * `javascript:` and other schemes removed, `dingtalk://` links kept.
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
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title'],
    font: ['color', 'size', 'face'],
    ol: ['start'],
  },
  allowedSchemes: SCHEMES,
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Only hex colours render in DingTalk (named ones reportedly do not, dingtalk-ui.md §6).
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

/** A URL safe to put in an href: http(s), dingtalk:, mailto:, tel:, or a relative one; else '#'. */
export function safeHref(url: string): string {
  const u = url.trim();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(u)?.[1]?.toLowerCase();
  if (scheme === undefined) return u.startsWith('//') ? '#' : u;
  return SCHEMES.includes(scheme) ? u : '#';
}

/** An image URL safe for src: http(s) only; otherwise none. */
export function safeSrc(url: string): string | undefined {
  return /^https?:\/\//i.test(url.trim()) ? url.trim() : undefined;
}
