/**
 * The error kinds the sandbox can answer with. Handlers throw a `DingTalkError` of a kind with the
 * reason in words (for the journal); only the envelope middleware turns it into wire format, through
 * the one catalogue in `../errcodes.ts`.
 */
export const ERROR_KINDS = [
  'invalidAppCredentials',
  'invalidCorpCredentials',
  'missingTokenCredentials',
  'missingAccessToken',
  'invalidAccessToken',
  'expiredAccessToken',
  'missingScope',
  'missingParameter',
  'invalidParameter',
  'malformedBody',
  'missingBody',
  'userNotFound',
  'departmentNotFound',
  'userOutOfRange',
  'authCodeNotFound',
  'invalidRefreshToken',
  'invalidSignature',
  'staleTimestamp',
  'unknownAccessKey',
  'unknownApi',
  'methodNotAllowed',
  'unknownCorp',
  'ipNotAllowed',
  'rateLimited',
  'systemBusy',
  // messaging (工作通知, robots)
  'invalidAgentId',
  'unsupportedMsgType',
  'messageFieldInvalid',
  'messageTooLarge',
  'noRecipients',
  'tooManyRecipients',
  'taskNotFound',
  'robotTokenNotFound',
  'robotSecurity',
  'robotRateLimited',
  // bots: Stream mode and sessionWebhook replies (docs/dingtalk/stream.md)
  'streamAuthFailed',
  'sessionNotFound',
  'robotCodeNotFound',
  'robotCodeMismatch',
  'msgKeyInvalid',
  'msgParamInvalid',
  'conversationNotFound',
  'openMsgIdNotFound',
  // group chats (群会话: /chat/create, /chat/get, /chat/send)
  'chatNotFound',
  'notChatMember',
  'chatMessageInvalid',
  // media files (媒体文件: media/upload, media ids in messages)
  'mediaTypeInvalid',
  'mediaFileTypeInvalid',
  'mediaSizeInvalid',
  'mediaIdInvalid',
  'mediaMissing',
  // cards (互动卡片 and AI 卡片: /v1.0/card/*, docs/dingtalk/cards.md)
  'cardNotFound',
  'cardTemplateNotFound',
  'cardSpaceInvalid',
  'cardQuotaExceeded',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ErrorDetails {
  /** The parameter at fault (missingParameter, invalidParameter). */
  param?: string;
  /** Permission points the call needed (missingScope). */
  scopes?: string[];
  /** The caller's address (ipNotAllowed). */
  ip?: string;
  /** The app involved, when known. */
  appKey?: string;
  /** DingTalk's ApiName for the path (unknownApi), e.g. dingtalk.oapi.v2.user.notexist. */
  apiName?: string;
  /** The HTTP method the route wants (methodNotAllowed). */
  method?: string;
  /**
   * Which of several answers of one kind (robotSecurity: keywords | timestamp | sign | ip; invalidAgentId:
   * missing; chatNotFound: malformed; notChatMember: owner | sender; chatMessageInvalid: msgtype | tooLong).
   */
  variant?: string;
}

/**
 * Why, in both languages: the console shows `zh` first with `en` beside it; the journal keeps `en` as
 * `reason` (and `zh` as `reasonZh`). One place per reason: written where the refusal is decided.
 */
export interface Reason {
  zh: string;
  en: string;
}

export const because = (zh: string, en: string): Reason => ({ zh, en });

export class DingTalkError extends Error {
  /** Why, in words a person understands (English); goes to the journal, never on the wire. */
  readonly reason: string;
  /** The same in Chinese, as a Chinese QA engineer would say it; the console shows it first. */
  readonly reasonZh: string;

  constructor(
    readonly kind: ErrorKind,
    why: Reason,
    readonly details: ErrorDetails = {},
  ) {
    super(`${kind}: ${why.en}`);
    this.reason = why.en;
    this.reasonZh = why.zh;
    this.name = 'DingTalkError';
  }
}

export const isDingTalkError = (e: unknown): e is DingTalkError => e instanceof DingTalkError;
