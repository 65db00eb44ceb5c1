import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.ts';

// The journal entry is built on every call (npm run bench): these pin what it holds.
describe('journal entries', () => {
  it('records a success with the app, the user and a masked token, fields in their documented order', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    await s.topapi('/topapi/v2/user/get', token, { userid: 'manager1471' });
    const entry = s.tenant.journal.query({ route: 'oapi.v2.user.get' }).at(-1)!;
    expect(Object.keys(entry)).toEqual([
      'at',
      'requestId',
      'host',
      'method',
      'path',
      'route',
      'status',
      'outcome',
      'appKey',
      'userid',
      'ip',
      'durationMs',
      'seq',
    ]);
    expect(entry).toMatchObject({ outcome: 'ok', appKey: s.main.appKey, userid: 'manager1471' });
    expect(entry.path).toBe(`/topapi/v2/user/get?access_token=${token.slice(0, 4)}***`);
    expect(entry.seq).toBe(s.tenant.journal.lastSeq);
  });

  it('answers a malformed JSON body in the envelope and journals the parse failure as the reason', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const r = await s.request('POST', `/topapi/v2/user/get?access_token=${token}`, {
      body: '{"userid": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.json()).toMatchObject({ errcode: 400002, errmsg: '无效的参数' });
    // Parsing precedes authentication, so the refusal may sit in either journal: exactly one has it.
    const refused = [...s.sandbox.unattributed.query(), ...s.tenant.journal.query()].filter(
      (e) => e.outcome === 'refused',
    );
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: '400002', status: 200 });
    expect(refused[0]!.reason).toMatch(/could not be parsed/);
  });
});
