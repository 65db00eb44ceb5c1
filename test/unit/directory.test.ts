import { describe, expect, it } from 'vitest';
import {
  Directory,
  defaultDepartment,
  DirectoryError,
} from '../../mock-server/src/domain/directory/directory.ts';
import { user } from '../helpers/users.ts';

function tree(): Directory {
  const d = new Directory('测试公司');
  d.addDepartment(defaultDepartment(2, '研发部', 1));
  d.addDepartment(defaultDepartment(3, '前端组', 2));
  d.addDepartment(defaultDepartment(4, '销售部', 1));
  return d;
}

describe('Directory', () => {
  it('keeps members per department and finds users by unionid', () => {
    const d = tree();
    d.addUser(user('a', [3]));
    d.addUser(user('b', [3, 4]));
    expect(d.membersOf(3)).toEqual(['a', 'b']);
    expect(d.membersOf(4)).toEqual(['b']);
    expect(d.getUserByUnionid('u-b')?.userid).toBe('b');
  });

  it('moves a user between departments and drops a resigned user from listings and counts', () => {
    const d = tree();
    d.addUser(user('a', [3]));
    d.addUser(user('b', [3]));
    d.updateUser('a', { deptIds: [4] });
    expect(d.membersOf(3)).toEqual(['b']);
    expect(d.membersOf(4)).toEqual(['a']);
    d.updateUser('b', { resigned: true });
    expect(d.membersOf(3)).toEqual([]);
    expect(d.countUsers(false)).toBe(1);
    d.updateUser('b', { resigned: false });
    expect(d.countUsers(false)).toBe(2);
    expect(d.membersOf(3)).toEqual(['b']);
  });

  it('answers ancestors and descendants of nested departments', () => {
    const d = tree();
    expect(d.ancestors(3)).toEqual([2, 1]);
    expect(d.descendants(2).sort()).toEqual([2, 3]);
    expect(d.subDepartments(1)).toEqual([2, 4]);
  });

  it('refuses duplicates, unknown departments, cycles and removing non-empty departments', () => {
    const d = tree();
    d.addUser(user('a', [3]));
    expect(() => d.addUser(user('a', [3]))).toThrow(DirectoryError);
    expect(() => d.addUser(user('x', [99]))).toThrow(/department 99/);
    expect(() => d.updateDepartment(2, { parentId: 3 })).toThrow(/under itself/);
    expect(() => d.removeDepartment(3)).toThrow(/members/);
    expect(() => d.removeDepartment(2)).toThrow(/sub-departments/);
    expect(() => d.removeDepartment(1)).toThrow(/root/);
  });

  it('round-trips through a snapshot whatever the order of departments in it', () => {
    const d = tree();
    d.addUser(user('a', [3], { leaderInDepts: [3] }));
    const snap = d.toSnapshot();
    snap.departments.reverse();
    const copy = Directory.fromSnapshot(snap);
    expect(copy.toSnapshot().users).toEqual(d.toSnapshot().users);
    expect(copy.subDepartments(1)).toEqual([2, 4]);
    expect(copy.ancestors(3)).toEqual([2, 1]);
  });

  it('caches a sorted order until the directory changes', () => {
    const d = tree();
    d.addUser(user('old', [2], { hiredDate: 1 }));
    d.addUser(user('new', [2], { hiredDate: 9 }));
    expect(d.orderedMembers(2, 'entry_desc')).toEqual(['new', 'old']);
    d.addUser(user('newest', [2], { hiredDate: 99 }));
    expect(d.orderedMembers(2, 'entry_desc')).toEqual(['newest', 'new', 'old']);
    expect(d.orderedMembers(2, 'modify_desc')).toEqual(['newest', 'new', 'old']);
  });

  it('finds a user by mobile through an index that follows edits, removals and shared numbers (a)', () => {
    const d = tree();
    d.addUser(user('a', [3], { mobile: '13800000001' }));
    d.addUser(user('b', [3], { mobile: '13800000002' }));
    expect(d.getUserByMobile('13800000001')?.userid).toBe('a');
    d.updateUser('a', { mobile: '13900000009' });
    expect(d.getUserByMobile('13800000001')).toBeUndefined();
    expect(d.getUserByMobile('13900000009')?.userid).toBe('a');
    // A number two people hold: the one still in the company answers.
    d.updateUser('b', { resigned: true, mobile: '13900000009' });
    expect(d.getUserByMobile('13900000009')?.userid).toBe('a');
    d.removeUser('a');
    expect(d.getUserByMobile('13900000009')?.userid).toBe('b');
    expect(d.getUserByMobile('')).toBeUndefined();
  });

  it('stamps leaving with the clock it is given and lists leavers in the order they left (b)', () => {
    const d = tree();
    let now = 1_000;
    d.useClock(() => now);
    for (const id of ['a', 'b', 'c']) d.addUser(user(id, [3]));
    d.updateUser('b', { resigned: true });
    now = 2_000;
    d.updateUser('a', { resigned: true });
    expect(d.leavers()).toEqual(['b', 'a']);
    expect([d.getUser('b')?.leftAt, d.getUser('a')?.leftAt]).toEqual([1_000, 2_000]);
    // Rejoining clears the stamp; removing a leaver drops them from the list.
    d.updateUser('b', { resigned: false });
    expect(d.getUser('b')?.leftAt).toBeUndefined();
    d.removeUser('a');
    expect(d.leavers()).toEqual([]);
    d.updateUser('c', { resigned: true });
    const copy = Directory.fromSnapshot(d.toSnapshot());
    expect(copy.leavers()).toEqual(['c']);
    expect(copy.getUser('c')?.leftAt).toBe(2_000);
  });
});
