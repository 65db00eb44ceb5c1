/**
 * `serve` with a config file whose app says `events.verify: true` (docs/config.md): the check_url
 * handshake runs before the sandbox listens, and a URL that fails it stops the start in one line with
 * exit code 1 (the bundled bin, dist/cli.js, built by `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');
const ENV: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
for (const k of Object.keys(ENV)) if (k.startsWith('DINGTALK_SANDBOX_')) delete ENV[k];

/** A loopback port nobody listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  s.close();
  await once(s, 'close');
  return port;
}

describe('serve with events.verify in the config file', () => {
  it('V2: a URL that fails check_url stops the start: one line naming the place, exit code 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/dingtalk/events`;
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-events-'));
    const config = {
      tenants: [
        {
          apps: [
            {
              name: 'BI',
              appKey: 'dingcfgverifyapp',
              events: {
                channel: 'http',
                url,
                token: 'tok',
                aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
                verify: true,
              },
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'dingtalk-sandbox.config.json'), JSON.stringify(config));
    const r = spawnSync(process.execPath, [CLI, 'serve', '--port', '0'], {
      cwd: dir,
      encoding: 'utf8',
      env: ENV,
      timeout: 15_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^error: dingtalk-sandbox\.config\.json: tenants\[0\]\.apps\[0\]\.events: the URL failed the check_url handshake: the request failed: ECONNREFUSED; start the receiver before the sandbox, or drop "verify": true$/,
      ),
    ]);
    expect(r.stdout).not.toContain('http://127.0.0.1');
  });
});
