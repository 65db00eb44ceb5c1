/**
 * 基础信息 > 成员管理 — 应用可用范围 (docs/dingtalk/console-ui.md, 版本管理与发布: 全部员工 / 部分员工; 仅限管理员
 * and 仅我可见 shown, not simulated). Departments are picked from the tree (or by id on a very large
 * tenant), users by userid with a search that never lists the whole corp.
 */
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import type { Department, User } from '../../../domain/directory/directory.ts';
import { paths } from '../paths.ts';
import { Title } from '../widgets.tsx';

export interface DeptNode {
  dept: Department;
  depth: number;
}

export function MembersPage(p: {
  corpId: string;
  app: App;
  /** The department tree in order, or null when the tenant has too many to list. */
  tree: DeptNode[] | null;
  deptName: (id: number) => string | undefined;
  userName: (id: string) => string | undefined;
  q: string;
  found: User[];
  form: (name: string, current: string) => string;
}): VNode {
  const { app, corpId } = p;
  const base = paths.app(corpId, app.appKey, 'members');
  const range = app.visibleRange;
  const all = range.deptIds.length === 0 && range.userids.length === 0;
  const mode = p.form('mode', all ? 'all' : 'part');
  const deptIds = p.form('deptIds', range.deptIds.join(','));
  const selected = new Set(deptIds.split(',').filter(Boolean).map(Number));
  return (
    <div>
      <Title zh="成员管理" en="Members — visible range" />
      <section class="cs-panel">
        <h2>
          应用可用范围 ⓘ<span class="en">Who may open the app (X4)</span>
        </h2>
        <form class="cs-form" method="post" action={base}>
          <div class="row">
            <span class="label">可用范围</span>
            <div class="field">
              <label>
                <input type="radio" name="mode" value="all" checked={mode === 'all'} /> 全部员工
              </label>{' '}
              <label>
                <input type="radio" name="mode" value="part" checked={mode === 'part'} /> 部分员工
              </label>{' '}
              <label class="muted">
                <input type="radio" disabled /> 仅限管理员
              </label>{' '}
              <label class="muted">
                <input type="radio" disabled /> 仅我可见
              </label>
            </div>
          </div>
          <div class="row">
            <span class="label">部门</span>
            <div class="field">
              {p.tree ? (
                <div
                  class="cs-tree"
                  style="max-height:260px;overflow:auto;border:1px solid #e5e6eb;border-radius:6px;padding:6px 10px"
                >
                  {p.tree.map((n) => (
                    <label style={`display:block;padding-left:${n.depth * 18}px`}>
                      <input
                        type="checkbox"
                        name="deptIds"
                        value={String(n.dept.deptId)}
                        checked={selected.has(n.dept.deptId)}
                      />{' '}
                      {n.dept.name} <span class="muted small">{n.dept.deptId}</span>
                    </label>
                  ))}
                </div>
              ) : (
                <input type="text" name="deptIds" value={deptIds} aria-label="部门 ID" />
              )}
              <div class="help">
                选中部门及其下级部门的成员可以使用应用 (a department includes everything below it).
              </div>
            </div>
          </div>
          <div class="row">
            <label for="range-users">人员</label>
            <div class="field">
              <textarea id="range-users" name="userids" value={p.form('userids', range.userids.join(','))} />
              <div class="help">
                userid，多个用","分隔。当前：
                {range.userids.length === 0
                  ? '无'
                  : range.userids.map((u) => `${p.userName(u) ?? '（不存在）'} ${u}`).join('，')}
              </div>
            </div>
          </div>
          <div class="row">
            <span class="label" />
            <div class="field">
              <button class="cs-btn primary">保存</button>
            </div>
          </div>
        </form>
        <h3>
          查找人员<span class="en">Find users to add</span>
        </h3>
        <form method="get" action={base} class="cs-toolbar" role="search">
          <input
            type="search"
            name="q"
            value={p.q}
            placeholder="姓名 / userid / 手机号"
            aria-label="查找人员"
          />
          <button class="cs-btn">搜索</button>
        </form>
        {p.q && (
          <table class="cs-table">
            <tbody>
              {p.found.length === 0 && (
                <tr>
                  <td class="muted">暂无内容</td>
                </tr>
              )}
              {p.found.map((u) => (
                <tr>
                  <td>{u.name}</td>
                  <td class="mono">{u.userid}</td>
                  <td>{u.deptIds.map((d) => p.deptName(d) ?? d).join('，')}</td>
                  <td>
                    <button
                      type="button"
                      class="cs-btn small"
                      data-add-to="range-users"
                      data-value={u.userid}
                    >
                      添加
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p class="help">
          钉钉在「版本管理与发布」中设置应用可用范围并在发布后生效；沙箱保存后立即生效 (applied immediately in
          the sandbox).
        </p>
      </section>
    </div>
  );
}
