/** pino, with the secrets DingTalk traffic carries redacted (stack.md: logging). */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import type { JournalEntry } from './domain/journal/journal.ts';
import { redactUrl } from './domain/journal/redact.ts';

export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { name: 'dingtalk-sandbox' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-acs-dingtalk-access-token"]',
        'req.headers["x-sandbox-admin-token"]',
        '*.appSecret',
        '*.appsecret',
        '*.access_token',
      ],
      censor: '***',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** An error of Node's HTTP parser (HPE_*: a malformed request line, header or chunk). */
export function isParserError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('HPE_');
}

/**
 * What is logged of a request Node's HTTP parser refused: its error code and reason and, of the
 * bytes it read, only the request line with secret query parameters masked. Never the raw bytes:
 * they hold headers (admin token, cookies, user tokens) and bodies (AppSecrets) in clear.
 */
export function parserErrorFields(err: unknown): Record<string, unknown> {
  const e = err as { code?: unknown; reason?: unknown; message?: unknown; rawPacket?: unknown };
  const fields: Record<string, unknown> = {
    code: e.code,
    reason: typeof e.reason === 'string' ? e.reason : e.message,
  };
  if (Buffer.isBuffer(e.rawPacket)) {
    const head = e.rawPacket.subarray(0, 2048).toString('latin1');
    const line = /^([A-Z]{3,10}) (\S{1,2000}) HTTP\/\d\.\d\r?\n/.exec(head);
    if (line) fields.request = `${line[1]} ${redactUrl(line[2]!)}`;
  }
  return fields;
}

/**
 * At debug level (`serve --verbose` or `--log-level debug`): one line per DingTalk call, from its
 * journal entry — method, path (secrets already masked by the journal), status, outcome, code and
 * reason. Undefined otherwise, so a call costs nothing more.
 */
export function callLogger(logger: Logger): ((entry: Omit<JournalEntry, 'seq'>) => void) | undefined {
  if (!logger.isLevelEnabled('debug')) return undefined;
  return (e) => {
    const reason = e.reason === undefined ? '' : `: ${e.reason}`;
    logger.debug(
      {
        call: {
          method: e.method,
          path: e.path,
          route: e.route,
          status: e.status,
          outcome: e.outcome,
          ...(e.code === undefined ? {} : { code: e.code }),
          ...(e.reason === undefined ? {} : { reason: e.reason }),
          ...(e.appKey === undefined ? {} : { appKey: e.appKey }),
          requestId: e.requestId,
        },
      },
      `${e.method} ${e.path} → ${e.status} ${e.outcome}${e.code === undefined ? '' : ` ${e.code}`}${reason}`,
    );
  };
}
