/**
 * The bot target adapter: how the bot conformance specs (specs/bot/, B1–B10) start the bot under
 * test. The suite knows DingTalk (the sandbox) and plays the people writing to the bot through its
 * admin API; the adapter knows the bot — the command that starts it with an app's credentials, the
 * environment that makes DingTalk's hosts reach the sandbox, and what it answers. The reference bot's
 * adapter (reference-bot.ts) is the default; CONFORMANCE_BOT_TARGET=<module path> names another
 * (its default export or `target`).
 */

/** How the bot's process reaches the sandbox: `node --import dingtalk-sandbox/register` reads these. */
export interface SandboxReach {
  /** The sandbox's HTTPS URL (DINGTALK_SANDBOX_URL). */
  url: string;
  /** Its CA file (DINGTALK_SANDBOX_CA). */
  caPath: string;
}

export interface BotUnderTest {
  /** What the bot printed so far (stdout and stderr lines), for the report when a test fails. */
  output(): string[];
  /** Stop the bot (and wait for its process to end). */
  stop(): Promise<void>;
}

export interface BotTarget {
  readonly name: string;
  /** A question a person asks the bot, and a substring its answer contains. */
  readonly question: string;
  readonly expected: string;
  /**
   * Start the bot with an app's Stream credentials (clientId = AppKey = robotCode). With
   * `aiCardTemplateId` it should answer with a streamed AI card of that template (B6); a bot that
   * cannot leaves `supportsAiCards` false and those specs are skipped.
   */
  start(opts: {
    clientId: string;
    clientSecret: string;
    reach: SandboxReach;
    aiCardTemplateId?: string;
  }): Promise<BotUnderTest>;
  readonly supportsAiCards: boolean;
  /**
   * B5: a substring of the bot's answer to a picture or file it was sent that proves it downloaded
   * these very bytes (messageFiles/download) — the reference bot names their SHA-256. Without it
   * the B5 spec checks only what the sandbox serves.
   */
  fileAnswer?(bytes: Buffer): string;
  /**
   * B7: button presses on the bot's card (as cardPrivateData.params) and the card data its answer
   * shows — `everyone`: in the card's public data; `onlyPresser`: in the presser's private data only.
   * Without it the B7 specs are skipped.
   */
  readonly presses?: {
    everyone: { params: Record<string, unknown>; shows(userid: string): Record<string, string> };
    onlyPresser: { params: Record<string, unknown>; shows(userid: string): Record<string, string> };
  };
}
