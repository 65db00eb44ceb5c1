/**
 * Every failure becomes a page (or JSON for JSON callers) in Chinese, never a stack trace: our own
 * refusals (HttpError), DingTalk's refusals (its text), DingTalk outages (钉钉暂时不可用，请稍后重试).
 */
import type { Context, Middleware } from 'koa';
import type { BiServices } from '../context.ts';
import { DingTalkApiError, DingTalkUnavailableError, UNAVAILABLE_TEXT } from '../dingtalk/errors.ts';
import { ErrorPage } from '../pages/errors.tsx';
import { sendPage } from '../pages/render.ts';
import { chromeOf, HttpError, RedirectSignal } from './security.ts';

interface Shown {
  status: number;
  title: string;
  message: string;
  detail?: string;
  retry?: boolean;
}

function describe(e: unknown): Shown | null {
  if (e instanceof HttpError)
    return { status: e.status, title: e.status === 403 ? '无权访问' : '请求有误', message: e.message };
  if (e instanceof DingTalkUnavailableError) {
    return {
      status: 503,
      title: '钉钉暂时不可用',
      message: UNAVAILABLE_TEXT,
      detail: `${e.causeText}：${e.detail}`,
      retry: true,
    };
  }
  if (e instanceof DingTalkApiError) return { status: 502, title: '钉钉返回错误', message: e.text };
  const status = (e as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, title: '请求有误', message: status === 413 ? '请求内容过大' : '请求格式不正确' };
  }
  return null;
}

export function errorHandler(bi: BiServices): Middleware {
  return async (ctx: Context, next) => {
    const started = Date.now();
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        sendPage(
          ctx,
          ErrorPage({ chrome: chromeOf(ctx, bi), title: '页面不存在', message: '您访问的页面不存在。' }),
          404,
        );
      }
    } catch (e) {
      if (e instanceof RedirectSignal) return;
      const shown = describe(e) ?? { status: 500, title: '系统错误', message: '系统错误，请稍后重试。' };
      if (shown.status >= 500 && !(e instanceof DingTalkUnavailableError))
        bi.logger.error({ err: e, path: ctx.path }, 'request failed');
      if (ctx.accepts('html', 'json') === 'json' || ctx.is('json')) {
        ctx.status = shown.status;
        ctx.body = { ok: false, title: shown.title, text: shown.message, detail: shown.detail ?? '' };
      } else {
        sendPage(ctx, ErrorPage({ chrome: safeChrome(ctx, bi), ...shown }), shown.status);
      }
    } finally {
      bi.logger.debug(
        { method: ctx.method, path: ctx.path, status: ctx.status, ms: Date.now() - started },
        'request',
      );
    }
  };
}

function safeChrome(ctx: Context, bi: BiServices) {
  try {
    return chromeOf(ctx, bi);
  } catch {
    return { user: null, dingtalkFeature: false };
  }
}
