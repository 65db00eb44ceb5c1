/**
 * Parameter schemas that accept what real clients send: JSON numbers and booleans, and the same as
 * strings (the legacy Java SDK sends every scalar as a string: "size":"100", "only_active":"false").
 * A failed parse becomes missingParameter (absent) or invalidParameter (present but wrong).
 */
import * as z from 'zod';
import { because, DingTalkError } from '../domain/errors.ts';

/** An integer, as a number or a decimal string. */
export const int = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v),
    z.number().int(),
  );

/** A department id (`dept_id`): an integer above 0 (the root department is 1). */
export const deptIdParam = () => int().refine((n) => n > 0, 'dept_id must be positive');

/** A boolean, as a boolean or "true"/"false". */
export const bool = () => z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

/** A non-empty string; numbers are accepted and turned into strings (numeric userids). */
export const str = () =>
  z.preprocess((v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v), z.string().min(1));

/** Parse `raw` against `schema`, throwing the DingTalk error a real server would answer with. */
export function parseParams<P>(schema: z.ZodType<P>, raw: Record<string, unknown>): P {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.map(String).join('.') || 'body';
  const top = issue.path[0];
  const absent = top !== undefined && (raw[String(top)] === undefined || raw[String(top)] === '');
  if (absent && issue.path.length === 1) {
    throw new DingTalkError(
      'missingParameter',
      because(`缺少必填参数 ${param}`, `required parameter "${param}" is missing`),
      { param },
    );
  }
  throw new DingTalkError(
    'invalidParameter',
    because(`参数 ${param} 不合法：${issue.message}`, `parameter "${param}" is invalid: ${issue.message}`),
    { param },
  );
}
