/** 通讯录 > 添加成员 / 编辑成员: one user's fields; 离职 (resigned) is a checkbox. */
import type { VNode } from 'preact';
import type { User } from '../../../domain/directory/directory.ts';
import { paths, withQuery } from '../paths.ts';
import { ConfirmButton, Title } from '../widgets.tsx';

/** Add or edit one user; 离职 (resigned) is a checkbox: they vanish from listings, lookups answer 60121. */
export function UserFormPage(p: {
  corpId: string;
  user?: User;
  defaultDept: number;
  deptName: (id: number) => string;
  form: (name: string, current: string) => string;
}): VNode {
  const u = p.user;
  const base = paths.directory(p.corpId);
  const action = u ? paths.user(p.corpId, u.userid) : `${base}/new-user`;
  const text = (name: string, label: string, current: string, extra: Record<string, unknown> = {}) => (
    <div class="row">
      <label for={`user-${name}`}>{label}</label>
      <div class="field">
        <input id={`user-${name}`} type="text" name={name} value={p.form(name, current)} {...extra} />
      </div>
    </div>
  );
  const check = (name: string, label: string, current: boolean) => (
    <label style="margin-right:16px">
      <input type="checkbox" name={name} value="on" checked={p.form(name, current ? 'on' : '') === 'on'} />{' '}
      {label}
    </label>
  );
  return (
    <div>
      <Title zh={u ? `编辑成员 · ${u.name}` : '添加成员'} en={u ? u.userid : 'New user'} />
      <section class="cs-panel">
        <form class="cs-form" method="post" action={action}>
          {!u && text('userid', 'userid（可选）', '', { placeholder: '留空自动生成' })}
          {text('name', '* 姓名', u?.name ?? '', { required: true })}
          {text('mobile', '手机号', u?.mobile ?? '')}
          {text('title', '职位', u?.title ?? '')}
          {text('email', '邮箱', u?.email ?? '')}
          {text('jobNumber', '工号', u?.jobNumber ?? '')}
          {text('workPlace', '办公地点', u?.workPlace ?? '')}
          <div class="row">
            <label for="user-deptIds">* 部门 ID</label>
            <div class="field">
              <input
                id="user-deptIds"
                type="text"
                name="deptIds"
                value={p.form('deptIds', (u?.deptIds ?? [p.defaultDept]).join(','))}
              />
              <div class="help">
                多个用","分隔。当前：
                {(u?.deptIds ?? [p.defaultDept]).map((d) => `${p.deptName(d)} (${d})`).join('，')}
              </div>
            </div>
          </div>
          {text('managerUserid', '直属主管 userid', u?.managerUserid ?? '')}
          <div class="row">
            <label for="user-extension">扩展属性</label>
            <div class="field">
              <input
                id="user-extension"
                type="text"
                name="extension"
                value={p.form('extension', u?.extension ?? '')}
                placeholder='{"爱好":"旅游"}'
              />
              <div class="help">
                JSON 对象，值为文本，最多 2000 字符；留空即无
                <span class="en">extension: a JSON object of text values, as DingTalk takes it</span>
              </div>
            </div>
          </div>
          <div class="row">
            <span class="label">状态</span>
            <div class="field">
              {check('active', '已激活', u?.active ?? true)}
              {check('admin', '管理员', u?.admin ?? false)}
              {check('boss', '老板', u?.boss ?? false)}
              {check('resigned', '离职 (resigned)', u?.resigned ?? false)}
            </div>
          </div>
          <div class="row">
            <span class="label" />
            <div class="field">
              <button class="cs-btn primary">保存</button>{' '}
              <a class="cs-btn" href={withQuery(base, { dept: u?.deptIds[0] ?? p.defaultDept })}>
                取消
              </a>
            </div>
          </div>
        </form>
        {u && (
          <ConfirmButton
            action={`${paths.user(p.corpId, u.userid)}/delete`}
            label="删除成员"
            question="从通讯录中删除（不同于离职：删除后 userid 不再存在）。Remove this user entirely?"
            danger
          />
        )}
      </section>
    </div>
  );
}
