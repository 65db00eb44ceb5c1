import { describe, expect, it } from 'vitest';
import { Sandbox } from '../../mock-server/src/domain/tenancy/sandbox.ts';
import { SNAPSHOT_VERSION } from '../../mock-server/src/domain/tenancy/tenant.ts';
import { generateTenant } from '../../mock-server/src/fixtures/generate.ts';
import { defaultSnapshot } from '../../mock-server/src/snapshots.ts';

describe('robots and chats in tenant snapshots', () => {
  it('the committed default tenant has one signed robot and one keyword robot in one group', () => {
    const snap = defaultSnapshot();
    expect(snap.version).toBe(SNAPSHOT_VERSION);
    expect(snap.chats).toHaveLength(1);
    expect(
      snap.robots?.map((r) => ({ signed: r.secret.startsWith('SEC'), keywords: r.keywords.length > 0 })),
    ).toEqual([
      { signed: true, keywords: false },
      { signed: false, keywords: true },
    ]);
  });

  it('generation is deterministic and did not shift the apps and users', () => {
    const a = generateTenant();
    const b = generateTenant();
    expect(a.robots).toEqual(b.robots);
    const committed = defaultSnapshot();
    expect(a.apps).toEqual(committed.apps);
    expect(a.directory).toEqual(committed.directory);
  });

  it('a snapshot written before robots existed (no chats/robots fields) still loads', () => {
    const old = defaultSnapshot();
    delete old.chats;
    delete old.robots;
    const tenant = new Sandbox().addTenant(old);
    expect(tenant.messaging.robots.listRobots()).toEqual([]);
    expect(tenant.toSnapshot().robots).toEqual([]);
  });

  it('round-trips robots and chats through toSnapshot', () => {
    const tenant = new Sandbox().addTenant(defaultSnapshot());
    const snap = tenant.toSnapshot();
    expect(snap.robots).toEqual(defaultSnapshot().robots);
    // A chat of an older snapshot gains its derived fields (chatid, settings, …) and keeps everything it had.
    expect(snap.chats).toMatchObject(defaultSnapshot().chats!);
    const again = new Sandbox().addTenant({ ...snap, corpId: 'dingroundtrip' }).toSnapshot();
    expect(again.chats).toEqual(snap.chats);
  });
});
