/** pino, with the secrets DingTalk traffic carries redacted (stack.md: logging). */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export function createLogger(level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { name: 'dingtalk-sandbox' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-acs-dingtalk-access-token"]',
        '*.appSecret',
        '*.appsecret',
        '*.access_token',
      ],
      censor: '***',
    },
  });
}
