/**
 * Request bodies of the sandbox's own pages (admin API, console), read by @koa/bodyparser; and what a
 * DingTalk call's body refusals say (the pipeline reads those bodies itself: pipeline/body.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, Middleware } from 'koa';
import { because, DingTalkError } from '../../domain/errors.ts';
import type { MultipartError } from '../pipeline/multipart-body.ts';

/** The custom robot webhook (oapi /robot/send). */
export const ROBOT_WEBHOOK_PATH = '/robot/send';
/** 上传媒体文件 (oapi /media/upload): a body too large is its file's size error. */
export const MEDIA_UPLOAD_PATH = '/media/upload';

/** The methods @koa/bodyparser parses (its default `parsedMethods`); it passes any other straight on. */
export const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** An unreadable body, in DingTalk's words (the robot webhook names it "json": 40035 缺少参数 json). */
export function unreadable(path: string, error: { message: string }): DingTalkError {
  const details = path === ROBOT_WEBHOOK_PATH ? { param: 'json' } : {};
  return new DingTalkError(
    'malformedBody',
    because(
      `请求体无法解析（不是合法的 JSON 或表单）：${error.message}`,
      `the request body could not be parsed: ${error.message}`,
    ),
    details,
  );
}

/**
 * After a body that could not be read. One left half received (a Content-Encoding that failed to
 * decode part way, found by scripts/fuzz.ts) leaves the connection unable to carry another request,
 * so the answer closes it. One received whole and refused (not JSON) keeps the connection: the parser
 * knows where the next request starts, and closing with requests pipelined behind it makes the kernel
 * answer the client with a reset that can discard this very answer (decision 0015).
 */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  if (!req.complete) res.setHeader('Connection', 'close');
}

/**
 * @koa/bodyparser with the sandbox's options (exported for the JSON reader's equivalence test), loaded
 * on first use: it takes a noticeable share of the CLI's cold start (npm run bench).
 */
export async function loadParser(
  limit: number | string = '1mb',
  refusal: (error: Error, ctx: Context) => Error = (error, ctx) => unreadable(ctx.path, error),
): Promise<Middleware> {
  const { bodyParser } = await import('@koa/bodyparser');
  return bodyParser({
    enableTypes: ['json', 'form', 'text'],
    jsonLimit: limit,
    formLimit: limit,
    textLimit: limit,
    // DingTalk parses what it gets; strict=false accepts a JSON scalar so the handler can refuse it.
    jsonStrict: false,
    onError(error, ctx) {
      closeIfBodyUnread(ctx.req, ctx.res);
      throw refusal(error, ctx as unknown as Context);
    },
  }) as Middleware;
}

/**
 * The sandbox's own pages (admin API, console): the body read into ctx.request.body, without `next`,
 * so that a refusal is answered in the admin API's shape. Rejects with the parser's error, whose
 * `status` says why (400 unreadable, 413 larger than `limit` bytes, 415 an unknown charset).
 */
export async function readBody(ctx: Context, limit: number): Promise<void> {
  if (!PARSED_METHODS.has(ctx.method.toUpperCase())) return;
  let parse = sandboxParsers.get(limit);
  if (!parse) sandboxParsers.set(limit, (parse = loadParser(limit, (error) => error)));
  await (
    await parse
  )(ctx, () => Promise.resolve());
}

/** One parser per body limit (the admin API has two: ordinary calls and import). */
const sandboxParsers = new Map<number, Promise<Middleware>>();

/** A multipart body that cannot be read; on media/upload one too large is the file's size (40006). */
export function multipartRefusal(path: string, error: MultipartError): DingTalkError {
  if (error.status === 413 && path === MEDIA_UPLOAD_PATH) {
    return new DingTalkError(
      'mediaSizeInvalid',
      because(
        `请求体超过沙箱的 multipart 上限（媒体文件最大 20 MB）：${error.message}`,
        `the body is over the sandbox's multipart limit (media files are at most 20 MB): ${error.message}`,
      ),
    );
  }
  return unreadable(path, error);
}

/** Form or JSON body fields (legacy host), or {} when there is none. */
export function anyBody(ctx: Context): Record<string, unknown> {
  return bodyFields((ctx.request as unknown as { body?: unknown }).body);
}

/** A parsed body's fields: the body when it is an object (not an array), else {}. */
export function bodyFields(b: unknown): Record<string, unknown> {
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}
