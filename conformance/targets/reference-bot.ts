/**
 * The reference bot's adapter (the bot specs' default target): each test runs the bot in its own
 * process — `node --import tsx --import dingtalk-sandbox/register conformance/reference-bot/src/main.ts`
 * — the register hook routing DingTalk's real hostnames (api/oapi/wss-open-connection.dingtalk.com)
 * to the sandbox, exactly as a team would run its own bot against it.
 *
 * `createReferenceBot(sourceDir)` runs another copy of the bot's `src/` folder (the mutation check's
 * broken variants); the default is conformance/reference-bot/src (or CONFORMANCE_BOT_SOURCE).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { BotTarget, BotUnderTest } from './bot-target.ts';

const root = join(import.meta.dirname, '..', '..');
const DEFAULT_SOURCE = resolve(
  process.env.CONFORMANCE_BOT_SOURCE ?? join(import.meta.dirname, '..', 'reference-bot', 'src'),
);

/** The environment without proxies or NODE_OPTIONS of the machine (the register hook does the routing). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (/^(https?|all|no)_proxy$/i.test(k)) delete base[k];
  delete base.NODE_OPTIONS;
  return { ...base, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

export function createReferenceBot(source: string): BotTarget {
  return {
    name: 'reference-bot',
    question: '今天的销售额是多少？',
    expected: '¥128,000',
    supportsAiCards: true,
    fileAnswer: (bytes) => createHash('sha256').update(bytes).digest('hex'),
    presses: {
      everyone: {
        params: { action: 'like' },
        shows: (userid) => ({ lastAction: 'like', pressedBy: userid }),
      },
      onlyPresser: { params: { action: 'subscribe' }, shows: () => ({ subscribed: 'true' }) },
    },
    async start({ clientId, clientSecret, reach, aiCardTemplateId }): Promise<BotUnderTest> {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--import', 'dingtalk-sandbox/register', join(source, 'main.ts')],
        {
          cwd: root,
          env: cleanEnv({
            DINGTALK_CLIENT_ID: clientId,
            DINGTALK_CLIENT_SECRET: clientSecret,
            DINGTALK_SANDBOX_URL: reach.url,
            DINGTALK_SANDBOX_CA: reach.caPath,
            ...(aiCardTemplateId ? { DINGTALK_AI_CARD_TEMPLATE_ID: aiCardTemplateId } : {}),
          }),
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const lines: string[] = [];
      for (const stream of [child.stdout, child.stderr]) {
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
      }
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      return {
        output: () => [...lines],
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            // Bounded: a bot that ignores SIGTERM is killed.
            setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
          }
          await exited;
        },
      };
    },
  };
}

export const referenceBot: BotTarget = createReferenceBot(DEFAULT_SOURCE);
