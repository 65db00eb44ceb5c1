/**
 * What the BI sends: the dashboard as a work notification (markdown or action card) and as a group
 * robot message, each linking back to the BI through a link that opens inside DingTalk
 * (dingtalk://dingtalkclient/page/link?url=…&pc_slide=false) — the app's mobile home, which signs the
 * reader in (免登) and then shows the page.
 */
import type { Metric } from '../db/metrics.ts';
import { formatMetric } from '../db/metrics.ts';
import type { MessageFormat } from '../db/subscriptions.ts';
import type { RobotMessage } from '../dingtalk/robot.ts';

export interface Message {
  title: string;
  /** Markdown body. */
  text: string;
  /** The link back to the BI (dingtalk://…). */
  link: string;
}

/** A URL that DingTalk opens in its own browser: inside the client, with 免登. */
export function dingtalkLink(url: string): string {
  return `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(url)}&pc_slide=false`;
}

/** The BI page `path` reached through the app's mobile home (免登 first). */
export function biLink(publicUrl: string, corpId: string, path: string): string {
  return dingtalkLink(
    `${publicUrl}/dingtalk/mobile?corpId=${encodeURIComponent(corpId)}&next=${encodeURIComponent(path)}`,
  );
}

/** The dashboard as markdown; `at` is when its data was last updated. */
export function dashboardMarkdown(heading: string, metrics: Metric[], at: string): string {
  const lines = metrics.map((m) => `- **${m.label}**：${formatMetric(m)}`);
  return [`### ${heading}`, '', ...lines, '', `> 数据时间：${at}`].join('\n');
}

export function workNoticeMsg(m: Message, format: MessageFormat): Record<string, unknown> {
  if (format === 'markdown') {
    return {
      msgtype: 'markdown',
      markdown: { title: m.title, text: `${m.text}\n\n[在观远 BI 中查看](${m.link})` },
    };
  }
  return {
    msgtype: 'action_card',
    action_card: { title: m.title, markdown: m.text, single_title: '查看仪表板', single_url: m.link },
  };
}

export function robotMsg(m: Message): RobotMessage {
  return {
    msgtype: 'actionCard',
    actionCard: { title: m.title, text: m.text, singleTitle: '查看仪表板', singleURL: m.link },
  };
}
