/**
 * The legacy host, oapi.dingtalk.com — its endpoints in the order of DingTalk's documentation.
 * Each line: the route, with its id, path and handler in the file it comes from; the comment names
 * the permission point the table in domain/apps/scopes.ts gives it.
 */
import { qrconnect, snsAuthorize } from '../login/legacy.ts';
import type { RouteDef } from '../route.ts';
import { chatCreate, chatGet, chatSend, chatUpdate } from './chats.ts';
import { departmentGet, departmentListSub, departmentListSubId } from './departments.ts';
import { departmentListParentByDept, departmentListParentByUser } from './department-parents.ts';
import { listDimission, queryDimission } from './leavers.ts';
import { gettoken } from './gettoken.ts';
import { snsGetUserInfoByCode } from './sns.ts';
import { getUserInfoLegacy, getUserInfoV2 } from './inapp-login.ts';
import { getJsapiTicket } from './jsapi.ts';
import { mediaUpload } from './media.ts';
import {
  authScopes,
  departmentGetLegacy,
  departmentListIdsLegacy,
  departmentListLegacy,
  userGetDeptMemberLegacy,
  userListLegacy,
  userSimpleListLegacy,
} from './legacy-directory.ts';
import { messageSendLegacy } from './legacy-message.ts';
import { robotSend } from './robot-webhook.ts';
import { robotSendBySession } from '../stream/send-by-session.ts';
import { getCallBackFailedResult } from './event-callbacks.ts';
import {
  userCount,
  userGet,
  userGetByUnionid,
  userGetLegacy,
  userList,
  userListId,
  userListSimple,
} from './users.ts';
import { userGetByMobile, userGetByMobileQuery } from './users-by-mobile.ts';
import { sendByTemplate } from './work-notice-template.ts';
import { asyncSendV2, getSendProgress, getSendResult, recall, updateStatusBar } from './work-notices.ts';

export const oapiRoutes: RouteDef[] = [
  // 获取凭证
  gettoken, //                 GET  /gettoken                        —
  // 身份验证 > 扫码登录第三方网站 (legacy web login; pages in ../login/legacy.ts)
  qrconnect, //                GET  /connect/qrconnect               (page)
  snsAuthorize, //             GET  /connect/oauth2/sns_authorize    (page → 302 ?code=)
  snsGetUserInfoByCode, //     POST /sns/getuserinfo_bycode          signature
  // 身份验证 > 免登 (企业内部应用)
  getUserInfoV2, //            POST /topapi/v2/user/getuserinfo      qyapi_base
  getUserInfoLegacy, //        GET  /user/getuserinfo                qyapi_base (inferred)
  // JS接口API
  getJsapiTicket, //           GET  /get_jsapi_ticket                qyapi_base (inferred)
  // 通讯录管理 > 用户管理
  userGet, //                  POST /topapi/v2/user/get              qyapi_get_member
  userGetByUnionid, //         POST /topapi/user/getbyunionid        qyapi_get_member
  userList, //                 POST /topapi/v2/user/list             qyapi_get_department_member
  userListSimple, //           POST /topapi/user/listsimple          qyapi_get_department_member
  userListId, //               POST /topapi/user/listid              qyapi_get_member
  userCount, //                POST /topapi/user/count               qyapi_get_member
  userGetLegacy, //            GET  /user/get                        qyapi_get_member
  userGetByMobile, //          POST /topapi/v2/user/getbymobile      qyapi_get_member_by_mobile
  userGetByMobileQuery, //     GET  /topapi/v2/user/getbymobile      qyapi_get_member_by_mobile (query form)
  userGetDeptMemberLegacy, //  GET  /user/getDeptMember              qyapi_get_member (inferred)
  userSimpleListLegacy, //     GET  /user/simplelist                 qyapi_get_department_member (inferred)
  userListLegacy, //           GET  /user/list                       qyapi_get_department_member (inferred)
  // 通讯录管理 > 部门管理
  departmentGet, //            POST /topapi/v2/department/get        qyapi_get_department_list
  departmentListSub, //        POST /topapi/v2/department/listsub    qyapi_get_department_list
  departmentListSubId, //      POST /topapi/v2/department/listsubid  qyapi_get_department_list
  departmentListParentByUser, // POST /topapi/v2/department/listparentbyuser qyapi_get_department_list
  departmentListParentByDept, // POST /topapi/v2/department/listparentbydept qyapi_get_department_list
  departmentListLegacy, //     GET  /department/list                 qyapi_get_department_list (inferred)
  departmentGetLegacy, //      GET  /department/get                  qyapi_get_department_list (inferred)
  departmentListIdsLegacy, //  GET  /department/list_ids             qyapi_get_department_list (inferred)
  // 通讯录管理 > 通讯录权限范围 (旧版)
  authScopes, //               GET  /auth/scopes                     qyapi_base (inferred)
  // 智能人事 > 离职员工
  queryDimission, //           POST /topapi/smartwork/hrm/employee/querydimission qyapi_hrm_read_user (inferred)
  listDimission, //            POST /topapi/smartwork/hrm/employee/listdimission  qyapi_hrm_read_user (inferred)
  // 消息通知 > 工作通知
  asyncSendV2, //              POST /topapi/message/corpconversation/asyncsend_v2      qyapi_base
  getSendProgress, //          POST /topapi/message/corpconversation/getsendprogress   qyapi_base
  getSendResult, //            POST /topapi/message/corpconversation/getsendresult     qyapi_base
  recall, //                   POST /topapi/message/corpconversation/recall            qyapi_base
  updateStatusBar, //          POST /topapi/message/corpconversation/status_bar/update qyapi_base
  sendByTemplate, //           POST /topapi/message/corpconversation/sendbytemplate    qyapi_base
  // 消息通知 > 媒体文件
  mediaUpload, //              POST /media/upload (multipart)        qyapi_base (inferred)
  messageSendLegacy, //        POST /message/send (旧版企业会话消息)                    qyapi_base (inferred)
  // 即时通信 > 群会话 (旧版)
  chatCreate, //               POST /chat/create                     qyapi_chat_manage (inferred)
  chatGet, //                  GET  /chat/get                        qyapi_chat_read
  chatUpdate, //               POST /chat/update                     qyapi_chat_manage (inferred)
  chatSend, //                 POST /chat/send                       qyapi_chat_manage (inferred)
  // 机器人 > 自定义机器人 (webhook; the robot's own access_token)
  robotSend, //                POST /robot/send                      —
  // 机器人 > 企业机器人回复 (a pushed message's sessionWebhook; ../stream/)
  robotSendBySession, //       POST /robot/sendBySession             — (the session)
  // 事件订阅 (HTTP push; the pusher is events/http-pusher.ts)
  getCallBackFailedResult, //  GET  /call_back/get_call_back_failed_result qyapi_base (inferred)
];
