/**
 * 通讯录 (the sandbox's directory page): one department at a time — its path, its sub-departments,
 * one page of its members — so it renders as fast on a 100,000-user tenant as on a small one;
 * a search over the corp that stops at a page; forms to add, edit, resign (离职) and remove users and
 * to add, rename, move and remove departments.
 */
import type { VNode } from 'preact';
import type { Department, User } from '../../../domain/directory/directory.ts';
import { paths, withQuery } from '../paths.ts';
import { ConfirmButton, Title } from '../widgets.tsx';

export interface DirectoryView {
  corpId: string;
  dept: Department;
  path: Department[];
  children: { dept: Department; members: number; subs: number }[];
  members: number;
  users: User[];
  cursor: number;
  pageSize: number;
  nextCursor: number | null;
  total?: number;
  q: string;
  withResigned: boolean;
  deptName: (id: number) => string;
  form: (name: string, current: string) => string;
}

function status(u: User): VNode {
  if (u.resigned) return <span class="cs-tag bad">离职</span>;
  return u.active ? <span class="cs-tag on">已激活</span> : <span class="cs-tag off">未激活</span>;
}

export function DirectoryPage(v: DirectoryView): VNode {
  const base = paths.directory(v.corpId);
  const here = (q: Record<string, string | number | undefined>) =>
    withQuery(base, { dept: v.dept.deptId, ...q });
  const searching = Boolean(v.q);
  return (
    <div>
      <Title zh="通讯录" en="Directory" />
      <div class="cs-split">
        <section class="cs-panel left">
          <div class="small muted">
            {v.path.map((d, i) => (
              <span>
                {i > 0 && ' / '}
                <a href={withQuery(base, { dept: d.deptId })}>{d.name}</a>
              </span>
            ))}
          </div>
          <h2 style="margin-top:6px">
            {v.dept.name} <span class="en">dept {v.dept.deptId}</span>
          </h2>
          <div class="small muted">本部门成员 {v.members} 人</div>
          <div class="cs-tree" id="sub-departments" style="margin:8px 0">
            {v.children.length === 0 && <span class="muted small">无下级部门</span>}
            {v.children.map((ch) => (
              <a href={withQuery(base, { dept: ch.dept.deptId })}>
                {ch.subs > 0 ? '▸ ' : '· '}
                {ch.dept.name} <span class="muted small">({ch.members})</span>
              </a>
            ))}
          </div>
          <h3>添加子部门</h3>
          <form method="post" action={`${base}/departments`} class="cs-toolbar">
            <input type="hidden" name="parentId" value={String(v.dept.deptId)} />
            <input
              type="text"
              name="name"
              placeholder="部门名称"
              aria-label="子部门名称"
              required
              style="width:150px"
            />
            <button class="cs-btn small">添加</button>
          </form>
          {v.dept.deptId !== 1 && (
            <div>
              <h3>修改部门</h3>
              <form method="post" action={`${base}/departments/${v.dept.deptId}`} class="cs-vform">
                <input type="text" name="name" value={v.form('name', v.dept.name)} aria-label="部门名称" />
                <label class="block small">
                  上级部门 ID (move)
                  <input
                    type="number"
                    name="parentId"
                    value={v.form('parentId', String(v.dept.parentId))}
                    style="width:100%"
                  />
                </label>
                <label class="block small">
                  排序 order
                  <input
                    type="number"
                    name="order"
                    value={v.form('order', String(v.dept.order))}
                    style="width:100%"
                  />
                </label>
                <p>
                  <button class="cs-btn small primary">保存</button>
                </p>
              </form>
              <ConfirmButton
                action={`${base}/departments/${v.dept.deptId}/delete`}
                label="删除部门"
                question="只能删除没有成员、没有下级部门的部门。Remove this (empty) department?"
                danger
              />
            </div>
          )}
        </section>
        <section class="cs-panel right">
          <form method="get" action={base} class="cs-toolbar" role="search">
            <input type="hidden" name="dept" value={String(v.dept.deptId)} />
            <input
              type="search"
              name="q"
              value={v.q}
              placeholder="搜索姓名 / userid / 手机号（全组织）"
              aria-label="搜索成员"
              class="cs-search"
            />
            <label class="small">
              <input type="checkbox" name="resigned" value="1" checked={v.withResigned} /> 含离职
            </label>
            <button class="cs-btn">搜索</button>
            <span class="grow" />
            <a class="cs-btn primary" href={withQuery(`${base}/new-user`, { dept: v.dept.deptId })}>
              添加成员
            </a>
          </form>
          <div class="small muted" style="margin-bottom:6px">
            {searching ? `搜索「${v.q}」（全组织）` : `${v.dept.name} 的成员`}
            {v.total !== undefined ? `，共 ${v.total} 人` : ''}；第 {v.cursor + 1}–{v.cursor + v.users.length}{' '}
            条
          </div>
          <table class="cs-table" id="user-table">
            <thead>
              <tr>
                <th>姓名</th>
                <th>userid</th>
                <th>手机号</th>
                <th>职位</th>
                <th>部门</th>
                <th>状态</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {v.users.length === 0 && (
                <tr>
                  <td colSpan={7} class="cs-empty">
                    暂无内容
                  </td>
                </tr>
              )}
              {v.users.map((u) => (
                <tr data-userid={u.userid}>
                  <td>
                    {u.name} {u.admin && <span class="cs-tag dev">管理员</span>}
                  </td>
                  <td class="mono small">{u.userid}</td>
                  <td class="small">{u.mobile}</td>
                  <td class="small">{u.title}</td>
                  <td class="small">{u.deptIds.map(v.deptName).join('，')}</td>
                  <td>{status(u)}</td>
                  <td>
                    <a href={paths.user(v.corpId, u.userid)}>编辑</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="cs-pager">
            {v.cursor > 0 && (
              <a
                class="cs-btn small"
                href={here({
                  q: v.q,
                  resigned: v.withResigned ? '1' : undefined,
                  cursor: Math.max(0, v.cursor - v.pageSize),
                })}
              >
                上一页
              </a>
            )}
            {v.nextCursor !== null && (
              <a
                class="cs-btn small"
                href={here({ q: v.q, resigned: v.withResigned ? '1' : undefined, cursor: v.nextCursor })}
              >
                下一页
              </a>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}
