/**
 * The soak's short run in `npm test` (scripts/soak.ts; `npm run soak` for 1,000,000): 20,000 mixed
 * requests on keep-alive connections to a sandbox in a child process, whole web logins beside them.
 */
import { expect, it } from 'vitest';
import { runSoak } from '../../scripts/soak.ts';

it(
  '20,000 mixed requests: the process lives, no 5xx or connection error, no error log line, RSS after warm-up grows < 10 %, journal and QR sessions bounded',
  { timeout: 300_000 },
  async () => {
    const lines: string[] = [];
    const r = await runSoak({ requests: 20_000, log: (l) => lines.push(l) });
    console.log(lines.join('\n'));
    expect(r.requests).toBe(20_000);
    expect(r.crashed).toBeNull();
    expect(r.fiveXx).toBe(0);
    expect(r.connectionErrors).toBe(0);
    expect(r.errorLogLines).toEqual([]);
    expect(r.logins).toBeGreaterThan(0);
    expect(r.rss.growth).toBeLessThan(0.1);
    expect(r.stores.journal).toBeLessThanOrEqual(r.stores.journalSize);
    expect(r.stores.qrSessions).toBeLessThanOrEqual(1000);
  },
);
