/** Admin API: the tenant's address book — departments and users, readable and editable. */
import type Router from '@koa/router';
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { defaultDepartment, DirectoryError, type User } from '../../domain/directory.ts';
import type { Sandbox } from '../../domain/sandbox.ts';
import { anyBody } from '../middleware/body.ts';
import { AdminError, requireTenant } from './errors.ts';
import { parseBody } from './validation.ts';

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
};

const createUser = z
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
  })
  .strict();
const updateUser = z.object(userFields).partial().strict();

const createDept = z
  .object({
    name: z.string().trim().min(1).max(64),
    parentId: z.number().int().positive(),
    order: z.number().int().optional(),
    deptId: z.number().int().min(2).optional(),
  })
  .strict();
const updateDept = z
  .object({
    name: z.string().trim().min(1).max(64),
    parentId: z.number().int().positive(),
    order: z.number().int(),
    hideDept: z.boolean(),
  })
  .partial()
  .strict();

function directoryError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DirectoryError) throw new AdminError(409, 'conflict', e.message);
    throw e;
  }
}

export function registerDirectoryRoutes(router: Router, sandbox: Sandbox): void {
  router.get('/api/tenants/:corpId/departments', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    ctx.body = {
      departments: [...dir.allDepartments()].map((d) => ({
        ...d,
        members: dir.membersOf(d.deptId).length,
        children: [...dir.subDepartments(d.deptId)],
      })),
    };
  });

  router.post('/api/tenants/:corpId/departments', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    const body = parseBody(createDept, anyBody(ctx));
    const id = body.deptId ?? dir.nextDepartmentId();
    const dept = directoryError(() =>
      dir.addDepartment({ ...defaultDepartment(id, body.name, body.parentId), order: body.order ?? id }),
    );
    ctx.status = 201;
    ctx.body = dept;
  });

  router.patch('/api/tenants/:corpId/departments/:deptId', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    const body = parseBody(updateDept, anyBody(ctx));
    ctx.body = directoryError(() => dir.updateDepartment(Number(ctx.params.deptId), body));
  });

  router.delete('/api/tenants/:corpId/departments/:deptId', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    directoryError(() => dir.removeDepartment(Number(ctx.params.deptId)));
    ctx.status = 204;
  });

  /** ?dept=<id>&q=<name or userid>&cursor=<n>&limit=<n≤500>: a page of users, never the whole corp at once. */
  router.get('/api/tenants/:corpId/users', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    const limit = Math.min(500, Math.max(1, Number(ctx.query.limit ?? 100) || 100));
    const cursor = Math.max(0, Number(ctx.query.cursor ?? 0) || 0);
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.trim() : '';
    const dept = ctx.query.dept !== undefined ? Number(ctx.query.dept) : undefined;
    const out: User[] = [];
    let skipped = 0;
    let more = false;
    const pool: Iterable<User> =
      dept !== undefined ? dir.membersOf(dept).map((id) => dir.getUser(id)!) : dir.allUsers();
    for (const u of pool) {
      if (q && !u.name.includes(q) && !u.userid.includes(q) && !u.mobile.includes(q)) continue;
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
    ctx.body = {
      users: out,
      nextCursor: more ? cursor + limit : null,
      total: dept !== undefined || q ? undefined : dir.userCount,
    };
  });

  router.get('/api/tenants/:corpId/users/:userid', (ctx) => {
    const u = requireTenant(sandbox, ctx.params.corpId).directory.getUser(ctx.params.userid!);
    if (!u) throw new AdminError(404, 'userNotFound', `no user ${ctx.params.userid}`);
    ctx.body = u;
  });

  router.post('/api/tenants/:corpId/users', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    const b = parseBody(createUser, anyBody(ctx));
    const user: User = {
      userid: b.userid ?? `${Date.now().toString().slice(-8)}${randomBytes(4).toString('hex')}`,
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
      hiredDate: b.hiredDate ?? Date.now(),
      resigned: b.resigned ?? false,
    };
    ctx.status = 201;
    ctx.body = directoryError(() => dir.addUser(user));
  });

  /** Edit a user; `{resigned: true}` is 离职 (they vanish from listings and lookups answer 60121). */
  router.patch('/api/tenants/:corpId/users/:userid', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    const body = parseBody(updateUser, anyBody(ctx));
    ctx.body = directoryError(() => dir.updateUser(ctx.params.userid!, body));
  });

  router.delete('/api/tenants/:corpId/users/:userid', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    directoryError(() => dir.removeUser(ctx.params.userid!));
    ctx.status = 204;
  });
}
