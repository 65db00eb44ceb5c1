/** 管理员设置: the index, 系统管理 > 登录设置, 用户管理 > 用户, and the system backend (管理后台). */
import type { BiUser } from '../db/users.ts';
import { fmtTime, Layout, Notice, type Chrome } from './layout.tsx';

export function AdminHomePage(props: { chrome: Chrome }) {
  return (
    <Layout title="管理员设置" chrome={props.chrome}>
      <h1>管理员设置</h1>
      <div class="tiles">
        <section class="card">
          <h2>系统集成</h2>
          {props.chrome.dingtalkFeature ? (
            <a href="/admin/integrations/dingtalk">钉钉</a>
          ) : (
            <p class="muted">没有可用的集成。钉钉集成需在管理后台（system-backend）中打开功能开关。</p>
          )}
        </section>
        <section class="card">
          <h2>系统管理</h2>
          <a href="/admin/login-settings">登录设置</a>
        </section>
        <section class="card">
          <h2>用户管理</h2>
          <a href="/admin/users">用户</a>
          {props.chrome.dingtalkFeature && (
            <>
              {' · '}
              <a href="/admin/sync">账户同步</a>
            </>
          )}
        </section>
        <section class="card">
          <h2>订阅预警</h2>
          <a href="/admin/subscriptions">订阅</a> · <a href="/admin/alerts">预警</a>
        </section>
      </div>
    </Layout>
  );
}

export function LoginSettingsPage(props: {
  chrome: Chrome;
  method: 'password' | 'dingtalk';
  dingtalkReady: boolean;
  error?: string;
}) {
  return (
    <Layout title="登录设置" chrome={props.chrome}>
      <p class="crumbs">管理员设置 &gt; 系统管理 &gt; 登录设置</p>
      <h1>登录设置</h1>
      {props.error && <Notice tone="error">{props.error}</Notice>}
      <form method="post" action="/admin/login-settings" class="stack card">
        <fieldset>
          <legend>默认登录方式</legend>
          <label class="choice">
            <input type="radio" name="method" value="password" checked={props.method === 'password'} />{' '}
            账号密码
          </label>
          <label class="choice">
            <input
              type="radio"
              name="method"
              value="dingtalk"
              checked={props.method === 'dingtalk'}
              disabled={!props.dingtalkReady && props.method !== 'dingtalk'}
            />{' '}
            钉钉
          </label>
        </fieldset>
        {!props.dingtalkReady && <p class="muted">需先在 系统集成 &gt; 钉钉 中配置并开启钉钉。</p>}
        <p class="muted">
          默认登录方式为钉钉时，登录页直接跳转钉钉扫码；账号密码登录仍可通过 /login?method=password 使用。
        </p>
        <button type="submit">保存</button>
      </form>
    </Layout>
  );
}

export function UsersPage(props: { chrome: Chrome; users: BiUser[]; error?: string }) {
  return (
    <Layout title="用户" chrome={props.chrome} wide>
      <p class="crumbs">管理员设置 &gt; 用户管理 &gt; 用户</p>
      <h1>用户</h1>
      {props.error && <Notice tone="error">{props.error}</Notice>}
      <table class="grid" id="users">
        <thead>
          <tr>
            <th>用户名</th>
            <th>姓名</th>
            <th>角色</th>
            <th>钉钉账号</th>
            <th>来源</th>
            <th>状态</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr data-username={u.username}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{u.role === 'admin' ? '管理员' : '用户'}</td>
              <td>
                <form method="post" action={`/admin/users/${u.id}/dingtalk`} class="inline">
                  <input
                    name="dingtalkUserid"
                    value={u.dingtalkUserid ?? ''}
                    placeholder="钉钉 UserID"
                    aria-label={`${u.username} 的钉钉账号`}
                  />
                  <button type="submit">保存</button>
                </form>
              </td>
              <td>{u.source === 'dingtalk' ? '账户同步' : '本地'}</td>
              <td>{u.active ? '正常' : '已停用'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section class="card">
        <h2>新建用户</h2>
        <form method="post" action="/admin/users" class="inline">
          <label>
            用户名
            <input name="username" required />
          </label>
          <label>
            姓名
            <input name="displayName" required />
          </label>
          <label>
            密码
            <input
              name="password"
              type="password"
              autocomplete="new-password"
              placeholder="留空则仅能钉钉登录"
            />
          </label>
          <label>
            角色
            <select name="role">
              <option value="user">用户</option>
              <option value="admin">管理员</option>
            </select>
          </label>
          <label>
            钉钉账号
            <input name="dingtalkUserid" placeholder="钉钉 UserID" />
          </label>
          <button type="submit">创建</button>
        </form>
      </section>
    </Layout>
  );
}

export function SystemBackendPage(props: {
  chrome: Chrome;
  dingtalkFeature: boolean;
  now: number;
  offsetMs: number;
}) {
  return (
    <Layout title="管理后台" chrome={props.chrome}>
      <p class="crumbs">管理后台（system-backend）</p>
      <h1>管理后台</h1>
      <section class="card">
        <h2>功能开关</h2>
        <form method="post" action="/system-backend/features" class="inline">
          <label class="switch">
            <input
              type="checkbox"
              name="dingtalk"
              value="on"
              checked={props.dingtalkFeature}
              id="feature-dingtalk"
            />
            钉钉集成（显示 管理员设置 &gt; 系统集成 &gt; 钉钉）
          </label>
          <button type="submit" id="save-features">
            保存
          </button>
        </form>
      </section>
      <section class="card">
        <h2>系统时钟与定时任务</h2>
        <p>
          BI 当前时间：<strong id="bi-now">{fmtTime(props.now)}</strong>（偏移{' '}
          {Math.round(props.offsetMs / 1000)} 秒）
        </p>
        <form method="post" action="/system-backend/clock" class="inline">
          <label>
            拨快（秒）
            <input name="advanceSeconds" type="number" value="3600" />
          </label>
          <button type="submit">拨快时钟</button>
        </form>
        <form method="post" action="/system-backend/jobs/run" class="inline">
          <button type="submit">立即执行到期的订阅与预警</button>
        </form>
      </section>
    </Layout>
  );
}
