/**
 * DingTalk's envelopes as OpenAPI components, read from the one error catalogue (errcodes.ts): the
 * legacy host answers HTTP 200 with errcode/errmsg (0/ok on success; topapi routes add request_id and
 * wrap auth errors in errcode 88 with sub_code/sub_msg); the new host and the login host's JSON
 * endpoints answer the fields on success and a 4xx/5xx {code, message, requestid} on error. Every
 * catalogued error is an example, under its kind's name, so the document lists what can come back.
 */
import { ERROR_KINDS, type ErrorKind } from '../domain/errors.ts';
import { apiBody, legacyBody, type LegacyStyle } from '../errcodes.ts';
import type { JsonSchema } from './json-schema.ts';

const REQUEST_ID = '3b6d1f0e-1d1e-4bb8-9f52-0c9d4a1e2f10';

/** Details that fill the catalogue's templates in the examples (a parameter, a scope, an IP). */
const SAMPLE_DETAILS = {
  param: 'userid',
  scopes: ['qyapi_get_member'],
  ip: '203.0.113.7',
  appKey: 'dingxxxxxxxxxxxxxxxx',
};

const legacyExamples = (style: LegacyStyle) => {
  const examples: Record<string, { summary: string; value: unknown }> = {
    ok: {
      summary: 'success: errcode 0 and the endpoint’s fields',
      value: { errcode: 0, errmsg: 'ok', ...(style === 'topapi' ? { request_id: REQUEST_ID } : {}) },
    },
  };
  for (const kind of ERROR_KINDS) {
    const body = legacyBody(kind, SAMPLE_DETAILS, style);
    examples[kind] = {
      summary: `${kind}: errcode ${String(body.errcode)}`,
      value: { ...body, request_id: REQUEST_ID },
    };
  }
  return examples;
};

/** The new host's error kinds by the HTTP status DingTalk answers them with. */
function apiErrorsByStatus(): Map<number, ErrorKind[]> {
  const byStatus = new Map<number, ErrorKind[]>();
  for (const kind of ERROR_KINDS) {
    const { status } = apiBody(kind, SAMPLE_DETAILS);
    byStatus.set(status, [...(byStatus.get(status) ?? []), kind]);
  }
  return byStatus;
}

export const API_ERROR_STATUSES: readonly number[] = [...apiErrorsByStatus().keys()].sort();

const legacySchema: JsonSchema = {
  type: 'object',
  description:
    'Always HTTP 200. errcode 0 with errmsg "ok" and the endpoint’s fields on success; otherwise the error’s errcode and errmsg (topapi routes wrap auth and permission errors: errcode 88 with sub_code and sub_msg).',
  properties: {
    errcode: { type: 'integer' },
    errmsg: { type: 'string' },
    sub_code: { type: 'string' },
    sub_msg: { type: 'string' },
    request_id: { type: 'string' },
  },
  required: ['errcode', 'errmsg'],
};

const apiErrorSchema: JsonSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    requestid: { type: 'string' },
    accessdenieddetail: {
      type: 'object',
      properties: { requiredScopes: { type: 'array', items: { type: 'string' } } },
    },
  },
  required: ['code', 'message', 'requestid'],
};

export const adminErrorSchema: JsonSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

/** components.schemas and components.responses for the envelopes. */
export function envelopeComponents() {
  const responses: Record<string, unknown> = {
    LegacyTopapi: {
      description: 'DingTalk’s legacy envelope (topapi/* endpoints), HTTP 200 whatever happened',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/LegacyEnvelope' },
          examples: legacyExamples('topapi'),
        },
      },
    },
    LegacyPlain: {
      description: 'DingTalk’s legacy envelope (older endpoints), HTTP 200 whatever happened',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/LegacyEnvelope' },
          examples: legacyExamples('plain'),
        },
      },
    },
    ApiSuccess: {
      description: 'the endpoint’s fields, without an envelope',
      content: { 'application/json': { schema: { type: 'object' } } },
    },
    AdminRefusal: {
      description: 'the admin API’s refusal: {error: {code, message}}',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/AdminError' } } },
    },
  };
  for (const [status, kinds] of apiErrorsByStatus()) {
    const examples = Object.fromEntries(
      kinds.map((kind) => {
        const { body } = apiBody(kind, SAMPLE_DETAILS);
        return [
          kind,
          { summary: `${kind}: ${String(body.code)}`, value: { ...body, requestid: REQUEST_ID } },
        ];
      }),
    );
    responses[`ApiError${status}`] = {
      description: `DingTalk’s new-API error envelope, HTTP ${status}`,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' }, examples } },
    };
  }
  return {
    schemas: { LegacyEnvelope: legacySchema, ApiError: apiErrorSchema, AdminError: adminErrorSchema },
    responses,
  };
}
