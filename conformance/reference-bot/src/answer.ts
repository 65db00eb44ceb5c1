/**
 * What the bot knows: a BI assistant answering a question about today's figures. Deterministic, so
 * a conformance suite can check the answer (conformance/targets/reference-bot.ts names it).
 */
const FIGURES: [RegExp, string, string][] = [
  [/销售额|sales/i, '今日销售额', '¥128,000'],
  [/订单|orders/i, '今日订单数', '342'],
];

export interface Answer {
  title: string;
  /** Markdown. */
  text: string;
  /** The answer in pieces, for a streamed AI card. */
  chunks: string[];
}

export function answer(question: string): Answer {
  const q = question.trim();
  const hit = FIGURES.find(([re]) => re.test(q));
  const lines = hit
    ? [`#### ${hit[1]}`, `**${hit[2]}**（截至今日，来自观远BI）`]
    : ['#### 观远BI 助手', `暂时无法回答「${q.slice(0, 200)}」，可以问我：今天的销售额是多少？`];
  const text = lines.join('\n\n');
  return { title: hit ? hit[1] : '观远BI 助手', text, chunks: [lines[0]!, text] };
}
