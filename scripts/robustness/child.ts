/**
 * A sandbox in a child process, for the fuzzer and the soak: `dingtalk-sandbox serve` from the
 * sources (tsx), on a free loopback port, logging at debug. A crash shows as the process dying; its
 * log is read line by line so an error-level line (pino level ≥ 50) is seen when it is written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SERVE_NODE_FLAGS } from '../../mock-server/src/heap-tuning.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface LogLine {
  level: number;
  msg?: string;
  requestId?: string;
  raw: string;
}

export interface SandboxChild {
  url: string;
  port: number;
  pid: number;
  /** Every log line at error level or above, in order. */
  errorLines: LogLine[];
  /** How many log lines were read (any level). */
  lineCount: number;
  /** Set when the process exited: its code or signal. */
  exited: string | null;
  /** Resident set size now, in bytes (/proc). */
  rss(): number;
  /** Ask for a full GC (started with gcOnSignal) and give it a moment. */
  fullGc(): Promise<void>;
  stop(): Promise<void>;
}

export interface ChildOptions {
  journalSize?: number;
  /** Extra `serve` options. */
  args?: string[];
  /** A full GC on SIGUSR2 (gc-on-signal.mjs), for RSS samples after one (`fullGc()`). */
  gcOnSignal?: boolean;
}

export async function startChild(options: ChildOptions = {}): Promise<SandboxChild> {
  const args = [
    // A serving process, started as `npm run serve` starts one (heap-tuning.ts).
    ...SERVE_NODE_FLAGS,
    ...(options.gcOnSignal ? ['--expose-gc', '--import', './scripts/robustness/gc-on-signal.mjs'] : []),
    '--import',
    'tsx',
    'mock-server/src/cli.ts',
    'serve',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--log-level',
    'debug',
    '--journal-size',
    String(options.journalSize ?? 1000),
    ...(options.args ?? []),
  ];
  const proc: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = {
    url: '',
    port: 0,
    pid: proc.pid ?? 0,
    errorLines: [] as LogLine[],
    lineCount: 0,
    exited: null as string | null,
    rss: () => rssOf(proc.pid ?? 0),
    fullGc: async () => {
      if (child.exited === null) proc.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 250));
    },
    stop: async () => {
      if (child.exited !== null) return;
      const done = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await done;
      clearTimeout(timer);
    },
  };
  const ready = new Promise<void>((resolve, reject) => {
    let pending = '';
    const onLine = (line: string) => {
      child.lineCount++;
      const url = /base URL \(oapi, api, login\)\s+(http:\/\/\S+)/.exec(line);
      if (url && !child.url) {
        child.url = url[1]!;
        child.port = Number(new URL(child.url).port);
        resolve();
        return;
      }
      if (!line.startsWith('{')) return;
      try {
        const parsed = JSON.parse(line) as { level?: number; msg?: string; requestId?: string };
        if ((parsed.level ?? 0) >= 50)
          child.errorLines.push({
            level: parsed.level!,
            msg: parsed.msg,
            requestId: parsed.requestId,
            raw: line,
          });
      } catch {
        // a banner line that happens to start with a brace
      }
    };
    const read = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    };
    proc.stdout!.on('data', read);
    let stderr = '';
    proc.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      // Anything on stderr after start-up is a crash report or a warning: kept as an error line.
      if (child.url) child.errorLines.push({ level: 60, msg: 'stderr', raw: c.toString('utf8') });
    });
    proc.once('exit', (code, signal) => {
      child.exited = signal ?? String(code);
      reject(new Error(`the sandbox exited before it was ready (${child.exited}): ${stderr.slice(0, 2000)}`));
    });
  });
  await ready;
  return child;
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
