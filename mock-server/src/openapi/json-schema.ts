/**
 * zod → JSON Schema (2020-12, the dialect of OpenAPI 3.1) for what the sandbox ACCEPTS: zod 4's
 * z.toJSONSchema with `io: 'input'`, so defaults make a field optional and a preprocess shows its
 * input side. A preprocess shows only the schema after it, though, while the lenient helpers of
 * http/params.ts take more than that (the legacy Java SDK sends "size":"100", forms send only
 * strings): each preprocess is asked what it makes of "12", "true" and 5, and the schema widened to
 * match (an integer or a decimal string, a boolean or "true"/"false", a string or a number).
 */
import * as z from 'zod';

export type JsonSchema = Record<string, unknown>;

export function inputSchema(schema: z.ZodType): JsonSchema {
  const json: JsonSchema = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    // A refine or a custom check has no JSON Schema: the document is looser than zod there.
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      dropSafeIntegerBounds(jsonSchema);
      widenPreprocess(zodSchema, jsonSchema);
    },
  });
  delete json.$schema;
  return json;
}

/** z.number().int() says -2^53+1 … 2^53-1: true of every JSON integer a client sends, and noise. */
function dropSafeIntegerBounds(json: JsonSchema): void {
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
}

interface PipeDef {
  type: string;
  in?: { _zod: { def: { type: string; transform?: (v: unknown, ctx: unknown) => unknown } } };
}

const PROBE_CTX = { issues: [], addIssue: () => undefined, value: undefined };

/** A preprocess (a pipe from a transform) in front of `json`: add what the transform turns into it. */
function widenPreprocess(zodSchema: unknown, json: JsonSchema): void {
  const def = (zodSchema as { _zod: { def: PipeDef } })._zod.def;
  const transform = def.type === 'pipe' && def.in?._zod.def.type === 'transform' && def.in._zod.def.transform;
  if (!transform) return;
  const probe = (v: unknown): unknown => {
    try {
      return transform(v, PROBE_CTX);
    } catch {
      return undefined;
    }
  };
  const also: JsonSchema[] = [];
  if (json.type === 'integer' && probe('12') === 12) {
    also.push({ type: 'string', pattern: '^\\s*-?\\d+\\s*$', description: 'an integer as a decimal string' });
  }
  if (json.type === 'boolean' && probe('true') === true && probe('false') === false) {
    also.push({ type: 'string', enum: ['true', 'false'] });
  }
  if (json.type === 'string' && probe(5) === '5') {
    also.push({ type: 'number', description: 'a number is taken as its decimal string' });
  }
  if (also.length === 0) return;
  const own = { ...json };
  for (const key of Object.keys(json)) delete json[key];
  json.anyOf = [own, ...also];
}
