/**
 * Signing in with DingTalk: web QR login (L1 new generation, L2 legacy; state per login, single use),
 * the callback, the in-app home pages for the PC and mobile clients (L4, L5) with their code exchange,
 * 授权个人信息 through the consent page (L6), and the dd.config signature (JSAPI ticket, SHA-1).
 */
import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { BiServices } from '../context.ts';
import { jsapiSignature } from '../dingtalk/signatures.ts';
import { DingTalkApiError, DingTalkUnavailableError } from '../dingtalk/errors.ts';
import { LoginFailure, loginFailureFrom } from '../login/failures.ts';
import { biUserFor, useridFromInAppCode, useridFromWebLogin } from '../login/identity.ts';
import { sessionOf, signIn } from '../login/session.ts';
import { consumeState, issueState } from '../login/state.ts';
import { InAppPage } from '../pages/in-app.tsx';
import { LoginFailedPage } from '../pages/login.tsx';
import { sendPage } from '../pages/render.ts';
import { bodyOf, chromeOf, field, safeNext, selfOrigin } from './security.ts';

export const CALLBACK_PATH = '/auth/dingtalk/callback';

/** `?error=` on the callback: DingTalk refused before issuing a code (values U, see the sandbox's login rules). */
function callbackError(error: string): LoginFailure {
  if (error === 'user_not_allowed') {
    return new LoginFailure(
      `钉钉拒绝了本次登录：该用户不在应用的可用范围内、已离职或未激活（${error}）`,
      '请联系管理员在钉钉开放平台调整应用的可用范围。',
    );
  }
  if (error === 'access_denied') {
    return new LoginFailure(
      `您在钉钉授权页拒绝了授权（${error}）`,
      '如需登录，请重新扫码并点击「同意」。',
      [],
      true,
    );
  }
  return new LoginFailure(`钉钉返回错误：${error}`);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');

export function registerDingTalkLoginRoutes(router: Router, bi: BiServices): void {
  const failed = (ctx: Context, f: LoginFailure) =>
    sendPage(
      ctx,
      LoginFailedPage({ chrome: chromeOf(ctx, bi), text: f.text, hint: f.hint, retryable: f.retryable }),
      f.retryable ? 503 : 403,
    );

  /** Starts a web QR login: a fresh state in the session, then DingTalk's authorize page. */
  router.get('/auth/dingtalk/start', (ctx) => {
    const app = bi.dingtalk.app;
    if (!app || !bi.dingtalk.enabled) return failed(ctx, new LoginFailure('钉钉登录未开启，请联系管理员。'));
    const asked = str(ctx.query.generation);
    const generation = asked === 'new' || asked === 'legacy' ? asked : bi.dingtalk.generation;
    const next = safeNext(ctx.query.next);
    const state = issueState(sessionOf(ctx), { generation, next }, Date.now());
    const redirectUri = `${bi.publicUrl()}${CALLBACK_PATH}`;
    if (generation === 'new') {
      const url = new URL(`${bi.hosts.login}/oauth2/auth`);
      url.search = new URLSearchParams({
        redirect_uri: redirectUri,
        response_type: 'code',
        client_id: app.appKey,
        scope: 'openid',
        state,
        prompt: 'consent',
      }).toString();
      return ctx.redirect(url.toString());
    }
    const url = new URL(`${bi.hosts.oapi}/connect/qrconnect`);
    url.search = new URLSearchParams({
      appid: app.appKey,
      response_type: 'code',
      scope: 'snsapi_login',
      state,
      redirect_uri: redirectUri,
    }).toString();
    ctx.redirect(url.toString());
  });

  /** DingTalk redirects here: ?authCode=&code=&state= (new) or ?code=&state= (legacy), or ?error=. */
  router.get(CALLBACK_PATH, async (ctx) => {
    const pending = consumeState(sessionOf(ctx), str(ctx.query.state), Date.now());
    if (!pending) {
      return failed(
        ctx,
        new LoginFailure(
          '登录请求已失效或不是从本站发起（state 校验失败），请回到登录页重新扫码。',
          undefined,
          [],
          true,
        ),
      );
    }
    if (ctx.query.error) return failed(ctx, callbackError(str(ctx.query.error)));
    const code =
      pending.generation === 'new' ? str(ctx.query.authCode) || str(ctx.query.code) : str(ctx.query.code);
    const client = bi.dingtalk.client();
    if (!code || !client || !bi.dingtalk.enabled) {
      return failed(
        ctx,
        new LoginFailure(code ? '钉钉登录未开启，请联系管理员。' : '钉钉没有返回授权码，请重新扫码。'),
      );
    }
    try {
      const userid = await useridFromWebLogin(client, pending.generation, code);
      const user = biUserFor(bi.db, userid);
      await signIn(ctx, user.id, `dingtalk-qr-${pending.generation}`);
      bi.logger.info({ uid: user.id, userid, generation: pending.generation }, 'dingtalk web login');
      ctx.redirect(pending.next);
    } catch (e) {
      failed(ctx, loginFailureFrom(e));
    }
  });

  const inAppHome = (platform: 'pc' | 'mobile') => (ctx: Context) => {
    const app = bi.dingtalk.app;
    const fromUrl = str(ctx.query.corpId);
    // $CORPID$ is replaced by the DingTalk client; opened elsewhere, fall back to the saved CorpId.
    const corpId = fromUrl && fromUrl !== '$CORPID$' ? fromUrl : (app?.corpId ?? '');
    const next = safeNext(ctx.query.next);
    sendPage(
      ctx,
      InAppPage({
        config: { platform, corpId, next, jsapi: bi.dingtalk.enabled },
        consentHref: `/auth/dingtalk/start?generation=new&next=${encodeURIComponent(next)}`,
        ready: bi.dingtalk.enabled,
      }),
    );
  };
  router.get('/dingtalk/pc', inAppHome('pc'));
  router.get('/dingtalk/mobile', inAppHome('mobile'));

  /** The in-app page posts the 免登 code here (JSON). */
  router.post('/auth/dingtalk/in-app', async (ctx) => {
    const body = bodyOf(ctx);
    const client = bi.dingtalk.client();
    const answer = (status: number, f: LoginFailure) => {
      ctx.status = status;
      ctx.body = { ok: false, title: '登录失败', text: f.text, hint: f.hint ?? '', scopes: f.scopes };
    };
    if (!client || !bi.dingtalk.enabled)
      return answer(403, new LoginFailure('BI 尚未开启钉钉集成，请联系管理员。'));
    const code = field(body, 'code');
    if (!code) return answer(400, new LoginFailure('缺少免登授权码'));
    try {
      const userid = await useridFromInAppCode(client, code);
      const user = biUserFor(bi.db, userid);
      await signIn(ctx, user.id, 'dingtalk-inapp');
      bi.logger.info({ uid: user.id, userid }, 'dingtalk in-app login');
      ctx.body = { ok: true, redirect: safeNext(field(body, 'next')) };
    } catch (e) {
      const f = loginFailureFrom(e);
      answer(f.retryable ? 503 : 403, f);
    }
  });

  /** dd.config parameters for a page of ours: JSAPI ticket + SHA-1 signature over that exact URL. */
  router.get('/dingtalk/jsapi-config', async (ctx) => {
    const app = bi.dingtalk.app;
    const client = bi.dingtalk.client();
    const url = str(ctx.query.url);
    let ours: boolean;
    try {
      const origin = new URL(url).origin;
      ours = origin === selfOrigin(ctx) || origin === new URL(bi.publicUrl()).origin;
    } catch {
      ours = false;
    }
    if (!app || !client || !bi.dingtalk.enabled || !ours) {
      ctx.status = 400;
      ctx.body = { ok: false, message: ours ? '钉钉未开启' : 'url 必须是本站页面地址' };
      return;
    }
    try {
      const ticket = await client.jsapiTicket();
      const nonceStr = randomBytes(8).toString('hex');
      const timeStamp = String(Date.now());
      const signature = jsapiSignature({ ticket, nonceStr, timestamp: timeStamp, url });
      ctx.body = {
        ok: true,
        config: {
          agentId: String(app.agentId),
          corpId: app.corpId,
          timeStamp,
          nonceStr,
          signature,
          type: 0,
          jsApiList: ['runtime.permission.requestAuthCode', 'biz.user.get', 'biz.navigation.setTitle'],
        },
      };
    } catch (e) {
      if (!(e instanceof DingTalkApiError) && !(e instanceof DingTalkUnavailableError)) throw e;
      ctx.status = 502;
      ctx.body = { ok: false, message: e instanceof DingTalkApiError ? e.text : e.message };
    }
  });
}
