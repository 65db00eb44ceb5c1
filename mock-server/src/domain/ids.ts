/**
 * Identifier shapes as DingTalk issues them. Runtime values (tokens, codes, request ids) come from
 * the crypto RNG; fixture values (userids, unionids) come from the seeded generator instead.
 */
import { randomBytes, randomFillSync, randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

// Every call gets a request id, and a crypto call per id was a measurable share of a request's CPU
// time (npm run bench): ids take their bytes from a pool refilled 4 KiB at a time instead.
const pool = Buffer.alloc(4096);
let poolUsed = pool.length;

function randomFrom(alphabet: string, length: number): string {
  if (length > pool.length) throw new RangeError('id too long');
  if (poolUsed + length > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[pool[poolUsed + i]! % alphabet.length];
  poolUsed += length;
  return out;
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
