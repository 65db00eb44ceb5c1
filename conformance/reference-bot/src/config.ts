/**
 * The reference bot's settings. DingTalk's hosts are its real ones: the bot contains nothing of the
 * sandbox — run it under `node --import dingtalk-sandbox/register` (or a proxy, or DNS and the
 * sandbox's CA) to point it at one.
 */
export const API_BASE = 'https://api.dingtalk.com';

export interface Credentials {
  /** The app's ClientID (AppKey); also the bot's robotCode. */
  clientId: string;
  clientSecret: string;
}

export interface BotOptions extends Credentials {
  /**
   * The AI card template the bot answers with (createAndDeliver, then streamed chunks); without it
   * the bot answers in markdown through the message's sessionWebhook.
   */
  aiCardTemplateId?: string;
  /** One JSON line per thing that happened (never a secret). */
  log?: (event: Record<string, unknown>) => void;
}
