/** The DingTalk client in a browser: shim script, user agents and the Playwright helper. */
export { clientShimScript, SANDBOX_BINDING } from './script.ts';
export { dingTalkScreen, dingTalkUserAgent, DEFAULT_CLIENT_VERSION } from './user-agents.ts';
export {
  CLIENT_USER_COOKIE,
  describeClientSession,
  dingTalkContextOptions,
  installDingTalkClient,
  openAsDingTalkClient,
  type ClientInfo,
  type DingTalkClientOptions,
} from './playwright.ts';
