import { describe, expect, it } from 'vitest';
import { newRequestId } from '../../mock-server/src/domain/ids.ts';
import { Journal, type JournalEntry } from '../../mock-server/src/domain/journal/journal.ts';

type Input = Omit<JournalEntry, 'seq'>;

const call = (over: Partial<Input> = {}): Input => ({
  at: 1_767_225_600_123,
  requestId: newRequestId(),
  host: 'oapi',
  method: 'POST',
  path: '/topapi/v2/user/get?access_token=abcd***',
  route: 'oapi.v2.user.get',
  status: 200,
  outcome: 'ok',
  durationMs: 0.37,
  ...over,
});

describe('Journal (columns, not an object per call)', () => {
  it('gives back every field of a call as it was recorded, numbered, optional fields only when given', () => {
    const j = new Journal(4);
    const ok = call({ appKey: 'dingabc', userid: 'manager1471', ip: '127.0.0.1' });
    const refused = call({
      route: null,
      status: 404,
      outcome: 'refused',
      code: '404',
      reason: 'no such path',
      ip: '::1',
    });
    j.record(ok);
    j.record(refused);
    const [a, b] = j.query();
    expect(a).toEqual({ seq: 1, ...ok });
    expect(b).toEqual({ seq: 2, ...refused });
    expect(Object.keys(b!)).not.toContain('appKey');
    expect(Object.keys(b!)).not.toContain('userid');
    expect(Object.keys(a!)).not.toContain('code');
    expect(b!.route).toBeNull();
  });

  it('keeps request ids exactly: its own 14-character ids (leading zeros too) and any other string', () => {
    const ids = [
      '00000000000000',
      '0000zzzzzzzzzz',
      'zzzzzzzzzzzzzz',
      'a1b2c3d4e5f6g7',
      ...Array.from({ length: 200 }, newRequestId),
    ];
    const odd = ['', 'x', 'ABCDEFGHIJKLMN', 'abc-def-ghi-jk', '0123456789abcdef', '15d2kn3dbrkf8'];
    const j = new Journal(ids.length + odd.length);
    for (const id of [...ids, ...odd]) j.record(call({ requestId: id }));
    expect(j.query().map((e) => e.requestId)).toEqual([...ids, ...odd]);
  });

  it('is a ring: keeps the newest `capacity` calls oldest first, filters them, and numbers on after clear()', () => {
    const j = new Journal(3);
    const outcomes = ['ok', 'refused', 'fault', 'error', 'ok'] as const;
    outcomes.forEach((outcome, i) => j.record(call({ route: `r${i}`, at: 1000 + i, outcome })));
    expect(j.size).toBe(3);
    expect(j.lastSeq).toBe(5);
    expect(j.query().map((e) => [e.seq, e.route, e.outcome])).toEqual([
      [3, 'r2', 'fault'],
      [4, 'r3', 'error'],
      [5, 'r4', 'ok'],
    ]);
    expect(j.query({ sinceSeq: 4 }).map((e) => e.seq)).toEqual([5]);
    expect(j.query({ sinceAt: 1003 }).map((e) => e.seq)).toEqual([4, 5]);
    expect(j.query({ outcome: 'error' }).map((e) => e.route)).toEqual(['r3']);
    expect(j.query({ route: 'r2' }).map((e) => e.seq)).toEqual([3]);
    expect(j.query({ limit: 2 }).map((e) => e.seq)).toEqual([4, 5]);

    j.clear();
    expect(j.size).toBe(0);
    expect(j.query()).toEqual([]);
    j.record(call({ route: 'after' }));
    expect(j.query().map((e) => [e.seq, e.route])).toEqual([[6, 'after']]);
    expect(j.size).toBe(1);
  });

  it('grows its slots as calls come and keeps every call across each growth, then wraps at capacity', () => {
    const j = new Journal(300);
    const routes = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `r${from + i}`);
    for (let i = 0; i < 150; i++) j.record(call({ route: `r${i}`, requestId: `id-${i}` }));
    expect(j.query().map((e) => e.route)).toEqual(routes(0, 150));
    expect(j.query()[149]).toMatchObject({ seq: 150, requestId: 'id-149', status: 200 });
    for (let i = 150; i < 1000; i++) j.record(call({ route: `r${i}` }));
    expect(j.size).toBe(300);
    expect(j.query().map((e) => e.route)).toEqual(routes(700, 1000));
    expect(j.query().map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, i) => 701 + i));
  });

  it('does not keep the recorded object: changing it afterwards changes nothing', () => {
    const j = new Journal(2);
    const entry = call({ userid: 'u1' });
    j.record(entry);
    entry.userid = 'someone else';
    entry.status = 500;
    expect(j.query()[0]).toMatchObject({ userid: 'u1', status: 200 });
  });

  it('refuses a capacity that is not a positive whole number', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new Journal(bad)).toThrow(RangeError);
  });
});
