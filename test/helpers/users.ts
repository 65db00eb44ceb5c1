/** A directory user with every field filled in blandly, for domain unit tests. */
import type { User } from '../../mock-server/src/domain/directory/directory.ts';

export function user(userid: string, deptIds: number[], extra: Partial<User> = {}): User {
  return {
    userid,
    unionid: `u-${userid}`,
    name: userid,
    mobile: '',
    stateCode: '86',
    telephone: '',
    email: '',
    orgEmail: '',
    title: '',
    jobNumber: '',
    workPlace: '',
    remark: '',
    avatar: '',
    deptIds,
    leaderInDepts: [],
    managerUserid: '',
    active: true,
    admin: false,
    boss: false,
    senior: false,
    realAuthed: true,
    hiredDate: 0,
    resigned: false,
    ...extra,
  };
}
