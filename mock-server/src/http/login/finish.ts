/**
 * The login page after the phone (or the DingTalk client) confirmed: /oauth2/continue and the
 * consent card's 拒绝 / 同意. What happens — consent, the code, the error redirect — is the web-login
 * machine's (domain/login/web-login/finish.ts); these routes read the sid and render its answer.
 */
import {
  continueLogin,
  decideConsent,
  findQrLogin,
  noSuchSession,
} from '../../domain/login/web-login/index.ts';
import { pageRoute, type Call, type PageResult } from '../route.ts';
import { text } from './checks.ts';
import { bySid, journalRefusal, pageFor } from './steps.ts';
import { sandboxNoticePage } from './views/errors.tsx';

type Params = Record<string, unknown>;

/** What a login page shows when the session cannot go on (not confirmed, already used, unknown). */
export const expiredLoginPage = (message: string): string => sandboxNoticePage('登录已失效', message);

function unknownSession(call: Call<Params>, sid: string): PageResult {
  journalRefusal(call, noSuchSession(sid));
  return { html: expiredLoginPage('登录会话不存在或已过期，请返回重新扫码登录') };
}

/** Where the login page goes once the phone confirmed (sandbox step of login.dingtalk.com's SPA). */
export const oauthContinue = pageRoute({
  id: 'login.oauth2.continue',
  method: 'GET',
  path: '/oauth2/continue',
  host: 'login',
  locate: bySid,
  handle(call: Call<Params>) {
    const sid = text(call.params, 'sid');
    const found = findQrLogin(call.sandbox, sid);
    if (!found) return unknownSession(call, sid);
    return pageFor(call, continueLogin(found.tenant, found.session), expiredLoginPage);
  },
});

/** 拒绝 / 同意 on the consent card (docs/dingtalk/web-login.md). */
export const oauthConsent = pageRoute({
  id: 'login.oauth2.consent',
  method: 'POST',
  path: '/oauth2/consent',
  host: 'login',
  locate: bySid,
  handle(call: Call<Params>) {
    const sid = text(call.params, 'sid');
    const found = findQrLogin(call.sandbox, sid);
    if (!found) return unknownSession(call, sid);
    const agree = text(call.params, 'decision') === 'agree';
    return pageFor(call, decideConsent(found.tenant, found.session, agree), expiredLoginPage);
  },
});
