/**
 * The new host, api.dingtalk.com (/v1.0/…) — its endpoints in the order of DingTalk's documentation.
 */
import type { RouteDef } from '../route.ts';
import { contactUserGet } from './contact.ts';
import { contactDepartmentsSearch, contactUsersSearch } from './contact-search.ts';
import { empLeaveRecords } from './leave-records.ts';
import { jsapiTickets } from './jsapi-tickets.ts';
import { accessToken, corpToken } from './oauth2.ts';
import { userAccessToken } from './user-token.ts';
import { robotBatchSend, robotGroupSend, robotReadStatus } from './robot.ts';
import { robotMessageFileContent, robotMessageFileDownload } from './robot-files.ts';
import {
  robotEmotionRecall,
  robotEmotionReply,
  robotGroupRecall,
  robotOtoBatchRecall,
} from './robot-reactions.ts';
import { gatewayConnectionsOpen } from '../stream/gateway.ts';
import { cardCreate, cardCreateAndDeliver, cardDeliver, cardStreaming, cardUpdate } from './cards.ts';

export const apiRoutes: RouteDef[] = [
  // 身份验证(OAuth 2.0)
  accessToken, //   POST /v1.0/oauth2/accessToken        —
  corpToken, //     POST /v1.0/oauth2/{corpId}/token      —
  userAccessToken, // POST /v1.0/oauth2/userAccessToken   —
  // 通讯录管理 > 用户管理 (user token)
  contactUserGet, // GET  /v1.0/contact/users/{unionId}   Contact.User.Read
  // 通讯录管理 > 搜索, 离职记录 (corp token)
  contactUsersSearch, //       POST /v1.0/contact/users/search        qyapi_addresslist_search
  contactDepartmentsSearch, // POST /v1.0/contact/departments/search  qyapi_addresslist_search
  empLeaveRecords, //          GET  /v1.0/contact/empLeaveRecords     Contact.Common.Read
  jsapiTickets, //  POST /v1.0/oauth2/jsapiTickets        qyapi_base (no body)
  // 机器人 > 企业机器人
  robotBatchSend, //  POST /v1.0/robot/oToMessages/batchSend   qyapi_robot_sendmsg
  robotReadStatus, // GET  /v1.0/robot/oToMessages/readStatus  qyapi_robot_sendmsg
  robotGroupSend, //  POST /v1.0/robot/groupMessages/send      qyapi_robot_sendmsg
  robotGroupRecall, //    POST /v1.0/robot/groupMessages/recall     qyapi_robot_sendmsg
  robotOtoBatchRecall, // POST /v1.0/robot/otoMessages/batchRecall  qyapi_robot_sendmsg
  robotEmotionReply, //   POST /v1.0/robot/emotion/reply            qyapi_robot_sendmsg (inferred)
  robotEmotionRecall, //  POST /v1.0/robot/emotion/recall           qyapi_robot_sendmsg (inferred)
  robotMessageFileDownload, // POST /v1.0/robot/messageFiles/download  qyapi_robot_sendmsg
  robotMessageFileContent, //  GET  /v1.0/robot/messageFiles/content/:token — (the downloadUrl)
  // 互动卡片 (AI 卡片 streaming included)
  cardCreateAndDeliver, // POST /v1.0/card/instances/createAndDeliver  Card.Instance.Write
  cardCreate, //           POST /v1.0/card/instances                   Card.Instance.Write
  cardDeliver, //          POST /v1.0/card/instances/deliver           Card.Instance.Write
  cardUpdate, //           PUT  /v1.0/card/instances                   Card.Instance.Write
  cardStreaming, //        PUT  /v1.0/card/streaming                   Card.Streaming.Write
  // Stream 模式 (../stream/: the WebSocket itself is served by ws-server.ts)
  gatewayConnectionsOpen, // POST /v1.0/gateway/connections/open  — (clientId + clientSecret)
];
