/**
 * Step "body" of the pipeline: a DingTalk call's body read into the exchange (POST, PUT, PATCH),
 * refused in the host's envelope when it cannot be read. JSON and forms for the legacy host (it reads
 * access_token from a form body too), JSON for the new host (the route refuses anything else).
 *
 * Read as the sandbox's own pages read theirs (@koa/bodyparser with middleware/body.ts's options):
 * a plain JSON body by json-body.ts, multipart by multipart-body.ts, any other type by co-body — the
 * parser @koa/bodyparser itself calls — with the same types, limits and strictness.
 */
import type CoBody from 'co-body';
import type TypeIs from 'type-is';
import type { DingTalkError } from '../../domain/errors.ts';
import { closeIfBodyUnread, multipartRefusal, PARSED_METHODS, unreadable } from '../middleware/body.ts';
import { readPlainJson, JSON_LIMIT } from './json-body.ts';
import { isMultipart, readMultipart, type MultipartError } from './multipart-body.ts';
import type { Exchange } from './exchange.ts';

/** @koa/bodyparser's default types for the kinds body.ts enables (json, form, text). */
const TYPES = {
  json: [
    'application/json',
    'application/json-patch+json',
    'application/vnd.api+json',
    'application/csp-report',
    'application/reports+json',
    'application/scim+json',
  ],
  form: ['application/x-www-form-urlencoded'],
  text: ['text/plain'],
} as const;

type Kind = keyof typeof TYPES;

// co-body and type-is are loaded on the first body that is neither plain JSON nor multipart: a
// server's first requests (health checks, GETs, JSON) do not need them (cold start, npm run bench).
let parsers: Promise<{ coBody: typeof CoBody; typeIs: typeof TypeIs }> | undefined;
const loadParsers = async () => ({
  coBody: (await import('co-body')).default,
  typeIs: (await import('type-is')).default,
});

export async function readCallBody(x: Exchange): Promise<void> {
  if (!PARSED_METHODS.has(x.method.toUpperCase())) return;
  const json = readPlainJson(x.req);
  if (json) {
    try {
      x.body = (await json).body;
    } catch (e) {
      throw unreadable(x.path, e as Error);
    }
    return;
  }
  if (isMultipart(x.req)) {
    try {
      const read = await readMultipart(x.req);
      x.body = read.fields;
      x.files = read.files;
    } catch (e) {
      closeIfBodyUnread(x.req, x.res);
      throw multipartRefusal(x.path, e as MultipartError);
    }
    return;
  }
  // A request already closed has nothing to read (@koa/bodyparser answers it 499 and goes on).
  if (x.req.closed) return;
  x.body = await readOtherBody(x);
}

/** What @koa/bodyparser makes of a body of any other type: co-body's parse, {} for a type it skips. */
async function readOtherBody(x: Exchange): Promise<unknown> {
  const { coBody, typeIs } = await (parsers ??= loadParsers());
  // @koa/bodyparser's own test: the Content-Type without a trailing `;`.
  const type = x.header('content-type').replace(/;$/, '');
  const kind = (['json', 'form', 'text'] as Kind[]).find((k) => typeIs.is(type, [...TYPES[k]]));
  if (!kind) return {};
  const options = {
    // DingTalk parses what it gets; strict=false accepts a JSON scalar so the handler can refuse it.
    strict: kind === 'json' ? false : undefined,
    [`${kind}Types`]: TYPES[kind],
    limit: JSON_LIMIT,
    encoding: 'utf-8',
  };
  try {
    return (await coBody[kind](x.req, options)) as unknown;
  } catch (e) {
    closeIfBodyUnread(x.req, x.res);
    throw unreadable(x.path, e as Error) satisfies DingTalkError;
  }
}
