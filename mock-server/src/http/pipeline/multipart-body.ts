/**
 * multipart/form-data bodies (decision 0026): media/upload's file, and clients that post their
 * fields as a form of parts — ZenTao's dingapi sends asyncsend_v2 that way (PHP curl with an array
 * of post fields). Read with @fastify/busboy, loaded on the first multipart request. Text parts
 * become the body's fields (a repeated name: an array), file parts are kept aside with their bytes.
 * Bounded: a file keeps at most MAX_MEDIA_BYTES (beyond that it is marked truncated and the rest
 * discarded), and a body larger than MULTIPART_LIMIT is refused without reading further.
 */
import type { BusboyConstructor, BusboyEvents } from '@fastify/busboy';
import type { IncomingMessage } from 'node:http';
import { MAX_MEDIA_BYTES } from '../../domain/messaging/media.ts';

/** A file part of a multipart body. */
export interface UploadedFile {
  /** The part's name (`media`). */
  field: string;
  fileName: string;
  /** The part's Content-Type as the client declared it. */
  mimeType: string;
  bytes: Buffer;
  /** Longer than MAX_MEDIA_BYTES: only that much was kept. */
  truncated: boolean;
}

export interface MultipartBody {
  fields: Record<string, string | string[]>;
  files: UploadedFile[];
}

/** The whole body: the largest media file plus room for its fields and part headers. */
export const MULTIPART_LIMIT = MAX_MEDIA_BYTES + 1024 * 1024;

/** Fields of a multipart body as the urlencoded form reader limits them (1 MB each, as body.ts). */
const LIMITS = { fieldSize: 1024 * 1024, fields: 100, files: 4, parts: 104, fileSize: MAX_MEDIA_BYTES };

/** An error whose `status` says why, as @koa/bodyparser's errors do (400 unreadable, 413 too large). */
export class MultipartError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
    this.name = 'MultipartError';
  }
}

const MULTIPART_TYPE = /^multipart\/form-data\b/i;

export function isMultipart(req: IncomingMessage): boolean {
  return MULTIPART_TYPE.test(req.headers['content-type'] ?? '');
}

// The package is CommonJS: Node's import gives its exports as named ones too, the bundled bin's
// (esbuild) only as `default` — the constructor is `Busboy` on either.
let busboy: Promise<BusboyConstructor> | undefined;
type BusboyModule = { Busboy?: BusboyConstructor; default?: { Busboy?: BusboyConstructor } };
const loadBusboy = () =>
  import('@fastify/busboy').then((m) => {
    const mod = m as unknown as BusboyModule;
    const ctor = mod.Busboy ?? mod.default?.Busboy;
    if (!ctor) throw new Error('@fastify/busboy: no Busboy export');
    return ctor;
  });

/** Reads the request's multipart body; rejects with a MultipartError (the caller closes the connection). */
export async function readMultipart(req: IncomingMessage): Promise<MultipartBody> {
  const declared = Number(req.headers['content-length']);
  if (declared > MULTIPART_LIMIT) {
    throw new MultipartError(`request entity too large (${declared} > ${MULTIPART_LIMIT} bytes)`, 413);
  }
  const Busboy = await (busboy ??= loadBusboy());
  return new Promise<MultipartBody>((resolve, reject) => {
    const fields: Record<string, string | string[]> = {};
    const files: UploadedFile[] = [];
    let received = 0;
    let done = false;
    const fail = (e: Error) => {
      if (done) return;
      done = true;
      req.unpipe();
      reject(e instanceof MultipartError ? e : new MultipartError(e.message, 400));
    };
    let parser;
    try {
      parser = Busboy({ headers: req.headers as { 'content-type': string }, limits: LIMITS });
    } catch (e) {
      // No boundary, or not multipart after all.
      return fail(e as Error);
    }
    parser.on('field', (name, value) => addField(fields, name, value));
    // busboy's callback takes five arguments (field, stream, file name, encoding, type).
    parser.on('file', (...part: Parameters<BusboyEvents['file']>) => {
      const [field, stream, fileName, , mimeType] = part;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      // A part cut off before its boundary errors here, not only on the parser (unhandled, it crashed).
      stream.on('error', (e: Error) => fail(e));
      stream.on('end', () => {
        files.push({
          field,
          fileName: fileName ?? '',
          mimeType: mimeType ?? '',
          bytes: Buffer.concat(chunks),
          truncated: stream.truncated,
        });
      });
    });
    parser.on('error', (e: Error) => fail(e));
    parser.on('finish', () => {
      if (done) return;
      done = true;
      resolve({ fields, files });
    });
    req.on('data', (c: Buffer) => {
      received += c.length;
      if (received > MULTIPART_LIMIT) {
        fail(new MultipartError(`request entity too large (over ${MULTIPART_LIMIT} bytes)`, 413));
      }
    });
    req.on('aborted', () => fail(new MultipartError('request aborted', 400)));
    req.pipe(parser);
  });
}

/** A field as an own property (`__proto__` too, as a form body has it), repeated names as an array. */
function addField(fields: Record<string, string | string[]>, name: string, value: string): void {
  const prev = Object.hasOwn(fields, name) ? fields[name] : undefined;
  const next = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  Object.defineProperty(fields, name, { value: next, enumerable: true, writable: true, configurable: true });
}
