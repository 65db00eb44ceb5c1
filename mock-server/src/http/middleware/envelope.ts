/**
 * The only place errcodes are written: a thrown DingTalkError becomes the host's own envelope
 * (legacy: HTTP 200 {errcode, errmsg, request_id}; new API: 4xx/5xx {code, message, requestid}).
 * Anything else thrown is a sandbox bug: logged, journalled, and answered as DingTalk's 系统繁忙
 * rather than a crash or an HTML 500.
 */
import type { ServerResponse } from 'node:http';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import { because, DingTalkError, isDingTalkError } from '../../domain/errors.ts';
import { apiBody, legacyBody } from '../../errcodes.ts';
import type { CallState } from '../route.ts';
import { callState } from './request-context.ts';
import { writeJson } from '../pipeline/answer.ts';

/**
 * The envelope for the sandbox's own pages (koa): what becomes of a value thrown past the admin
 * router's own refusals. requestContext calls it from its own try/catch.
 */
export function errorAnswer(logger: Logger) {
  return function answerError(ctx: Context, thrown: unknown): void {
    const state = callState(ctx);
    ctx.respond = false;
    writeError(ctx.res, state, asDingTalkError(logger, state, ctx.path, thrown));
  };
}

/** What a thrown value is answered as (recorded on the call's state). */
export function asDingTalkError(
  logger: Logger,
  state: CallState,
  path: string,
  thrown: unknown,
): DingTalkError {
  let error: DingTalkError;
  if (isDingTalkError(thrown)) {
    error = thrown;
  } else if (isBodyParseError(thrown)) {
    error = new DingTalkError(
      'malformedBody',
      because(
        `请求体无法解析（不是合法的 JSON 或表单）：${(thrown as Error).message}`,
        `the request body could not be parsed: ${(thrown as Error).message}`,
      ),
    );
  } else {
    logger.error({ err: thrown, requestId: state.requestId, path }, 'unexpected error in handler');
    state.crashed = thrown;
    error = new DingTalkError(
      'systemBusy',
      because(`沙箱内部错误：${String(thrown)}`, `sandbox error: ${String(thrown)}`),
    );
  }
  state.error = error;
  return error;
}

export function writeError(res: ServerResponse, state: CallState, error: DingTalkError): void {
  const { status, body } = errorEnvelope(state, error);
  writeJson(res, state, status, body);
}

/** The host's error envelope: HTTP status and body. */
export function errorEnvelope(state: CallState, error: DingTalkError): { status: number; body: object } {
  // The login host's JSON endpoints (QR status, refresh) answer in the new-API envelope.
  if (state.host === 'api' || state.host === 'login') {
    const { status, body } = apiBody(error.kind, error.details);
    return { status, body: { ...body, requestid: state.requestId } };
  }
  return {
    status: 200,
    body: { ...legacyBody(error.kind, error.details, state.legacyStyle), request_id: state.requestId },
  };
}

function isBodyParseError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { status?: number; type?: string; expose?: boolean };
  return (err.status === 400 || err.status === 413 || err.status === 415) && err.expose === true;
}
