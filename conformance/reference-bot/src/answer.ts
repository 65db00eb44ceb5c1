/**
 * What the bot knows: a BI assistant answering a question about today's figures, and acknowledging a
 * file it was sent. Deterministic, so a conformance suite can check the answer
 * (conformance/targets/reference-bot.ts names it).
 */
import { createHash } from 'node:crypto';

const FIGURES: [RegExp, string, string][] = [
  [/销售额|sales/i, '今日销售额', '¥128,000'],
  [/订单|orders/i, '今日订单数', '342'],
];

export interface Answer {
  title: string;
  /** Markdown. */
  text: string;
  /** The answer growing piece by piece (each the whole answer so far), for a streamed AI card. */
  chunks: string[];
}

function fromLines(title: string, lines: string[]): Answer {
  const chunks = lines.map((_, i) => lines.slice(0, i + 1).join('\n\n'));
  return { title, text: chunks.at(-1)!, chunks };
}

export function answer(question: string): Answer {
  const q = question.trim();
  const hit = FIGURES.find(([re]) => re.test(q));
  return hit
    ? fromLines(hit[1], [`#### ${hit[1]}`, `**${hit[2]}**`, '截至今日，来自观远BI'])
    : fromLines('观远BI 助手', [
        '#### 观远BI 助手',
        `暂时无法回答「${q.slice(0, 200)}」`,
        '可以问我：今天的销售额是多少？',
      ]);
}

const KINDS: Record<string, string> = { picture: '图片', file: '文件', audio: '语音', video: '视频' };

/** The answer to a file a person sent: what was downloaded, by size and SHA-256. */
export function fileAnswer(msgtype: string, bytes: Buffer): Answer {
  const kind = KINDS[msgtype] ?? '文件';
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return fromLines(`已收到${kind}`, [`#### 已收到${kind}`, `${bytes.length} 字节，SHA-256 \`${sha256}\``]);
}
