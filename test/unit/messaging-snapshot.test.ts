import { describe, expect, it } from 'vitest';
import { Sandbox } from '../../mock-server/src/domain/tenancy/sandbox.ts';
import { SNAPSHOT_VERSION } from '../../mock-server/src/domain/tenancy/tenant.ts';
import { generateTenant } from '../../mock-server/src/fixtures/generate.ts';
import { defaultSnapshot } from '../../mock-server/src/snapshots.ts';
import { oneToOneChatId } from '../../mock-server/src/domain/chats/chats.ts';

describe('robots and chats in tenant snapshots', () => {
  it('the committed default tenant has one signed robot and one keyword robot in one group (and the bot’s one-to-one chat)', () => {
    const snap = defaultSnapshot();
    expect(snap.version).toBe(SNAPSHOT_VERSION);
    expect(snap.chats?.map((c) => c.kind ?? 'group')).toEqual(['group', 'oto']);
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

  it('B2/B3 a fresh copy (a parallel test tenant) keeps its bot in its chats under the new robotCode', () => {
    const sandbox = new Sandbox();
    const original = sandbox.addTenant(defaultSnapshot());
    const copy = sandbox.addTenant(defaultSnapshot(), { fresh: true });
    const bot = copy.listApps().find((a) => a.robot)!;
    const originalBot = original.listApps().find((a) => a.robot)!;
    expect(bot.appKey).not.toBe(originalBot.appKey);
    const chats = copy.messaging.chats.withRobot(bot.appKey);
    expect(chats.map((c) => c.kind).sort()).toEqual(['group', 'oto']);
    expect(copy.messaging.chats.withRobot(originalBot.appKey)).toEqual([]);
    const oto = chats.find((c) => c.kind === 'oto')!;
    expect(oto.openConversationId).toBe(oneToOneChatId(bot.appKey, oto.ownerUserid));
  });
});
