/**
 * V1/V4: directory changes become events for the apps that subscribe to them, delivered with retries on
 * the tenant clock, bounded, and failed HTTP pushes handed out once (get_call_back_failed_result).
 */
import { describe, expect, it } from 'vitest';
import { Directory, defaultDepartment } from '../../mock-server/src/domain/directory/directory.ts';
import { EventOutbox, type Delivery } from '../../mock-server/src/domain/events/event-outbox.ts';
import { httpPayload, streamPayload } from '../../mock-server/src/domain/events/directory-events.ts';
import { Tenant } from '../../mock-server/src/domain/tenancy/tenant.ts';
import { user } from '../helpers/users.ts';

const HTTP = { url: 'http://127.0.0.1:1/cb', token: 't', aesKey: 'a'.repeat(43), verifiedAt: 0 };

function tenantWith(directory = new Directory('测试')) {
  const index = { set() {}, delete() {}, get: () => undefined } as never;
  return new Tenant(
    { corpId: 'dingcorp1', name: '测试', directory },
    { tokenIndex: index, userTokenIndex: index, appAdded() {}, appRemoved() {} },
  );
}

function fail(at: number): Parameters<EventOutbox['settle']>[1] {
  return { at, ok: false, status: 500, reason: 'HTTP 500', reasonZh: 'HTTP 500' };
}

describe('directory changes as events (V1)', () => {
  it('names each change as DingTalk does: add, modify, leave (resigned or removed), department create/modify/remove', () => {
    const dir = new Directory('测试');
    const seen: string[] = [];
    dir.onChange((c) => seen.push(`${c.type}:${'userid' in c ? c.userid : c.deptId}`));
    dir.addDepartment(defaultDepartment(2, '研发部', 1));
    dir.updateDepartment(2, { name: '研发中心' });
    dir.addUser(user('zhangsan', [2]));
    dir.updateUser('zhangsan', { title: '工程师' });
    dir.updateUser('zhangsan', { resigned: true });
    dir.updateUser('zhangsan', { title: '前员工' });
    dir.updateUser('zhangsan', { resigned: false });
    dir.removeUser('zhangsan');
    dir.removeDepartment(2);
    expect(seen).toEqual([
      'org_dept_create:2',
      'org_dept_modify:2',
      'user_add_org:zhangsan',
      'user_modify_org:zhangsan',
      'user_leave_org:zhangsan',
      'user_add_org:zhangsan',
      'user_leave_org:zhangsan',
      'org_dept_remove:2',
    ]);
  });

  it('gives the HTTP push PascalCase fields and the Stream frame camelCase ones, stamped with the tenant clock', () => {
    const t = tenantWith();
    // Frozen first: set then freeze let a millisecond pass in between on a busy machine.
    t.clock.freeze(true);
    t.clock.set(1_700_000_000_000);
    t.events.subscribe({ appKey: 'k1', channel: 'http', eventTypes: '*', http: HTTP });
    t.directory.addUser(user('lisi', [1]));
    const { event } = t.events.listEvents()[0]!;
    expect(httpPayload(event)).toEqual({
      EventType: 'user_add_org',
      TimeStamp: 1_700_000_000_000,
      UserId: ['lisi'],
      CorpId: 'dingcorp1',
    });
    expect(streamPayload(event)).toEqual({ timeStamp: '1700000000000', userId: ['lisi'] });
  });

  it('delivers only to apps subscribed to the event type, on their own channel', () => {
    const t = tenantWith();
    t.events.subscribe({ appKey: 'all', channel: 'stream', eventTypes: '*' });
    t.events.subscribe({ appKey: 'leavers', channel: 'http', eventTypes: ['user_leave_org'], http: HTTP });
    t.events.subscribe({ appKey: 'unverified', channel: 'http', eventTypes: '*' });
    t.directory.addUser(user('wangwu', [1]));
    t.directory.updateUser('wangwu', { resigned: true });
    const now = t.clock.now();
    expect(t.events.due('stream', now).map((d) => d.event.eventType)).toEqual([
      'user_add_org',
      'user_leave_org',
    ]);
    expect(t.events.due('http', now).map((d) => `${d.appKey}:${d.event.eventType}`)).toEqual([
      'leavers:user_leave_org',
    ]);
  });
});

describe('retries and bounds (V4)', () => {
  it('retries on the schedule, then lists the push as failed, returned once by takeFailed', () => {
    const out = new EventOutbox('dingcorp1', {}, { retryDelaysMs: [10_000, 60_000] });
    out.subscribe({ appKey: 'k', channel: 'http', eventTypes: '*', http: HTTP });
    out.record({ type: 'user_leave_org', userid: 'u1' }, 1000);
    let [d] = out.due('http', 1000) as [Delivery];
    expect(out.begin(d)).toBe(true);
    expect(out.begin(d)).toBe(false);
    out.settle(d, fail(1000));
    expect(out.due('http', 10_999)).toEqual([]);
    [d] = out.due('http', 11_000) as [Delivery];
    out.begin(d);
    out.settle(d, fail(11_000));
    expect(out.due('http', 70_999)).toEqual([]);
    [d] = out.due('http', 71_000) as [Delivery];
    out.begin(d);
    out.settle(d, fail(71_000));
    expect(d.state).toBe('failed');
    expect(d.attempts).toHaveLength(3);
    expect(out.due('http', 10_000_000)).toEqual([]);
    expect(out.takeFailed('k')).toEqual({
      list: [
        {
          event_time: 1000,
          call_back_tag: 'user_leave_org',
          userid: ['u1'],
          deptid: [],
          corpid: 'dingcorp1',
        },
      ],
      hasMore: false,
    });
    expect(out.takeFailed('k')).toEqual({ list: [], hasMore: false });
  });

  it('a delivered event is never due again', () => {
    const out = new EventOutbox('c', {});
    out.subscribe({ appKey: 'k', channel: 'stream', eventTypes: '*' });
    out.record({ type: 'org_dept_create', deptId: 5 }, 0);
    const [d] = out.due('stream', 0) as [Delivery];
    out.begin(d);
    out.settle(d, { at: 0, ok: true, status: 200, reason: 'SUCCESS', reasonZh: 'SUCCESS' });
    expect(d.state).toBe('delivered');
    expect(out.due('stream', 1e12)).toEqual([]);
  });

  it('keeps at most maxPendingPerApp undelivered events, dropping the oldest with a reason', () => {
    const dropped: string[] = [];
    const out = new EventOutbox(
      'c',
      { dropped: (d, why) => dropped.push(`${d.event.userIds![0]}: ${why}`) },
      {
        maxPendingPerApp: 3,
      },
    );
    out.subscribe({ appKey: 'k', channel: 'http', eventTypes: '*', http: HTTP });
    for (let i = 0; i < 5; i++) out.record({ type: 'user_modify_org', userid: `u${i}` }, i);
    expect(out.pendingCount('k')).toBe(3);
    expect(out.due('http', 10).map((d) => d.event.userIds![0])).toEqual(['u2', 'u3', 'u4']);
    expect(dropped).toHaveLength(2);
    expect(dropped[0]).toMatch(/^u0: .*at most 3 undelivered events/);
  });

  it('journals a dropped event on the tenant, naming the app and the event', () => {
    const t = tenantWith();
    t.events.subscribe({ appKey: 'k', channel: 'stream', eventTypes: '*' });
    for (let i = 0; i < 1001; i++) t.directory.updateDepartment(1, { brief: String(i) });
    expect(t.events.pendingCount('k')).toBe(1000);
    const entries = t.journal.query({ outcome: 'error' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.reason).toMatch(/org_dept_modify\) for app k dropped/);
  });
});
