/**
 * A corp's address book: departments (root id 1, nested) and users. Indexed so that a one-page
 * request costs the same on a 100-user and a 100,000-user tenant: members per department are kept
 * as arrays (a page is a slice), unionids map to userids, children per department are listed.
 */
export interface Department {
  deptId: number;
  name: string;
  /** 0 for the root department (id 1). */
  parentId: number;
  order: number;
  brief: string;
  createDeptGroup: boolean;
  autoAddUser: boolean;
  managerUserids: string[];
  hideDept: boolean;
  /** Creation order, for deterministic listings. */
  sourceIdentifier: string;
}

export interface User {
  userid: string;
  unionid: string;
  name: string;
  mobile: string;
  stateCode: string;
  telephone: string;
  email: string;
  orgEmail: string;
  title: string;
  jobNumber: string;
  workPlace: string;
  remark: string;
  avatar: string;
  deptIds: number[];
  /** Departments this user leads (主管). */
  leaderInDepts: number[];
  managerUserid: string;
  /** Has activated DingTalk (激活). */
  active: boolean;
  admin: boolean;
  boss: boolean;
  senior: boolean;
  realAuthed: boolean;
  hiredDate: number;
  /** Left the company (离职): no longer in listings; lookups answer 60121. */
  resigned: boolean;
  /** When they left (ms, the tenant's clock); set while `resigned`. */
  leftAt?: number;
  /**
   * 扩展属性: a JSON object of the corp's custom fields as text (`{"爱好":"旅游"}`), at most 2000
   * characters; absent or '' when the user has none.
   */
  extension?: string;
  /** 专属帐号登录名 of a 钉钉自建专属帐号 (exclusive account); absent for ordinary users. */
  loginId?: string;
  /** 登录邮箱: the e-mail this person signs in with, when they have one. */
  loginEmail?: string;
}

/** The custom fields of `extension` as an object ({} when none or unreadable). */
export function extensionFields(u: User): Record<string, string> {
  if (!u.extension) return {};
  try {
    const parsed: unknown = JSON.parse(u.extension);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
  } catch {
    return {};
  }
}

export interface DirectorySnapshot {
  departments: Department[];
  users: User[];
}

export const ROOT_DEPT_ID = 1;

export type MemberOrder = 'entry_asc' | 'entry_desc' | 'modify_asc' | 'modify_desc' | 'custom';

export class DirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirectoryError';
  }
}

export function defaultDepartment(deptId: number, name: string, parentId: number): Department {
  return {
    deptId,
    name,
    parentId,
    order: deptId,
    brief: '',
    createDeptGroup: true,
    autoAddUser: true,
    managerUserids: [],
    hideDept: false,
    sourceIdentifier: '',
  };
}

/**
 * One change of the address book, as DingTalk's directory events name it (domain/events/ turns it
 * into an event for the apps that subscribe).
 */
export type DirectoryChange =
  | { type: 'user_add_org' | 'user_modify_org' | 'user_leave_org'; userid: string }
  | { type: 'org_dept_create' | 'org_dept_modify' | 'org_dept_remove'; deptId: number };

export class Directory {
  /** Told of every change made after it is set (seeding and snapshots happen before: no events). */
  private listener?: (change: DirectoryChange) => void;
  private readonly departments = new Map<number, Department>();
  private readonly children = new Map<number, number[]>();
  private readonly users = new Map<string, User>();
  private readonly byUnionid = new Map<string, string>();
  /** Mobile → the userids holding it (one, unless an admin gave two people one number). */
  private readonly byMobile = new Map<string, string[]>();
  /** Who left (离职), in the order they left: the leavers' listings page through it. */
  private readonly leaverIds: string[] = [];
  /** The time a user's leaving is stamped with: the tenant's clock (useClock). */
  private now: () => number = Date.now;
  /** Current (not resigned) members of each department, in the order they joined it. */
  private readonly members = new Map<number, string[]>();
  private resignedCount = 0;
  /** Bumped on every change to users, so cached orderings know when they are stale. */
  private version = 0;
  /** Insertion sequence of each user: DingTalk-like dept_order values without scanning member lists. */
  private readonly joined = new Map<string, number>();
  private joinedSeq = 0;
  private readonly orderCache = new Map<string, { version: number; ids: string[] }>();

  constructor(corpName = '企业') {
    this.addDepartment(defaultDepartment(ROOT_DEPT_ID, corpName, 0));
  }

  /** Stamp leaving (leftAt) with this clock: the tenant's. */
  useClock(now: () => number): void {
    this.now = now;
  }

  /** Report every later change to `listener` (one listener: the tenant's event outbox). */
  onChange(listener: ((change: DirectoryChange) => void) | undefined): void {
    this.listener = listener;
  }

  static fromSnapshot(snapshot: DirectorySnapshot): Directory {
    const root = snapshot.departments.find((d) => d.deptId === ROOT_DEPT_ID);
    const dir = new Directory(root?.name);
    if (root) Object.assign(dir.departments.get(ROOT_DEPT_ID)!, root);
    // Parents before children, whatever the snapshot's order.
    const pending = snapshot.departments.filter((d) => d.deptId !== ROOT_DEPT_ID);
    while (pending.length > 0) {
      const before = pending.length;
      for (let i = 0; i < pending.length;) {
        if (dir.departments.has(pending[i]!.parentId)) dir.addDepartment(pending.splice(i, 1)[0]!);
        else i++;
      }
      if (pending.length === before) {
        throw new DirectoryError(`departments ${pending.map((d) => d.deptId).join(',')} have no parent`);
      }
    }
    for (const u of snapshot.users) dir.addUser(u);
    dir.leaverIds.sort((a, b) => (dir.users.get(a)!.leftAt ?? 0) - (dir.users.get(b)!.leftAt ?? 0));
    return dir;
  }

  toSnapshot(): DirectorySnapshot {
    return {
      departments: [...this.departments.values()].map((d) => structuredClone(d)),
      users: [...this.users.values()].map((u) => structuredClone(u)),
    };
  }

  // ---- departments ----

  getDepartment(deptId: number): Department | undefined {
    return this.departments.get(deptId);
  }

  addDepartment(dept: Department): Department {
    if (this.departments.has(dept.deptId)) throw new DirectoryError(`department ${dept.deptId} exists`);
    if (dept.deptId !== ROOT_DEPT_ID && !this.departments.has(dept.parentId)) {
      throw new DirectoryError(`parent department ${dept.parentId} does not exist`);
    }
    const copy = { ...dept, managerUserids: [...dept.managerUserids] };
    this.departments.set(copy.deptId, copy);
    this.children.set(copy.deptId, []);
    this.members.set(copy.deptId, []);
    if (copy.deptId !== ROOT_DEPT_ID) this.placeChild(copy.parentId, copy.deptId);
    this.listener?.({ type: 'org_dept_create', deptId: copy.deptId });
    return copy;
  }

  updateDepartment(deptId: number, patch: Partial<Omit<Department, 'deptId'>>): Department {
    const dept = this.departments.get(deptId);
    if (!dept) throw new DirectoryError(`department ${deptId} does not exist`);
    if (patch.parentId !== undefined && patch.parentId !== dept.parentId) {
      if (deptId === ROOT_DEPT_ID) throw new DirectoryError('the root department has no parent');
      if (!this.departments.has(patch.parentId)) {
        throw new DirectoryError(`parent department ${patch.parentId} does not exist`);
      }
      if (this.ancestors(patch.parentId).includes(deptId) || patch.parentId === deptId) {
        throw new DirectoryError('a department cannot move under itself');
      }
      removeFrom(this.children.get(dept.parentId)!, deptId);
    } else if (patch.order === undefined || patch.order === dept.order) {
      Object.assign(dept, patch);
      this.listener?.({ type: 'org_dept_modify', deptId });
      return dept;
    } else {
      removeFrom(this.children.get(dept.parentId)!, deptId);
    }
    Object.assign(dept, patch);
    this.placeChild(dept.parentId, deptId);
    this.listener?.({ type: 'org_dept_modify', deptId });
    return dept;
  }

  removeDepartment(deptId: number): void {
    if (deptId === ROOT_DEPT_ID) throw new DirectoryError('the root department cannot be removed');
    const dept = this.departments.get(deptId);
    if (!dept) throw new DirectoryError(`department ${deptId} does not exist`);
    if (this.children.get(deptId)!.length > 0)
      throw new DirectoryError(`department ${deptId} has sub-departments`);
    if (this.members.get(deptId)!.length > 0) throw new DirectoryError(`department ${deptId} has members`);
    removeFrom(this.children.get(dept.parentId)!, deptId);
    this.departments.delete(deptId);
    this.children.delete(deptId);
    this.members.delete(deptId);
    this.listener?.({ type: 'org_dept_remove', deptId });
  }

  /** Insert a child keeping siblings sorted by `order`, then id (DingTalk lists them in that order). */
  private placeChild(parentId: number, deptId: number): void {
    const siblings = this.children.get(parentId)!;
    const key = (id: number) => [this.departments.get(id)!.order, id] as const;
    const [o, i] = key(deptId);
    let at = siblings.length;
    while (at > 0) {
      const [po, pi] = key(siblings[at - 1]!);
      if (po < o || (po === o && pi < i)) break;
      at--;
    }
    siblings.splice(at, 0, deptId);
  }

  /** Direct sub-departments, sorted by their `order`. */
  subDepartments(deptId: number): readonly number[] {
    return this.children.get(deptId) ?? [];
  }

  /** Parent chain from the direct parent up to the root. */
  ancestors(deptId: number): number[] {
    const out: number[] = [];
    let cur = this.departments.get(deptId);
    while (cur && cur.deptId !== ROOT_DEPT_ID) {
      out.push(cur.parentId);
      cur = this.departments.get(cur.parentId);
    }
    return out;
  }

  /** The department and everything below it. */
  descendants(deptId: number): number[] {
    const out: number[] = [];
    const stack = [deptId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (!this.departments.has(id)) continue;
      out.push(id);
      stack.push(...(this.children.get(id) ?? []));
    }
    return out;
  }

  get departmentCount(): number {
    return this.departments.size;
  }

  allDepartments(): IterableIterator<Department> {
    return this.departments.values();
  }

  nextDepartmentId(): number {
    let max = ROOT_DEPT_ID;
    for (const id of this.departments.keys()) if (id > max) max = id;
    return max + 1;
  }

  // ---- users ----

  /** A user, including one who resigned. API handlers treat resigned users as absent. */
  getUser(userid: string): User | undefined {
    return this.users.get(userid);
  }

  getUserByUnionid(unionid: string): User | undefined {
    const userid = this.byUnionid.get(unionid);
    return userid === undefined ? undefined : this.users.get(userid);
  }

  /** The user with this mobile — one who has not left first — without scanning the corp. */
  getUserByMobile(mobile: string): User | undefined {
    const holders = (this.byMobile.get(mobile) ?? []).map((id) => this.users.get(id)!);
    return holders.find((u) => !u.resigned) ?? holders[0];
  }

  /** The userids of those who left (离职), in the order they left. */
  leavers(): readonly string[] {
    return this.leaverIds;
  }

  private indexMobile(user: User): void {
    if (user.mobile) this.byMobile.set(user.mobile, [...(this.byMobile.get(user.mobile) ?? []), user.userid]);
  }

  private unindexMobile(user: User): void {
    const left = (this.byMobile.get(user.mobile) ?? []).filter((id) => id !== user.userid);
    if (left.length > 0) this.byMobile.set(user.mobile, left);
    else this.byMobile.delete(user.mobile);
  }

  addUser(user: User): User {
    if (!user.userid) throw new DirectoryError('userid is required');
    if (this.users.has(user.userid)) throw new DirectoryError(`userid ${user.userid} exists`);
    if (this.byUnionid.has(user.unionid)) throw new DirectoryError(`unionid ${user.unionid} exists`);
    if (user.deptIds.length === 0) throw new DirectoryError(`user ${user.userid} belongs to no department`);
    for (const d of user.deptIds) {
      if (!this.departments.has(d)) throw new DirectoryError(`department ${d} does not exist`);
    }
    const copy: User = { ...user, deptIds: [...user.deptIds], leaderInDepts: [...user.leaderInDepts] };
    this.version++;
    this.joined.set(copy.userid, ++this.joinedSeq);
    this.users.set(copy.userid, copy);
    this.byUnionid.set(copy.unionid, copy.userid);
    this.indexMobile(copy);
    if (copy.resigned) {
      this.resignedCount++;
      copy.leftAt ??= this.now();
      this.leaverIds.push(copy.userid);
    } else for (const d of copy.deptIds) this.members.get(d)!.push(copy.userid);
    if (!copy.resigned) this.listener?.({ type: 'user_add_org', userid: copy.userid });
    return copy;
  }

  updateUser(userid: string, patch: Partial<Omit<User, 'userid' | 'unionid'>>): User {
    const user = this.users.get(userid);
    if (!user) throw new DirectoryError(`user ${userid} does not exist`);
    if (patch.deptIds) {
      if (patch.deptIds.length === 0) throw new DirectoryError(`user ${userid} must stay in a department`);
      for (const d of patch.deptIds) {
        if (!this.departments.has(d)) throw new DirectoryError(`department ${d} does not exist`);
      }
    }
    this.version++;
    const wasListed = !user.resigned;
    if (wasListed) for (const d of user.deptIds) removeFrom(this.members.get(d)!, userid);
    this.unindexMobile(user);
    Object.assign(user, patch);
    this.indexMobile(user);
    if (patch.deptIds) user.deptIds = [...patch.deptIds];
    if (!user.resigned) for (const d of user.deptIds) this.members.get(d)!.push(userid);
    if (wasListed && user.resigned) {
      this.resignedCount++;
      user.leftAt = patch.leftAt ?? this.now();
      this.leaverIds.push(userid);
    }
    if (!wasListed && !user.resigned) {
      this.resignedCount--;
      delete user.leftAt;
      removeFrom(this.leaverIds, userid);
    }
    if (this.listener) {
      const type =
        wasListed === !user.resigned ? 'user_modify_org' : wasListed ? 'user_leave_org' : 'user_add_org';
      // A resigned user's record changing is nobody's business: no event.
      if (wasListed || !user.resigned) this.listener({ type, userid });
    }
    return user;
  }

  removeUser(userid: string): void {
    const user = this.users.get(userid);
    if (!user) throw new DirectoryError(`user ${userid} does not exist`);
    this.version++;
    if (!user.resigned) for (const d of user.deptIds) removeFrom(this.members.get(d)!, userid);
    else {
      this.resignedCount--;
      removeFrom(this.leaverIds, userid);
    }
    this.unindexMobile(user);
    this.users.delete(userid);
    this.joined.delete(userid);
    this.byUnionid.delete(user.unionid);
    if (!user.resigned) this.listener?.({ type: 'user_leave_org', userid });
  }

  /** Current members of one department (not its sub-departments), in a stable order. */
  membersOf(deptId: number): readonly string[] {
    return this.members.get(deptId) ?? [];
  }

  /**
   * Members in a listing order: `custom` is the department's own order; `entry_*` sort by hire date;
   * `modify_*` by insertion (the sandbox does not track modification times). Sorted orders are cached
   * until the directory changes, so paging through a large department sorts once.
   */
  orderedMembers(deptId: number, order: MemberOrder): readonly string[] {
    const ids = this.membersOf(deptId);
    if (order === 'custom' || order === 'modify_asc') return ids;
    const key = `${deptId}:${order}`;
    const cached = this.orderCache.get(key);
    if (cached && cached.version === this.version) return cached.ids;
    let sorted: string[];
    if (order === 'modify_desc') sorted = [...ids].reverse();
    else {
      const sign = order === 'entry_asc' ? 1 : -1;
      sorted = [...ids].sort((a, b) => sign * (this.users.get(a)!.hiredDate - this.users.get(b)!.hiredDate));
    }
    this.orderCache.set(key, { version: this.version, ids: sorted });
    return sorted;
  }

  /** A user's sort key within departments (DingTalk's `order` / `dept_order`): larger comes first. */
  sortKeyOf(userid: string): number {
    return 176_000_000_000 - (this.joined.get(userid) ?? 0) * 512;
  }

  /** Number of users who have not left; `onlyActive` also excludes those who never activated. */
  countUsers(onlyActive: boolean): number {
    if (!onlyActive) return this.users.size - this.resignedCount;
    let n = 0;
    for (const u of this.users.values()) if (!u.resigned && u.active) n++;
    return n;
  }

  get userCount(): number {
    return this.users.size;
  }

  allUsers(): IterableIterator<User> {
    return this.users.values();
  }
}

function removeFrom<T>(list: T[], value: T): void {
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
}
