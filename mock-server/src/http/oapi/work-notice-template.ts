/**
 * 消息通知 > 工作通知 > 使用模板发送工作通知消息 (docs/dingtalk/messaging.md): a work notification from
 * a message template, delivered to the same inboxes as asyncsend_v2, with the same task id, progress,
 * result and flow control. Permission point `qyapi_base` (C: the API's page).
 */
import * as z from 'zod';
import { because, DingTalkError } from '../../domain/errors.ts';
import { parseTemplateData, templateWorkMessage } from '../../domain/messaging/template-message.ts';
import { tokenRoute } from '../route.ts';
import { commaList, recipientsOf, requireOwnAgent } from './work-notices.ts';

/** 使用模板发送工作通知消息 — POST /topapi/message/corpconversation/sendbytemplate */
export const sendByTemplate = tokenRoute({
  id: 'oapi.message.corpconversation.sendbytemplate',
  method: 'POST',
  path: '/topapi/message/corpconversation/sendbytemplate',
  host: 'oapi',
  style: 'topapi',
  params: z.object({
    agent_id: z.unknown().optional(),
    template_id: z.unknown().optional(),
    userid_list: commaList(),
    dept_id_list: commaList(),
    data: z.unknown().optional(),
  }),
  handle(call) {
    const { tenant, app, params } = call;
    requireOwnAgent(call, params.agent_id);
    const templateId = typeof params.template_id === 'string' ? params.template_id.trim() : '';
    if (!templateId) {
      throw new DingTalkError(
        'missingParameter',
        because('缺少消息模板 ID template_id', 'template_id is missing (or not a string)'),
        { param: 'template_id' },
      );
    }
    const msg = templateWorkMessage(templateId, parseTemplateData(params.data));
    const { useridList, deptIdList } = recipientsOf(params);
    const d = tenant.messaging.sendWorkNotice(
      app,
      tenant.directory,
      { useridList, deptIdList, toAllUser: false, msg },
      tenant.clock.now(),
    );
    return { task_id: d.taskId };
  },
});
