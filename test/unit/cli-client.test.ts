/** `dingtalk-sandbox client`: refuses clearly where no window can open, before touching Playwright. */
import { describe, expect, it } from 'vitest';
import {
  ClientCommandError,
  displayProblem,
  runClientCommand,
} from '../../mock-server/src/client-shim/cli-client.ts';

describe('dingtalk-sandbox client', () => {
  it('fails with a clear message when Linux has no display', async () => {
    const run = runClientCommand(
      { platform: 'ios', user: 'manager1471', sandbox: 'http://127.0.0.1:1' },
      {},
      'linux',
    );
    await expect(run).rejects.toThrow(/^no display: .*DISPLAY is not set/);
  });

  it('rejects an unknown platform by listing the valid ones', async () => {
    const run = runClientCommand(
      { platform: 'harmony', user: 'u', sandbox: 'http://127.0.0.1:1' },
      {},
      'darwin',
    );
    await expect(run).rejects.toBeInstanceOf(ClientCommandError);
    await expect(run).rejects.toThrow('--platform must be one of pc, ios, android (got "harmony")');
  });

  it('says so when the sandbox is not running', async () => {
    const run = runClientCommand(
      { platform: 'pc', user: 'u', sandbox: 'http://127.0.0.1:1' },
      { DISPLAY: ':0' },
      'linux',
    );
    await expect(run).rejects.toThrow(/^cannot reach the sandbox at http:\/\/127\.0\.0\.1:1/);
  });

  it('needs no display check on macOS and Windows, and accepts Wayland on Linux', () => {
    expect(displayProblem({}, 'darwin')).toBeNull();
    expect(displayProblem({}, 'win32')).toBeNull();
    expect(displayProblem({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
  });
});
