/**
 * A stub is data: which call it answers (host, method, path pattern, optional query and body match)
 * and what it answers (status and JSON body, in the host's envelope unless raw). It stands in for a
 * DingTalk endpoint the sandbox does not emulate (docs/stubs.md, decision 0026). Validated when added,
 * by the admin API, the console and the config file alike.
 */
import * as z from 'zod';
import { pathPatternProblem } from './match.ts';

export const STUB_HOSTS = ['oapi', 'api', 'login'] as const;
export const STUB_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The largest answer a stub keeps, serialised. */
export const STUB_BODY_MAX = 256 * 1024;
/** How deep a stub's JSON may nest (matching and copying it recurse). */
export const STUB_DEPTH_MAX = 64;

/** Whether a JSON value nests deeper than `limit` (stops looking there). */
function tooDeep(v: unknown, limit: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (limit === 0) return true;
  return Object.values(v).some((x) => tooDeep(x, limit - 1));
}

/**
 * Any JSON value. Not z.json(): its recursive schema becomes a $ref the OpenAPI document and the
 * config file's JSON Schema cannot carry; the value comes from a JSON (or YAML) parse anyway.
 */
const json = z.unknown();

const pathPattern = z
  .string()
  .max(500)
  .superRefine((p, ctx) => {
    const problem = pathPatternProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('the path: exact, or a glob — * is any text inside one segment, ** any number of segments');

const response = z
  .object({
    /** The HTTP status (default 200). */
    status: z.number().int().min(100).max(599).default(200),
    /** The JSON answered; on oapi the envelope's errcode 0 / errmsg "ok" are added unless it sets them. */
    body: json.default({}).describe('the JSON answered (oapi: errcode 0 / errmsg "ok" added unless set)'),
    /** Answer the body exactly as given: no envelope fields added. */
    raw: z.boolean().default(false).describe('answer the body as given, without the envelope'),
  })
  .strict();

export const stubInput = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits and _ . - only (1–64)')
      .optional()
      .describe('the stub id (route id stub:<id> in the journal and fault rules); generated when absent'),
    description: z.string().max(500).optional(),
    host: z.enum(STUB_HOSTS).describe('the DingTalk host the call is made to'),
    method: z.enum(STUB_METHODS),
    path: pathPattern,
    /** Query fields that must equal these values. */
    query: z
      .record(z.string().min(1).max(100), z.string().max(1000))
      .optional()
      .describe('query fields that must equal these values'),
    /** A JSON the request body must contain (objects: these fields, more allowed; arrays: in order). */
    body: json
      .optional()
      .describe('JSON the body must contain: extra object fields allowed, arrays element by element'),
    /** Answer only calls with a valid corp access token of this tenant (default), checked as real routes do. */
    requireToken: z
      .boolean()
      .default(true)
      .describe("answer only calls carrying a valid corp access token of this stub's tenant"),
    /** A permission point the token's app must hold, refused as real routes refuse it. */
    scope: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_.]{1,80}$/, 'not a permission point name')
      .optional()
      .describe("a permission point the token's app must hold (requireToken only)"),
    response: response.default({ status: 200, body: {}, raw: false }),
  })
  .strict()
  .superRefine((s, ctx) => {
    const b = s.response.body;
    if (s.host === 'oapi' && !s.response.raw && (b === null || typeof b !== 'object' || Array.isArray(b))) {
      ctx.addIssue({
        code: 'custom',
        path: ['response', 'body'],
        message:
          'on oapi the body must be a JSON object (the envelope adds errcode and errmsg to it); set raw: true to answer it as it is',
      });
    }
    if (s.scope && !s.requireToken) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: 'a permission point needs a token: set requireToken true or drop scope',
      });
    }
    for (const [where, v] of [
      ['body', s.body],
      ['response.body', b],
    ] as const) {
      if (tooDeep(v, STUB_DEPTH_MAX)) {
        ctx.addIssue({
          code: 'custom',
          path: where.split('.'),
          message: `nested deeper than ${STUB_DEPTH_MAX} levels`,
        });
        return;
      }
    }
    if (JSON.stringify(b).length > STUB_BODY_MAX) {
      ctx.addIssue({
        code: 'custom',
        path: ['response', 'body'],
        message: `the body is larger than ${STUB_BODY_MAX / 1024} KB`,
      });
    }
  });

export type StubInput = z.input<typeof stubInput>;
export type StubDefinition = z.infer<typeof stubInput>;

export interface Stub extends StubDefinition {
  id: string;
  /** Calls it answered. */
  hits: number;
}
