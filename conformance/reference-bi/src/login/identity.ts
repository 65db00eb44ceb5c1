/**
 * From a DingTalk login to a BI user. Web QR login, new generation (L1): userAccessToken → users/me →
 * unionId → (app token) getbyunionid → UserID; legacy (L2): getuserinfo_bycode (signed) → unionid →
 * getbyunionid → UserID. In-app (L4/L5): getuserinfo with the 免登 code → UserID. Then the BI user whose
 * 钉钉账号 is that UserID (E2 when none).
 */
import type { Db } from '../db/database.ts';
import { findByDingtalkUserid, type BiUser } from '../db/users.ts';
import type { DingTalkClient } from '../dingtalk/client.ts';
import { LoginFailure, notBoundText } from './failures.ts';

export async function useridFromWebLogin(
  client: DingTalkClient,
  generation: 'new' | 'legacy',
  code: string,
): Promise<string> {
  if (generation === 'new') {
    const token = await client.userAccessToken(code);
    const me = await client.currentUser(token.accessToken);
    return client.userIdByUnionid(me.unionId);
  }
  const info = await client.snsUserInfoByCode(code);
  return client.userIdByUnionid(info.unionid);
}

export async function useridFromInAppCode(client: DingTalkClient, code: string): Promise<string> {
  return (await client.userInfoByInAppCode(code)).userid;
}

export function biUserFor(db: Db, userid: string): BiUser {
  const user = findByDingtalkUserid(db, userid);
  if (!user) throw new LoginFailure(notBoundText(userid), '请检查对应用户的用户属性中钉钉账号是否配置正确。');
  if (!user.active) throw new LoginFailure('该账号已停用，请联系管理员。');
  return user;
}
