/**
 * 根据手机号查询用户 — /topapi/v2/user/getbymobile (docs/dingtalk/directory.md, "Users by phone").
 * DingTalk documents a POST with a JSON body; clients also send it as GET with the fields in the
 * query (herald-dingtalk, the .NET SDK's SetHttpMethod("GET")), which the topapi gateway reads
 * alike — so the sandbox serves both. Permission point qyapi_get_member_by_mobile.
 */
import * as z from 'zod';
import { because, DingTalkError } from '../../domain/errors.ts';
import { bool, str } from '../params.ts';
import { tokenRoute, type AppCall } from '../route.ts';

const params = z.object({
  mobile: str(),
  /** 企业账号 (exclusive accounts): the sandbox has none, so the list it adds is empty (U). */
  support_exclusive_account_search: bool().optional(),
});

type Params = z.infer<typeof params>;

function byMobile(call: AppCall<Params>) {
  const { mobile, support_exclusive_account_search: exclusive } = call.params;
  const user = call.tenant.directory.getUserByMobile(mobile.trim());
  if (!user || user.resigned) {
    throw new DingTalkError(
      'userNotFound',
      user
        ? because(
            `手机号 ${mobile} 的用户（${user.userid}）已离职`,
            `the user with mobile ${mobile} (${user.userid}) has left the company`,
          )
        : because(
            `组织 ${call.tenant.corpId} 中没有手机号为 ${mobile} 的用户`,
            `no user with mobile ${mobile} in corp ${call.tenant.corpId}`,
          ),
    );
  }
  call.state.userid = user.userid;
  return {
    result: { userid: user.userid, ...(exclusive ? { exclusive_account_userid_list: [] } : {}) },
  };
}

/** 根据手机号查询用户 — POST /topapi/v2/user/getbymobile {mobile, support_exclusive_account_search} */
export const userGetByMobile = tokenRoute({
  id: 'oapi.v2.user.getbymobile',
  method: 'POST',
  path: '/topapi/v2/user/getbymobile',
  host: 'oapi',
  style: 'topapi',
  params,
  handle: byMobile,
});

/** The same, as GET /topapi/v2/user/getbymobile?access_token=&mobile= (herald-dingtalk). */
export const userGetByMobileQuery = tokenRoute({
  id: 'oapi.v2.user.getbymobile.get',
  method: 'GET',
  path: '/topapi/v2/user/getbymobile',
  host: 'oapi',
  style: 'topapi',
  params,
  handle: byMobile,
});
