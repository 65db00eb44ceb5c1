/** 事件订阅 (HTTP push): the pushes an app missed (docs/dingtalk/events.md). */
import * as z from 'zod';
import { tokenRoute } from '../route.ts';

/** 获取回调失败的结果 — GET /call_back/get_call_back_failed_result: each failed push returned once, ≤ 200 a call. */
export const getCallBackFailedResult = tokenRoute({
  id: 'oapi.call_back.get_call_back_failed_result',
  method: 'GET',
  path: '/call_back/get_call_back_failed_result',
  host: 'oapi',
  style: 'plain',
  params: z.object({}),
  handle(call) {
    const { list, hasMore } = call.tenant.events.takeFailed(call.app.appKey, 200);
    return { has_more: hasMore, failed_list: list };
  },
});
