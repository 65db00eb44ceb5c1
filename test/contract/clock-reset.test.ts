/**
 * 恢复真实时间 through the admin API and its typed client (X2): a moved or frozen tenant clock goes
 * back on real time, running; `reset` mixed with a move is refused with the admin API's 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxAdmin } from '../../mock-server/src/admin-client.ts';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

describe('the tenant clock back on real time', () => {
  let sb: RunningSandbox;
  let admin: SandboxAdmin;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sb.url);
  });
  afterAll(() => sb?.stop());

  it('X2 after +2 h 1 s and a freeze, resetClock puts the clock on real time, running, offset 0', async () => {
    const corpId = sb.defaultTenant.corpId;
    expect((await admin.advanceClock(corpId, 7201)).offsetMs).toBeGreaterThanOrEqual(7_200_000);
    await admin.setClock(corpId, Date.now() + 86_400_000, true);
    const back = await admin.resetClock(corpId);
    expect(back.frozen).toBe(false);
    expect(back.offsetMs).toBe(0);
    expect(Math.abs(back.now - Date.now())).toBeLessThan(1000);
  });

  it('reset goes alone: { reset: true, advanceSeconds } is a 400 in the admin API shape', async () => {
    const corpId = sb.defaultTenant.corpId;
    const r = await fetch(`${sb.url}/__sandbox/api/tenants/${corpId}/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reset: true, advanceSeconds: 5 }),
    });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalidBody');
    expect(body.error.message).toContain('reset: true goes alone');
    await expect(admin.clock(corpId)).resolves.toMatchObject({ offsetMs: 0 });
  });
});
