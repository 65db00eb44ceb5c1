/**
 * What the CLI says when `serve` cannot start: one line, `<what>; <what to do>`. A start-up error of
 * ours says it already; Node's listen errors and an unusable state file are put in those words; and
 * anything else (a bug) still gets one line, with the way to see the stack.
 */
import { StateFileError } from '../persistence.ts';
import { StartupError } from './startup-error.ts';

export function describeFailure(e: unknown): string {
  if (e instanceof StartupError) return e.message;
  if (e instanceof StateFileError)
    return `${e.message}; fix or remove it (or start without --state / DINGTALK_SANDBOX_STATE)`;
  const err = e as (NodeJS.ErrnoException & { port?: number; address?: string; option?: string }) | null;
  if (err?.syscall === 'listen') {
    const where = `${err.address ?? ''}:${err.port ?? ''}`;
    // A listener other than the base URL's names its own option (e.g. the proxy's --proxy-port).
    const option = err.option ?? '--port';
    if (err.code === 'EADDRINUSE')
      return `${where} is already in use (another sandbox?); stop it or pick another ${option} (0 = any free port)`;
    if (err.code === 'EACCES')
      return `not allowed to listen on ${where}; pick a port above 1023 with ${option}, or another --host`;
    if (err.code === 'EADDRNOTAVAIL')
      return `${err.address ?? 'that address'} is not an address of this machine; pick another --host (e.g. 127.0.0.1 or 0.0.0.0)`;
    return `cannot listen on ${where} (${err.code ?? err.message}); pick another --port or --host`;
  }
  if (process.env.DINGTALK_SANDBOX_DEBUG && e instanceof Error && e.stack)
    process.stderr.write(`${e.stack}\n`);
  const what = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
  return `unexpected ${what}; this is a bug in dingtalk-sandbox, please report it with the command you ran (DINGTALK_SANDBOX_DEBUG=1 prints the stack)`;
}
