/** Admin API: the tenant's address book — departments and users, readable and editable. */
import type Router from '@koa/router';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { anyBody } from '../middleware/body.ts';
import {
  addDepartment,
  addUser,
  createDeptBody,
  createUserBody,
  directoryError,
  pageUsers,
  updateDeptBody,
  updateUserBody,
} from './directory-ops.ts';
import { AdminError, requireTenant } from './errors.ts';
import { parseBody } from './validation.ts';

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
    ctx.status = 201;
    ctx.body = addDepartment(dir, parseBody(createDeptBody, anyBody(ctx)));
  });

  router.patch('/api/tenants/:corpId/departments/:deptId', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    const body = parseBody(updateDeptBody, anyBody(ctx));
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
    const q = typeof ctx.query.q === 'string' ? ctx.query.q : undefined;
    const dept = ctx.query.dept !== undefined ? Number(ctx.query.dept) : undefined;
    ctx.body = pageUsers(dir, { dept, q, cursor, limit });
  });

  router.get('/api/tenants/:corpId/users/:userid', (ctx) => {
    const u = requireTenant(sandbox, ctx.params.corpId).directory.getUser(ctx.params.userid!);
    if (!u) throw new AdminError(404, 'userNotFound', `no user ${ctx.params.userid}`);
    ctx.body = u;
  });

  router.post('/api/tenants/:corpId/users', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    ctx.status = 201;
    ctx.body = addUser(dir, parseBody(createUserBody, anyBody(ctx)));
  });

  /** Edit a user; `{resigned: true}` is 离职 (they vanish from listings and lookups answer 60121). */
  router.patch('/api/tenants/:corpId/users/:userid', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    const body = parseBody(updateUserBody, anyBody(ctx));
    ctx.body = directoryError(() => dir.updateUser(ctx.params.userid!, body));
  });

  router.delete('/api/tenants/:corpId/users/:userid', (ctx) => {
    const dir = requireTenant(sandbox, ctx.params.corpId).directory;
    directoryError(() => dir.removeUser(ctx.params.userid!));
    ctx.status = 204;
  });
}
