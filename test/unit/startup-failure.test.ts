/**
 * What `serve` says when it cannot start (config/failure.ts): one line, `<what>; <what to do>`, for
 * Node's listen errors — EACCES too, which the bin test cannot provoke as root — and for a bug.
 */
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../mock-server/src/config/failure.ts';
import { StartupError } from '../../mock-server/src/config/startup-error.ts';
import { StateFileError } from '../../mock-server/src/persistence.ts';

const listenError = (code: string, address: string, port: number) =>
  Object.assign(new Error(`listen ${code}: ${address}:${port}`), { code, syscall: 'listen', address, port });

describe('start-up failures in one line', () => {
  it('a privileged port (EACCES) says to pick a port above 1023', () => {
    expect(describeFailure(listenError('EACCES', '127.0.0.1', 80))).toBe(
      'not allowed to listen on 127.0.0.1:80; pick a port above 1023 with --port, or another --host',
    );
  });

  it('another listen error still names the address and what to change', () => {
    expect(describeFailure(listenError('EINVAL', '127.0.0.1', 3700))).toBe(
      'cannot listen on 127.0.0.1:3700 (EINVAL); pick another --port or --host',
    );
  });

  it('our own errors and the state file’s say what to do', () => {
    expect(describeFailure(new StartupError('c.json: tenants[0]: bad', 'fix the file'))).toBe(
      'c.json: tenants[0]: bad; fix the file',
    );
    expect(
      describeFailure(new StateFileError('state file s.json has an unsupported format (version 9)')),
    ).toBe(
      'state file s.json has an unsupported format (version 9); fix or remove it (or start without --state / DINGTALK_SANDBOX_STATE)',
    );
  });

  it('a bug is one line too, naming the error and how to see its stack', () => {
    const line = describeFailure(
      new TypeError("Cannot read properties of undefined (reading 'x')\n    at f (cli.js:1:2)"),
    );
    expect(line).toBe(
      "unexpected TypeError: Cannot read properties of undefined (reading 'x'); this is a bug in dingtalk-sandbox, please report it with the command you ran (DINGTALK_SANDBOX_DEBUG=1 prints the stack)",
    );
  });
});
