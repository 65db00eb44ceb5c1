/**
 * The common JSON request body, read without @koa/bodyparser's general machinery (content-type
 * matching, co-body, raw-body, iconv-lite, bourne): a JSON POST is most of the legacy host's traffic,
 * and that machinery was a measurable share of its CPU time (npm run bench). It answers exactly what
 * @koa/bodyparser answers with middleware/body.ts's options (test/unit/json-body.test.ts compares the two): the
 * same body and error messages. Any request it is not sure about — another content type, a
 * charset other than UTF-8, a content-encoding, no content-length — is left to the body step's
 * general reader (body.ts: co-body, as @koa/bodyparser reads it).
 */
import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';

/** middleware/body.ts's jsonLimit, '1mb', in bytes (the `bytes` package's reading). */
export const JSON_LIMIT = 1024 * 1024;

/** Content types @koa/bodyparser reads as JSON and decodes as UTF-8 (it ignores the charset). */
const PLAIN_JSON_TYPE = /^application\/json(?:; ?charset=utf-8)?$/i;
const DECIMAL = /^\d{1,7}$/;

/** @hapi/bourne's test for a text that may carry a `__proto__` key (co-body parses with bourne). */
const PROTO_SUSPECT =
  /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;

/** Reused: end() leaves a StringDecoder as new. */
const decoder = new StringDecoder('utf8');

export interface ReadJson {
  /** What @koa/bodyparser puts in ctx.request.body: the parsed value, or '' for an empty body. */
  body: unknown;
}

/**
 * Reads and parses the body when the request is one this reader handles; undefined otherwise (nothing
 * has been read then). Rejects with an Error whose message is @koa/bodyparser's for the same fault.
 */
export function readPlainJson(req: IncomingMessage): Promise<ReadJson> | undefined {
  const h = req.headers;
  const type = h['content-type'];
  const length = h['content-length'];
  if (type === undefined || length === undefined || !PLAIN_JSON_TYPE.test(type) || !DECIMAL.test(length)) {
    return undefined;
  }
  if (h['content-encoding'] !== undefined || h['transfer-encoding'] !== undefined) return undefined;
  const expected = Number(length);
  // Too large, closed, already read or decoding: @koa/bodyparser's own answers (413, 499, 500).
  if (expected > JSON_LIMIT || req.closed || !req.readable || req.readableEncoding !== null) return undefined;

  return new Promise<ReadJson>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    // As raw-body: stop listening on close, error out on abort, check the size at the end.
    const cleanup = () => {
      req.off('aborted', onAborted);
      req.off('close', cleanup);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onEnd);
    };
    const fail = (err: Error) => {
      cleanup();
      req.unpipe();
      req.pause();
      reject(err);
    };
    const onAborted = () => fail(new Error('request aborted'));
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > JSON_LIMIT) fail(new Error('request entity too large'));
      else chunks.push(chunk);
    };
    function onEnd(err?: Error) {
      if (err) return fail(err);
      if (received !== expected) return fail(new Error('request size did not match content length'));
      cleanup();
      // iconv-lite's UTF-8 decoder (raw-body's): a StringDecoder, and a leading BOM dropped.
      let raw =
        decoder.write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)) + decoder.end();
      if (raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
      try {
        // co-body without strict mode: an empty body is '' (not parsed).
        resolve({ body: raw ? parseLikeBourne(raw) : raw });
      } catch (e) {
        reject(e as Error);
      }
    }
    req.on('aborted', onAborted);
    req.on('close', cleanup);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onEnd);
  });
}

/** JSON.parse, refusing a `__proto__` key anywhere as @hapi/bourne does (protoAction 'error'). */
function parseLikeBourne(text: string): unknown {
  const obj: unknown = JSON.parse(text);
  if (!obj || typeof obj !== 'object' || !PROTO_SUSPECT.test(text)) return obj;
  let next: object[] = [obj];
  while (next.length) {
    const nodes = next;
    next = [];
    for (const node of nodes) {
      if (Object.prototype.hasOwnProperty.call(node, '__proto__')) {
        throw new SyntaxError('Object contains forbidden prototype property');
      }
      for (const key in node) {
        const value = (node as Record<string, unknown>)[key];
        if (value && typeof value === 'object') next.push(value);
      }
    }
  }
  return obj;
}
