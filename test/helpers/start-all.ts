/**
 * `npm start`'s script (scripts/start-all.ts) as a child process on free ports, for tests of the
 * first minute and of restarts. `npm start` itself builds first; the script is what it then runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface StartedAll {
  child: ChildProcess;
  stdout: string;
  sandboxUrl: string;
  biUrl: string;
}

/** Run the script with `args`; resolves once its banner is out (or rejects with what it printed). */
export function runStartAll(
  args: string[],
  env: Record<string, string> = {},
): {
  child: ChildProcess;
  ready: Promise<StartedAll>;
  exited: Promise<{ code: number | null; stderr: string; stdout: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-all.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, BI_LOG_LEVEL: 'silent', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr, stdout }));
  const ready = new Promise<StartedAll>((resolve, reject) => {
    const check = () => {
      if (!stdout.includes('Ctrl-C')) return;
      child.stdout!.off('data', check);
      const field = (label: string) => new RegExp(`${label}\\s+(http://\\S+)`).exec(stdout)?.[1] ?? '';
      resolve({
        child,
        stdout,
        sandboxUrl: field('钉钉沙箱 base URL'),
        biUrl: field('BI 登录页').replace(/\/login$/, ''),
      });
    };
    child.stdout!.on('data', check);
    void exited.then(({ code }) =>
      reject(new Error(`start-all exited (${code}) before its banner:\n${stdout}\n${stderr}`)),
    );
  });
  ready.catch(() => {}); // a test that expects a refusal awaits `exited` only
  return { child, ready, exited };
}

/** SIGTERM (as Ctrl-C would) and wait for the exit. */
export async function stopStartAll(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exit = once(child, 'exit');
  child.kill(signal);
  await exit;
}
