/**
 * Console routes for the directory: one department and one page of its members at a time (never
 * every user), search, and user / department changes through the admin API's own validation
 * (../../admin/directory-ops.ts).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Department } from '../../../domain/directory/directory.ts';
import type { Tenant } from '../../../domain/tenancy/tenant.ts';
import {
  addDepartment,
  addUser,
  createDeptBody,
  createUserBody,
  directoryError,
  pageUsers,
  updateDeptBody,
  updateUserBody,
} from '../../admin/directory-ops.ts';
import { AdminError } from '../../admin/errors.ts';
import { parseBody } from '../../admin/validation.ts';
import {
  flashNext,
  form,
  formValue,
  listField,
  numberField,
  page,
  render,
  tenantOr404,
  type ConsoleContext,
} from '../http.ts';
import { paths, withQuery } from '../paths.ts';
import { DirectoryPage } from './directory.tsx';
import { UserFormPage } from './user-form.tsx';

export const DIRECTORY_PAGE_SIZE = 50;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Form fields of a user, typed for the admin schemas (checkboxes: present = true). */
function userFields(b: Record<string, string>) {
  return {
    name: b.name ?? '',
    mobile: (b.mobile ?? '').trim(),
    title: b.title ?? '',
    email: b.email ?? '',
    jobNumber: b.jobNumber ?? '',
    workPlace: b.workPlace ?? '',
    deptIds: listField(b.deptIds).map(Number),
    managerUserid: (b.managerUserid ?? '').trim(),
    extension: (b.extension ?? '').trim(),
    active: b.active === 'on',
    admin: b.admin === 'on',
    boss: b.boss === 'on',
    resigned: b.resigned === 'on',
  };
}

export function registerDirectoryPages(router: Router, c: ConsoleContext): void {
  const deptNamer = (t: Tenant) => (id: number) => t.directory.getDepartment(id)?.name ?? String(id);

  page(router, c, '/tenants/:corpId/directory', (ctx) => {
    const t = tenantOr404(c, ctx);
    const dir = t.directory;
    const dept = dir.getDepartment(Number(ctx.query.dept ?? 1)) ?? dir.getDepartment(1)!;
    const q = str(ctx.query.q).trim();
    const withResigned = ctx.query.resigned === '1';
    const cursor = Math.max(0, Math.floor(Number(ctx.query.cursor ?? 0)) || 0);
    const result = pageUsers(dir, {
      dept: q ? undefined : dept.deptId,
      q,
      cursor,
      limit: DIRECTORY_PAGE_SIZE,
      withResigned,
    });
    const path = [...dir.ancestors(dept.deptId)].reverse().map((id) => dir.getDepartment(id)!);
    const children = dir.subDepartments(dept.deptId).map((id) => ({
      dept: dir.getDepartment(id)!,
      members: dir.membersOf(id).length,
      subs: dir.subDepartments(id).length,
    }));
    render(
      c,
      ctx,
      { title: '通讯录', corp: t, section: 'directory' },
      DirectoryPage({
        corpId: t.corpId,
        dept,
        path,
        children,
        members: dir.membersOf(dept.deptId).length,
        users: result.users,
        cursor,
        pageSize: DIRECTORY_PAGE_SIZE,
        nextCursor: result.nextCursor,
        total: q ? undefined : result.total,
        q,
        withResigned,
        deptName: deptNamer(t),
        form: (n, v) => formValue(ctx, n, v),
      }),
    );
  });

  page(router, c, '/tenants/:corpId/directory/new-user', (ctx) => {
    const t = tenantOr404(c, ctx);
    const defaultDept = t.directory.getDepartment(Number(ctx.query.dept))?.deptId ?? 1;
    render(
      c,
      ctx,
      { title: '添加成员', corp: t, section: 'directory' },
      UserFormPage({
        corpId: t.corpId,
        defaultDept,
        deptName: deptNamer(t),
        form: (n, v) => formValue(ctx, n, v),
      }),
    );
  });

  form(router, c, '/tenants/:corpId/directory/new-user', (ctx, b) => {
    const t = tenantOr404(c, ctx);
    const fields = { ...userFields(b), ...(b.userid?.trim() ? { userid: b.userid.trim() } : {}) };
    const user = addUser(t.directory, parseBody(createUserBody, fields), t.clock.now());
    flashNext(c, ctx, { kind: 'ok', text: `已添加成员 ${user.name} (${user.userid})` });
    return withQuery(paths.directory(t.corpId), { dept: user.deptIds[0] });
  });

  page(router, c, '/tenants/:corpId/directory/users/:userid', (ctx) => {
    const t = tenantOr404(c, ctx);
    const user = t.directory.getUser(String(ctx.params.userid));
    if (!user)
      throw new AdminError(404, 'userNotFound', `组织内没有成员 ${ctx.params.userid} (no such user)`);
    render(
      c,
      ctx,
      { title: `成员 ${user.name}`, corp: t, section: 'directory' },
      UserFormPage({
        corpId: t.corpId,
        user,
        defaultDept: 1,
        deptName: deptNamer(t),
        form: (n, v) => formValue(ctx, n, v),
      }),
    );
  });

  form(router, c, '/tenants/:corpId/directory/users/:userid', (ctx, b) => {
    const t = tenantOr404(c, ctx);
    const userid = String(ctx.params.userid);
    const body = parseBody(updateUserBody, userFields(b));
    const user = directoryError(() => t.directory.updateUser(userid, body));
    flashNext(c, ctx, { kind: 'ok', text: `已保存 ${user.name}${user.resigned ? '（离职）' : ''}` });
    return paths.user(t.corpId, userid);
  });

  form(router, c, '/tenants/:corpId/directory/users/:userid/delete', (ctx) => {
    const t = tenantOr404(c, ctx);
    const userid = String(ctx.params.userid);
    const dept = t.directory.getUser(userid)?.deptIds[0] ?? 1;
    directoryError(() => t.directory.removeUser(userid));
    flashNext(c, ctx, { kind: 'ok', text: `已删除成员 ${userid}` });
    return withQuery(paths.directory(t.corpId), { dept });
  });

  form(router, c, '/tenants/:corpId/directory/departments', (ctx, b) => {
    const t = tenantOr404(c, ctx);
    const dept = addDepartment(
      t.directory,
      parseBody(createDeptBody, { name: b.name ?? '', parentId: numberField(b.parentId) }),
    );
    flashNext(c, ctx, { kind: 'ok', text: `已添加部门 ${dept.name} (${dept.deptId})` });
    return withQuery(paths.directory(t.corpId), { dept: dept.parentId });
  });

  form(router, c, '/tenants/:corpId/directory/departments/:deptId', (ctx, b) => {
    const t = tenantOr404(c, ctx);
    const deptId = Number(ctx.params.deptId);
    const body = parseBody(updateDeptBody, {
      name: b.name ?? '',
      parentId: numberField(b.parentId),
      order: numberField(b.order),
    });
    const dept: Department = directoryError(() => t.directory.updateDepartment(deptId, body));
    flashNext(c, ctx, { kind: 'ok', text: `已保存部门 ${dept.name}` });
    return withQuery(paths.directory(t.corpId), { dept: deptId });
  });

  form(router, c, '/tenants/:corpId/directory/departments/:deptId/delete', (ctx: Context) => {
    const t = tenantOr404(c, ctx);
    const deptId = Number(ctx.params.deptId);
    const parent = t.directory.getDepartment(deptId)?.parentId ?? 1;
    directoryError(() => t.directory.removeDepartment(deptId));
    flashNext(c, ctx, { kind: 'ok', text: `已删除部门 ${deptId}` });
    return withQuery(paths.directory(t.corpId), { dept: parent });
  });
}
