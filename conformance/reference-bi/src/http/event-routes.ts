/**
 * 事件订阅 (HTTP 推送): the receiver DingTalk pushes directory events to, and the admin form where its
 * 签名 token and 加密 aes_key are saved (the values typed into DingTalk's 事件订阅 page).
 *
 * The receiver refuses — with a non-success answer, and a log line saying why — anything unsigned,
 * wrongly signed, not decryptable or not for this app; DingTalk then records the push as failed and
 * pushes it again. It answers `check_url` and every event it applied with the encrypted `success`.
 * An event whose user or department cannot be read from DingTalk right now is answered 503, so it is
 * pushed again rather than lost.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { BiServices } from '../context.ts';
import { getSetting, setSetting } from '../db/settings.ts';
import { isAesKey, sealedAnswer, type CallbackSecrets } from '../events/callback-crypto.ts';
import { readPush } from '../events/receiver.ts';
import { applyEvent } from '../sync/apply-event.ts';
import { bodyOf, field, flash, HttpError, requireAdmin } from './security.ts';

/** Where DingTalk pushes events (the 请求网址 of DingTalk's 事件订阅 page). */
export const EVENTS_PATH = '/dingtalk/events';

function refuse(ctx: Context, status: number, errcode: number, errmsg: string): void {
  ctx.status = status;
  ctx.set('cache-control', 'no-store');
  ctx.body = { errcode, errmsg };
}

export function registerEventRoutes(router: Router, bi: BiServices): void {
  router.post(EVENTS_PATH, async (ctx) => {
    const log = bi.logger.child({ route: EVENTS_PATH, from: ctx.ip });
    const saved = getSetting(bi.db, 'dingtalk.events');
    const app = bi.dingtalk.app;
    if (!saved || !app) {
      log.warn('event push refused: 事件订阅 is not configured (token and aes_key)');
      return refuse(ctx, 503, -1, '事件订阅未配置');
    }
    const secrets: CallbackSecrets = { token: saved.token, aesKey: saved.aesKey, ownerKey: app.appKey };
    const read = readPush(secrets, ctx.query, (ctx.request as unknown as { body?: unknown }).body);
    if (!read.ok) {
      log.warn({ code: read.code, reason: read.reason }, 'event push refused');
      return refuse(ctx, read.code === 900005 ? 403 : 400, read.code, read.reason);
    }
    const event = read.event;
    if (event.CorpId !== undefined && event.CorpId !== app.corpId) {
      const reason = `推送的 CorpId ${String(event.CorpId)} 不是本 BI 配置的 ${app.corpId}`;
      log.warn({ code: 900010, reason }, 'event push refused');
      return refuse(ctx, 400, 900010, reason);
    }
    if (event.EventType !== 'check_url') {
      try {
        const changes = await applyEvent(bi, event);
        log.info({ eventType: event.EventType, changes }, 'event applied');
      } catch (e) {
        log.warn(
          { eventType: event.EventType, error: e instanceof Error ? e.message : String(e) },
          'event not applied; answered as failed so that DingTalk pushes it again',
        );
        return refuse(ctx, 503, -1, '事件暂时无法处理，请稍后重推');
      }
    } else log.info('check_url answered');
    ctx.set('cache-control', 'no-store');
    ctx.body = sealedAnswer(secrets, 'success');
  });

  /** The receiver's secrets; an empty field keeps what was saved (they are never shown again). */
  router.post('/admin/integrations/dingtalk/events', (ctx) => {
    requireAdmin(ctx);
    if (!getSetting(bi.db, 'feature.dingtalk')) throw new HttpError(404, '页面不存在');
    if (!bi.dingtalk.app) throw new HttpError(400, '请先配置微应用信息');
    const b = bodyOf(ctx);
    const saved = getSetting(bi.db, 'dingtalk.events');
    const token = field(b, 'token') || (saved?.token ?? '');
    const aesKey = field(b, 'aesKey') || (saved?.aesKey ?? '');
    if (!token) throw new HttpError(400, '请填写签名 token');
    if (token.length > 128) throw new HttpError(400, '签名 token 过长（最多 128 个字符）');
    if (!isAesKey(aesKey)) throw new HttpError(400, '加密 aes_key 应为 43 位字母或数字');
    setSetting(bi.db, 'dingtalk.events', { token, aesKey });
    bi.logger.info('event receiver secrets saved');
    flash(ctx, '已保存事件订阅设置。请在钉钉开放平台「事件订阅」中填写请求网址、签名 token 和加密 aes_key。');
    ctx.redirect('/admin/integrations/dingtalk');
  });
}
