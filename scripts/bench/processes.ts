/** Child processes of the benchmark: servers under test (forked, IPC) and cold starts (spawned). */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { SERVE_NODE_FLAGS } from '../../mock-server/src/heap-tuning.ts';
import { once } from 'node:events';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';

export interface ReadyMessage {
  type: 'ready';
  port: number;
  url?: string;
  users?: number;
  generateMs?: number;
  loadMs?: number;
  rss?: number;
}

export interface Usage {
  rss: number;
  heapUsed: number;
  cpuUs: number;
}

export interface ServerChild {
  child: ChildProcess;
  ready: ReadyMessage;
  url: string;
  /**
   * The child's resident set size and heap in use (bytes) and CPU time so far (user + system, µs),
   * asked over IPC; `gc` runs a full collection first.
   */
  usage(opts?: { gc?: boolean }): Promise<Usage>;
  stop(): Promise<void>;
}

/**
 * Node's flags for the sandbox's process: `serve`'s own (heap-tuning.ts), or none with
 * BENCH_HEAP_DEFAULTS=1 (V8's defaults: to see what those flags are worth).
 */
export const SANDBOX_NODE_FLAGS: readonly string[] = process.env.BENCH_HEAP_DEFAULTS ? [] : SERVE_NODE_FLAGS;

/** Fork a server script (node on compiled JS) and wait for its `ready` message. */
export async function forkServer(
  script: string,
  args: string[],
  opts: { timeoutMs?: number; nodeFlags?: readonly string[] } = {},
): Promise<ServerChild> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const child = fork(script, args, {
    // Plain node, not this process's tsx loader (--expose-gc only lets usage({gc}) collect first),
    // with the server's own flags; BENCH_PROF=DIR writes the server's CPU profile there.
    execArgv: [
      '--expose-gc',
      ...(opts.nodeFlags ?? []),
      ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []),
    ],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start in ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('exit', (code) => reject(new Error(`${script} exited with code ${code} before it was ready`)));
    child.on('message', (msg: { type?: string }) => {
      if (msg?.type === 'ready') {
        clearTimeout(timer);
        resolve(msg as ReadyMessage);
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    child,
    ready,
    url: ready.url ?? `http://127.0.0.1:${ready.port}`,
    async usage(opts = {}) {
      const reply = new Promise<Usage>((resolve) => {
        const onMessage = (msg: { type?: string } & Partial<Usage>) => {
          if (msg?.type !== 'usage') return;
          child.off('message', onMessage);
          resolve({ rss: msg.rss ?? NaN, heapUsed: msg.heapUsed ?? NaN, cpuUs: msg.cpuUs ?? NaN });
        };
        child.on('message', onMessage);
      });
      child.send({ type: 'usage', gc: opts.gc === true });
      return reply;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function statusOf(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/**
 * Milliseconds from spawning `node <args…> <port>` until `path` first answers 200, polling every
 * millisecond or so; the child is then killed.
 */
export async function coldStart(
  args: (port: number) => string[],
  path: string,
  timeoutMs = 30_000,
): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, args(port), { stdio: 'ignore' });
  try {
    for (;;) {
      if ((await statusOf(port, path)) === 200) return performance.now() - t0;
      if (child.exitCode !== null) throw new Error(`${args(port).join(' ')} exited with ${child.exitCode}`);
      if (performance.now() - t0 > timeoutMs) throw new Error(`${args(port).join(' ')} did not answer`);
      await new Promise((r) => setTimeout(r, 1));
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  }
}
