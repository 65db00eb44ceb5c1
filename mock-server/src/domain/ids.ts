/**
 * Identifier shapes as DingTalk issues them. Runtime values (tokens, codes, request ids) come from
 * the crypto RNG; fixture values (userids, unionids) come from the seeded generator instead.
 */
import { createHash, randomBytes, randomFillSync, randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

// Every call gets a request id, and a crypto call per id was a measurable share of a request's CPU
// time (npm run bench): ids take their bytes from a pool refilled 4 KiB at a time instead.
const pool = Buffer.alloc(4096);
let poolUsed = pool.length;

// The id's characters are written into a scratch buffer and read out as one string: appending
// them one by one made a string per character on every call.
const scratch = Buffer.alloc(64);

function randomFrom(alphabet: string, length: number): string {
  if (length > scratch.length) throw new RangeError('id too long');
  if (poolUsed + length > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  for (let i = 0; i < length; i++) scratch[i] = alphabet.charCodeAt(pool[poolUsed + i]! % alphabet.length);
  poolUsed += length;
  return scratch.toString('latin1', 0, length);
}

/** 32 hex chars, the shape of a corp access_token. */
export const newAccessToken = (): string => randomBytes(16).toString('hex');
/** A request id as DingTalk returns it in `request_id` / `requestid` (lowercase alnum, 13+ chars). */
export const newRequestId = (): string => randomFrom(ALNUM, 14);
/** AppKey / ClientId: `ding` + 16 lowercase alnum chars. */
export const newAppKey = (): string => `ding${randomFrom(ALNUM, 16)}`;
/** AppSecret / ClientSecret: 64 chars of letters, digits, `-` and `_`. */
export const newAppSecret = (): string => randomBytes(48).toString('base64url');
/** CorpId: `ding` + 32 hex chars. */
export const newCorpId = (): string => `ding${randomBytes(16).toString('hex')}`;
/** AgentId: a 10-digit number. */
export const newAgentId = (): number => randomInt(1_000_000_000, 4_000_000_000);
/** The console's AppId (a UUID). */
export const newAppId = (): string => randomUUID();
/** Temporary auth codes (免登 / OAuth): 32 hex chars. */
export const newAuthCode = (): string => randomBytes(16).toString('hex');
/** A user access token's refresh token (32 hex chars, like the access token). */
export const newRefreshToken = (): string => randomBytes(16).toString('hex');
/** A QR login session id (the `sid` of the login page, the phone and the admin API). */
export const newQrSessionId = (): string => randomBytes(12).toString('base64url');
/** The legacy ddLogin `loginTmpCode` posted by the QR iframe after confirmation. */
export const newLoginTmpCode = (): string => randomBytes(16).toString('hex');

/**
 * A user's openId for one app: stable per (app, user), different across apps, as DingTalk's openid
 * is app-scoped (C for the scoping, U for the shape: 22 base64url chars + `iE` like unionids).
 */
export function openIdFor(appKey: string, unionid: string): string {
  const h = createHash('sha256').update(`${appKey}:${unionid}`).digest('base64url');
  return `${h.slice(0, 22)}iE`;
}
/** A jsapi_ticket: 32 letters and digits (the shape seen in DingTalk's own 52013 messages). */
export const newJsapiTicket = (): string =>
  randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 32);
/** A custom group robot's webhook access_token: 64 hex chars, as DingTalk shows it. */
export const newRobotToken = (): string => randomBytes(32).toString('hex');
/** A robot's signing secret (加签): `SEC` + 64 hex chars. */
export const newRobotSecret = (): string => `SEC${randomBytes(32).toString('hex')}`;
/** An enterprise robot's processQueryKey (opaque, base64-like). */
export const newProcessQueryKey = (): string => `${randomBytes(33).toString('base64')}`;
/** A group's openConversationId: `cid` + 22 base64 chars + `==`. */
export const newOpenConversationId = (): string =>
  `cid${randomBytes(16).toString('base64').slice(0, 22).replace(/\//g, 'x')}==`;
/** The first task_id of a tenant: 12 digits, as DingTalk's task ids look. */
export const newTaskIdBase = (): number => randomInt(200_000_000_000, 400_000_000_000);
