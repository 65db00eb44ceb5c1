/**
 * Replies through the message's sessionWebhook (POST …/robot/sendBySession?session=…, no token):
 * markdown, @-ing the person in a group. DingTalk answers {errcode, errmsg} with HTTP 200; an
 * expired session is 300001, too many replies to one conversation in a minute 130101.
 * https://open.dingtalk.com/document/orgapp/robot-reply-and-send-messages
 */
export interface RobotMessage {
  sessionWebhook: string;
  senderStaffId: string;
  conversationType: string;
}

export async function replyMarkdown(
  msg: RobotMessage,
  markdown: { title: string; text: string },
): Promise<{ errcode: number; errmsg: string }> {
  const group = msg.conversationType === '2';
  const res = await fetch(msg.sessionWebhook, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      msgtype: 'markdown',
      markdown,
      ...(group && { at: { atUserIds: [msg.senderStaffId], isAtAll: false } }),
    }),
  });
  const body = (await res.json().catch(() => null)) as { errcode?: number; errmsg?: string } | null;
  return { errcode: body?.errcode ?? -1, errmsg: body?.errmsg ?? `HTTP ${res.status}` };
}
