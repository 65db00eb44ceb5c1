/**
 * The reference bot's entry: `DINGTALK_CLIENT_ID=… DINGTALK_CLIENT_SECRET=… node --import tsx
 * conformance/reference-bot/src/main.ts` (add `--import dingtalk-sandbox/register` to reach a
 * sandbox). DINGTALK_AI_CARD_TEMPLATE_ID makes it answer with a streamed AI card. One JSON line per
 * event on stdout.
 */
import { startBot } from './bot.ts';

const env = process.env;
const clientId = env.DINGTALK_CLIENT_ID;
const clientSecret = env.DINGTALK_CLIENT_SECRET;
if (!clientId || !clientSecret) {
  process.stderr.write(
    'error: reference-bot: set DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET (the app’s ClientID and ClientSecret)\n',
  );
  process.exit(1);
}
const bot = startBot({
  clientId,
  clientSecret,
  ...(env.DINGTALK_AI_CARD_TEMPLATE_ID ? { aiCardTemplateId: env.DINGTALK_AI_CARD_TEMPLATE_ID } : {}),
  log: (event) => process.stdout.write(`${JSON.stringify({ bot: true, ...event })}\n`),
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    bot.stop();
    process.exit(0);
  });
}
