import { describe, expect, it } from 'vitest';
import { newAppKey, newRequestId } from '../../mock-server/src/domain/ids.ts';

describe('pooled random ids', () => {
  it('keeps request ids 14 lowercase alphanumerics and distinct across many pool refills', () => {
    // 4 KiB pool / 14 bytes per id: 2,000 ids refill it about seven times.
    const ids = Array.from({ length: 2000 }, () => newRequestId());
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{14}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps AppKeys in DingTalk shape (ding + 16 lowercase alphanumerics) from the same pool', () => {
    const keys = Array.from({ length: 500 }, () => newAppKey());
    for (const k of keys) expect(k).toMatch(/^ding[a-z0-9]{16}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
