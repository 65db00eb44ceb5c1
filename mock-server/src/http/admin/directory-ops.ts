/**
 * Directory operations shared by the admin API and the console: validation of users and
 * departments, a new user's defaults, and one page of users (never the whole corp at once).
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import {
  defaultDepartment,
  DirectoryError,
  type Directory,
  type User,
} from '../../domain/directory/directory.ts';
import { AdminError } from './errors.ts';

/** 扩展属性 as DingTalk takes it: a JSON object of text values, as text of at most 2000 characters ('' clears). */
const extensionText = z
  .string()
  .max(2000)
  .refine((v) => {
    if (v === '') return true;
    try {
      const o: unknown = JSON.parse(v);
      return (
        o !== null &&
        typeof o === 'object' &&
        !Array.isArray(o) &&
        Object.values(o).every((x) => typeof x === 'string')
      );
    } catch {
      return false;
    }
  }, 'must be a JSON object of text values, e.g. {"爱好":"旅游"}');

const userFields = {
  name: z.string().trim().min(1).max(64),
  mobile: z
    .string()
    .regex(/^\+?\d{5,20}$/)
    .or(z.literal('')),
  title: z.string().max(64),
  email: z.string().max(128),
  jobNumber: z.string().max(64),
  workPlace: z.string().max(64),
  deptIds: z.array(z.number().int().positive()).min(1),
  leaderInDepts: z.array(z.number().int().positive()),
  managerUserid: z.string().max(64),
  active: z.boolean(),
  admin: z.boolean(),
  boss: z.boolean(),
  resigned: z.boolean(),
  hiredDate: z.number().int(),
  extension: extensionText,
  loginId: z.string().max(64),
  loginEmail: z
    .string()
    .max(128)
    .regex(/^[^@\s]+@[^@\s]+$/, 'must be an e-mail address')
    .or(z.literal('')),
};

export const createUserBody = z
  .object({
    ...userFields,
    userid: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    unionid: z.string().min(1).max(64).optional(),
  })
  .partial({
    mobile: true,
    title: true,
    email: true,
    jobNumber: true,
    workPlace: true,
    leaderInDepts: true,
    managerUserid: true,
    active: true,
    admin: true,
    boss: true,
    resigned: true,
    hiredDate: true,
    extension: true,
    loginId: true,
    loginEmail: true,
  })
  .strict();
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z.object(userFields).partial().strict();
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const createDeptBody = z
  .object({
    name: z.string().trim().min(1).max(64),
    parentId: z.number().int().positive(),
    order: z.number().int().optional(),
    deptId: z.number().int().min(2).optional(),
  })
  .strict();
export type CreateDeptBody = z.infer<typeof createDeptBody>;

export const updateDeptBody = z
  .object({
    name: z.string().trim().min(1).max(64),
    parentId: z.number().int().positive(),
    order: z.number().int(),
    hideDept: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateDeptBody = z.infer<typeof updateDeptBody>;

/** Directory refusals (unknown department, duplicate userid, …) become 409s. */
export function directoryError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DirectoryError) throw new AdminError(409, 'conflict', e.message);
    throw e;
  }
}

export function addUser(dir: Directory, b: CreateUserBody, now = Date.now()): User {
  const user: User = {
    userid: b.userid ?? `${now.toString().slice(-8)}${randomBytes(4).toString('hex')}`,
    unionid: b.unionid ?? `${randomBytes(11).toString('base64url').slice(0, 22)}iE`,
    name: b.name,
    mobile: b.mobile ?? '',
    stateCode: '86',
    telephone: '',
    email: b.email ?? '',
    orgEmail: '',
    title: b.title ?? '',
    jobNumber: b.jobNumber ?? '',
    workPlace: b.workPlace ?? '',
    remark: '',
    avatar: '',
    deptIds: b.deptIds,
    leaderInDepts: b.leaderInDepts ?? [],
    managerUserid: b.managerUserid ?? '',
    active: b.active ?? true,
    admin: b.admin ?? false,
    boss: b.boss ?? false,
    senior: false,
    realAuthed: true,
    hiredDate: b.hiredDate ?? now,
    resigned: b.resigned ?? false,
    ...(b.extension ? { extension: b.extension } : {}),
    ...(b.loginId ? { loginId: b.loginId } : {}),
    ...(b.loginEmail ? { loginEmail: b.loginEmail } : {}),
  };
  return directoryError(() => dir.addUser(user));
}

export function addDepartment(dir: Directory, body: CreateDeptBody) {
  const id = body.deptId ?? dir.nextDepartmentId();
  return directoryError(() =>
    dir.addDepartment({ ...defaultDepartment(id, body.name, body.parentId), order: body.order ?? id }),
  );
}

export interface UserPageQuery {
  /** Members of this department (not below it); the whole corp when absent. */
  dept?: number;
  /** Part of a name, userid or mobile. */
  q?: string;
  cursor: number;
  limit: number;
  /** Include users who left (离职); department member lists never hold them. */
  withResigned?: boolean;
}

export interface UserPage {
  users: User[];
  nextCursor: number | null;
  /** Known without scanning: members of a department without a search, or the corp's user count. */
  total?: number;
}

/**
 * One page of users. A department page without a search is a slice of its member list; a search
 * scans until the page is full (stopping early), so a 100,000-user tenant costs one page of work.
 */
export function pageUsers(dir: Directory, query: UserPageQuery): UserPage {
  const { dept, cursor, limit } = query;
  const q = query.q?.trim() ?? '';
  if (dept !== undefined && !q) {
    const ids = dir.membersOf(dept);
    const users = ids.slice(cursor, cursor + limit).map((id) => dir.getUser(id)!);
    return { users, nextCursor: cursor + limit < ids.length ? cursor + limit : null, total: ids.length };
  }
  const out: User[] = [];
  let skipped = 0;
  let more = false;
  const matches = (u: User) =>
    (query.withResigned !== false || !u.resigned) &&
    (!q || u.name.includes(q) || u.userid.includes(q) || u.mobile.includes(q));
  const pool: Iterable<User> = dept !== undefined ? membersIter(dir, dept) : dir.allUsers();
  for (const u of pool) {
    if (!matches(u)) continue;
    if (skipped < cursor) {
      skipped++;
      continue;
    }
    if (out.length === limit) {
      more = true;
      break;
    }
    out.push(u);
  }
  return {
    users: out,
    nextCursor: more ? cursor + limit : null,
    total: dept !== undefined || q ? undefined : dir.userCount,
  };
}

function* membersIter(dir: Directory, dept: number): Generator<User> {
  for (const id of dir.membersOf(dept)) yield dir.getUser(id)!;
}
