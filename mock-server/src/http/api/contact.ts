/** 通讯录 > 用户 on api.dingtalk.com, with a user access token (docs/dingtalk/web-login.md). */
import { because, DingTalkError } from '../../domain/errors.ts';
import { hasScope } from '../../domain/apps/apps.ts';
import { openIdFor } from '../../domain/ids.ts';
import { userTokenRoute } from '../route.ts';

/**
 * 获取用户通讯录个人信息 — GET /v1.0/contact/users/{unionId}; `me` is the token's user.
 * Needs Contact.User.Read on the app (checked at call time, U: the grant is the app's, not the
 * consent's); `mobile` only when the app also holds Contact.User.mobile (C[S6]).
 */
export const contactUserGet = userTokenRoute({
  id: 'api.contact.users.get',
  method: 'GET',
  path: '/v1.0/contact/users/:unionId',
  host: 'api',
  handle(call) {
    const unionId = String(call.request.pathParams.unionId ?? '');
    const user = call.tenant.directory.getUser(call.user.userid);
    if (!user || user.resigned) {
      throw new DingTalkError(
        'userNotFound',
        because(
          `此 token 的用户 ${call.user.userid} ${user ? '已离职' : '已不存在'}`,
          `user ${call.user.userid} of this token ${user ? 'has left the company' : 'no longer exists'}`,
        ),
      );
    }
    // Another person's unionId with a user token: refused (U; DingTalk documents only `me`).
    if (unionId !== 'me' && unionId !== user.unionid) {
      throw new DingTalkError(
        'invalidParameter',
        because(
          `unionId "${unionId}" 不是此 token 的用户本人（${user.unionid}）；请用 "me"`,
          `unionId "${unionId}" is not the token's own user (${user.unionid}); use "me"`,
        ),
        { param: 'unionId' },
      );
    }
    return {
      nick: user.name,
      ...(user.avatar ? { avatarUrl: user.avatar } : {}),
      ...(hasScope(call.app, 'Contact.User.mobile') && user.mobile ? { mobile: user.mobile } : {}),
      openId: openIdFor(call.app.appKey, user.unionid),
      unionId: user.unionid,
      ...(user.email ? { email: user.email } : {}),
      ...(user.loginEmail ? { loginEmail: user.loginEmail } : {}),
      stateCode: user.stateCode,
      visitor: false,
    };
  },
});
