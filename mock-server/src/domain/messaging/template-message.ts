/**
 * A work notification sent from a message template (使用模板发送工作通知消息, sendbytemplate;
 * docs/dingtalk/messaging.md). DingTalk renders the template the developer configured in its console
 * with `data`'s values; the sandbox keeps no template designer, so the person's inbox shows the
 * template's id as the title and each value under its key (U). Stored like any work notification:
 * the same flow control (same template and data twice a day = 143106), progress and result queries.
 */
import { because, DingTalkError } from '../errors.ts';
import type { ParsedWorkMessage } from './work-message.ts';

/**
 * `data`: the template's variables, key → string (C: "key 和 value 均为字符串格式"), as a JSON object or
 * the JSON string the old SDKs send. Numbers and booleans are taken as their text (U: DingTalk's answer
 * to them is not documented); nested objects or arrays are refused.
 */
export function parseTemplateData(input: unknown): Record<string, string> {
  if (input === undefined || input === null || input === '') return {};
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch {
      throw refusal('data 是字符串，但不是合法的 JSON', 'data is a string but not JSON');
    }
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw refusal('data 须为 JSON 对象（键和值都是字符串）', 'data must be a JSON object of strings');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else
      throw refusal(
        `data 的 "${key}" 不是字符串（模板变量的值须为字符串）`,
        `data's "${key}" is not a string (template values are strings)`,
      );
  }
  return out;
}

/** The message a template send delivers: markdown titled with the template id, one line per value. */
export function templateWorkMessage(templateId: string, data: Record<string, string>): ParsedWorkMessage {
  const lines = Object.entries(data).map(([k, v]) => `- **${k}**：${v}`);
  const text = [`消息模板 ${templateId}`, '', ...lines].join('\n');
  return {
    msgtype: 'markdown',
    raw: { template_id: templateId, data },
    content: { type: 'markdown', title: `消息模板 ${templateId}`, text },
  };
}

function refusal(zh: string, en: string): DingTalkError {
  return new DingTalkError('invalidParameter', because(zh, en), { param: 'data' });
}
